const lines = require("fs").readFileSync(0, "utf8").split("\n");
const seen = new Set();
const orders = new Map();
const cancelled = new Set();
const refunds = new Map();
for (const line of lines) {
  if (!line.trim()) continue;
  const e = JSON.parse(line);
  if (seen.has(e.event_id)) continue;
  seen.add(e.event_id);
  if (e.type === "order_placed") {
    let total = e.shipping_cents ?? 0;
    for (const item of e.items) total += item.qty * item.price_cents;
    orders.set(e.order_id, { customer: e.customer.id, name: e.customer.name, ts: e.ts, total });
  } else if (e.type === "order_cancelled") {
    cancelled.add(e.order_id);
  } else if (e.type === "refund_issued") {
    refunds.set(e.order_id, (refunds.get(e.order_id) ?? 0) + e.amount_cents);
  }
}
const customers = new Map();
for (const [id, o] of orders) {
  if (cancelled.has(id)) continue;
  if (!customers.has(o.customer)) customers.set(o.customer, { orders: 0, net: 0, ts: "", name: "" });
  const c = customers.get(o.customer);
  c.orders += 1;
  c.net += o.total - (refunds.get(id) ?? 0);
  if (o.ts > c.ts) { c.ts = o.ts; c.name = o.name; }
}
const report = [...customers.entries()]
  .sort((a, b) => b[1].net - a[1].net || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  .map(([id, c]) => ({ customer_id: id, name: c.name, orders: c.orders, net_cents: c.net }));
process.stdout.write(JSON.stringify(report) + "\n");
