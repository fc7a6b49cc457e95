const tokens = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
let pos = 0;
const next = () => tokens[pos++];

const n = Number(next());
for (let i = 0; i < n; i++) {
  const sku = next(), qty = Number(next());
  // TODO: opening stock
}
const m = Number(next());
for (let i = 0; i < m; i++) {
  const id = next(), kind = next(), arg = next(); // arg: the SKU, or the target of a VOID
  if (kind !== "VOID") {
    const qty = Number(next()); // "+5", "-3" for ADJUST
    // TODO: book the entry
  }
}
const k = Number(next());
for (let i = 0; i < k; i++) {
  const sku = next(), qty = Number(next());
  // TODO: physical count
}
console.log("TOTAL 0 0");
