const lines = require("fs").readFileSync(0, "utf8").split("\n");
const m = Number(lines[0]);
const quotes = lines.slice(1, 1 + m).map((line) => {
  const [from, to, rate] = line.split(" ");
  return { from, to, rate: Number(rate) };
});
const q = Number(lines[1 + m]);
const queries = lines.slice(2 + m, 2 + m + q).map((line) => line.split(" "));
// TODO: ARBITRAGE if a cycle gains money; else the best rate per query, 1 for a currency to itself, -1 if none
console.log(queries.map(() => "-1").join("\n"));
