const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean).map(Number);
const MOD = 1000000007;
let at = 0;
const n = data[at++], m = data[at++];
const roads = [];
for (let i = 0; i < m; i++) roads.push([data[at++], data[at++], data[at++]]); // from, to, minutes
const k = data[at++];
const customers = data.slice(at, at + k);
// TODO: the fewest minutes from city 1 to each customer, and the number of such routes modulo MOD
// (mind that a product or sum past 2^53 loses precision in a Number)
console.log(customers.map(() => "-1 0").join("\n"));
