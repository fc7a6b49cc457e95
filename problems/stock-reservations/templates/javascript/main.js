const lines = require("fs").readFileSync(0, "utf8").split("\n");
let at = 0;
const s = Number(lines[at++]);
const onHand = new Map();
for (let i = 0; i < s; i++) {
  const [sku, units] = lines[at++].split(" ");
  onHand.set(sku, Number(units));
}
const q = Number(lines[at++]);
const out = [];
for (let i = 0; i < q; i++) {
  const [verb, key, ...args] = lines[at++].split(" ");
  out.push("ERROR not implemented"); // TODO: RESERVE / COMMIT / RELEASE / RESTOCK, with idempotency keys
}
out.push("STOCK");
for (const sku of [...onHand.keys()].sort()) out.push(`${sku} ${onHand.get(sku)} 0 ${onHand.get(sku)}`);
console.log(out.join("\n"));
