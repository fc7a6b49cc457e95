const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
let at = 0;
const e = Number(data[at++]), s = Number(data[at++]);
const engineers = []; // { name, limit, shifts }
for (let i = 0; i < e; i++) {
  const name = data[at++], limit = Number(data[at++]), k = Number(data[at++]);
  engineers.push({ name, limit, shifts: data.slice(at, at + k).map(Number) });
  at += k;
}
// TODO: one engineer per shift, each available for it and within their limit; or IMPOSSIBLE
console.log("IMPOSSIBLE");
