import json
import sys


def main() -> None:
    seen: set[str] = set()
    orders: dict[str, dict] = {}  # order id -> {customer, name, ts, total}
    cancelled: set[str] = set()
    refunds: dict[str, int] = {}
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        event = json.loads(line)
        if event["event_id"] in seen:
            continue  # at-least-once delivery: a redelivered event
        seen.add(event["event_id"])
        kind = event["type"]
        if kind == "order_placed":
            total = sum(item["qty"] * item["price_cents"] for item in event["items"])
            orders[event["order_id"]] = {
                "customer": event["customer"]["id"],
                "name": event["customer"]["name"],
                "ts": event["ts"],
                "total": total + event.get("shipping_cents", 0),
            }
        elif kind == "order_cancelled":
            cancelled.add(event["order_id"])
        elif kind == "refund_issued":
            refunds[event["order_id"]] = refunds.get(event["order_id"], 0) + event["amount_cents"]
    customers: dict[str, dict] = {}
    for order_id, order in orders.items():
        if order_id in cancelled:
            continue
        c = customers.setdefault(order["customer"], {"orders": 0, "net": 0, "ts": "", "name": ""})
        c["orders"] += 1
        c["net"] += order["total"] - refunds.get(order_id, 0)
        if order["ts"] > c["ts"]:
            c["ts"], c["name"] = order["ts"], order["name"]
    report = [
        {"customer_id": cid, "name": c["name"], "orders": c["orders"], "net_cents": c["net"]}
        for cid, c in sorted(customers.items(), key=lambda kv: (-kv[1]["net"], kv[0]))
    ]
    sys.stdout.buffer.write(json.dumps(report, ensure_ascii=False, indent=2).encode() + b"\n")


main()
