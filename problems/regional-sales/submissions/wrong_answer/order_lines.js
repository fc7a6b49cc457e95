// Counts order LINES instead of distinct orders per region (and sums money in floating point,
// which happens to survive toFixed(2) at these sizes).
const lines = require("fs").readFileSync(0, "utf8").split(/\r?\n/).slice(1).filter(Boolean);
function fields(line) {
  const out = [""];
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) out.push("");
    else out[out.length - 1] += ch;
  }
  return out;
}
const seen = new Set(), orders = new Set(), regions = new Map();
for (const line of lines) {
  const [id, , region, product, quantity, price] = fields(line);
  if (seen.has(id + "\u0000" + product)) continue;
  seen.add(id + "\u0000" + product);
  if (!regions.has(region)) regions.set(region, { lines: 0, units: 0, revenue: 0 });
  const r = regions.get(region);
  r.lines += 1;
  r.units += Number(quantity);
  r.revenue += Number(quantity) * Number(price);
  orders.add(id);
}
const rows = [...regions.entries()].sort((a, b) => b[1].revenue - a[1].revenue || (a[0] < b[0] ? -1 : 1));
let units = 0, revenue = 0;
for (const [name, r] of rows) {
  console.log(`${name},${r.lines},${r.units},${r.revenue.toFixed(2)}`);
  units += r.units;
  revenue += r.revenue;
}
console.log(`TOTAL,${orders.size},${units},${revenue.toFixed(2)}`);
