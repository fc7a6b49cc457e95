const lines = require("fs").readFileSync(0, "utf8").split("\n");
const report = [];
for (const line of lines) {
  if (!line.trim()) continue;
  const event = JSON.parse(line);
  // TODO: skip redelivered events (same event_id), then handle event.type
}
// TODO: build one {customer_id, name, orders, net_cents} object per customer, sorted
console.log(JSON.stringify(report));
