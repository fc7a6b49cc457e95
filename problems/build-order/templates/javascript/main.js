const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const n = Number(data[0]), m = Number(data[1]);
const names = data.slice(2, 2 + n);
const deps = []; // [a, b]: a needs b
for (let k = 0; k < m; k++) deps.push([data[2 + n + 2 * k], data[3 + n + 2 * k]]);
// TODO: print a build order, one name per line, or CYCLE and the targets of a cycle
console.log(names.join("\n"));
