// Checks a reservation against the units on hand, forgetting what other orders already hold:
// two orders can then be promised the same last lamp.
const lines = require("fs").readFileSync(0, "utf8").split("\n");
let at = 0;
const s = Number(lines[at++]);
const onHand = new Map(), reserved = new Map();
for (let i = 0; i < s; i++) {
  const [sku, units] = lines[at++].split(" ");
  onHand.set(sku, Number(units));
  reserved.set(sku, 0);
}
const orders = new Map(), closed = new Set(), keys = new Map(), out = [];

function execute(verb, args) {
  if (verb === "RESTOCK") {
    const [sku, units] = [args[0], Number(args[1])];
    onHand.set(sku, (onHand.get(sku) || 0) + units);
    if (!reserved.has(sku)) reserved.set(sku, 0);
    return `OK ${onHand.get(sku)}`;
  }
  const order = args[0];
  if (closed.has(order)) return "ERROR order closed";
  if (verb === "RESERVE") {
    const [sku, units] = [args[1], Number(args[2])];
    if (!onHand.has(sku)) return "ERROR unknown sku";
    const available = onHand.get(sku);
    if (available < units) return `REJECTED ${available}`;
    reserved.set(sku, reserved.get(sku) + units);
    if (!orders.has(order)) orders.set(order, new Map());
    const held = orders.get(order);
    held.set(sku, (held.get(sku) || 0) + units);
    return "OK";
  }
  if (!orders.has(order)) return "ERROR unknown order";
  const held = orders.get(order);
  orders.delete(order);
  closed.add(order);
  let total = 0;
  for (const [sku, units] of held) {
    reserved.set(sku, reserved.get(sku) - units);
    if (verb === "COMMIT") onHand.set(sku, onHand.get(sku) - units);
    total += units;
  }
  return `OK ${total}`;
}

const q = Number(lines[at++]);
for (let i = 0; i < q; i++) {
  const [verb, key, ...args] = lines[at++].split(" ");
  const request = [verb, ...args].join(" ");
  if (keys.has(key)) {
    const [seen, result] = keys.get(key);
    out.push(seen === request ? `REPLAY ${result}` : "CONFLICT");
    continue;
  }
  const result = execute(verb, args);
  keys.set(key, [request, result]);
  out.push(result);
}
out.push("STOCK");
for (const sku of [...onHand.keys()].sort()) {
  out.push(`${sku} ${onHand.get(sku)} ${reserved.get(sku)} ${onHand.get(sku) - reserved.get(sku)}`);
}
console.log(out.join("\n"));
