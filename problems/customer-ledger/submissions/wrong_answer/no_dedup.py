# Ignores event_id: a redelivered refund is subtracted twice.
import json
import sys

orders, cancelled, refunds = {}, set(), {}
for line in sys.stdin.buffer:
    if not line.strip():
        continue
    e = json.loads(line)
    if e["type"] == "order_placed":
        total = sum(i["qty"] * i["price_cents"] for i in e["items"]) + e.get("shipping_cents", 0)
        orders[e["order_id"]] = (e["customer"]["id"], e["customer"]["name"], e["ts"], total)
    elif e["type"] == "order_cancelled":
        cancelled.add(e["order_id"])
    elif e["type"] == "refund_issued":
        refunds[e["order_id"]] = refunds.get(e["order_id"], 0) + e["amount_cents"]
customers = {}
for oid, (cid, name, ts, total) in orders.items():
    if oid in cancelled:
        continue
    c = customers.setdefault(cid, {"orders": 0, "net": 0, "ts": "", "name": ""})
    c["orders"] += 1
    c["net"] += total - refunds.get(oid, 0)
    if ts > c["ts"]:
        c["ts"], c["name"] = ts, name
report = [{"customer_id": k, "name": c["name"], "orders": c["orders"], "net_cents": c["net"]}
          for k, c in sorted(customers.items(), key=lambda kv: (-kv[1]["net"], kv[0]))]
sys.stdout.buffer.write(json.dumps(report).encode() + b"\n")
