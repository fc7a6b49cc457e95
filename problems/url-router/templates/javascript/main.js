const lines = require("fs").readFileSync(0, "utf8").split("\n");
let i = 0;
const r = Number(lines[i++]);
const routes = [];
for (let k = 0; k < r; k++) {
  const [method, pattern, name] = lines[i++].split(" ");
  routes.push({ method, pattern, name });
}
const q = Number(lines[i++]);
const out = [];
for (let k = 0; k < q; k++) {
  const [method, path] = lines[i++].split(" ");
  out.push("404"); // TODO: find the most specific route of this method, or 405 / 404
}
console.log(out.join("\n"));
