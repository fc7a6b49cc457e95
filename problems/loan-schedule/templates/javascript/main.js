const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const t = Number(data[0]);
const out = [];
for (let i = 0; i < t; i++) {
  const [p, rate, n, m] = data.slice(1 + 4 * i, 5 + 4 * i).map(Number);
  let payment = 0, balance = 0, paidInterest = 0, totalInterest = 0;
  // TODO: your solution here
  out.push([payment, balance, paidInterest, totalInterest].map((x) => x.toFixed(6)).join(" "));
}
console.log(out.join("\n"));
