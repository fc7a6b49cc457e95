// Uses the annual rate as the monthly rate (forgets to divide by 12).
const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const t = Number(data[0]);
const out = [];
for (let i = 0; i < t; i++) {
  const p = Number(data[1 + 4 * i]), r = Number(data[2 + 4 * i]) / 100;
  const n = Number(data[3 + 4 * i]), m = Number(data[4 + 4 * i]);
  let payment, balance;
  if (r === 0) {
    payment = p / n;
    balance = p - payment * m;
  } else {
    const g = Math.pow(1 + r, m);
    payment = (p * r) / (1 - Math.pow(1 + r, -n));
    balance = p * g - (payment * (g - 1)) / r;
  }
  out.push([payment, balance, payment * m - (p - balance), payment * n - p].map((x) => x.toFixed(6)).join(" "));
}
console.log(out.join("\n"));
