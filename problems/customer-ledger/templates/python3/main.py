import json
import sys


def main() -> None:
    report = []
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        event = json.loads(line)
        # TODO: skip redelivered events (same event_id), then handle event["type"]
    # TODO: build one {"customer_id", "name", "orders", "net_cents"} object per customer, sorted
    sys.stdout.buffer.write(json.dumps(report, ensure_ascii=False).encode() + b"\n")


if __name__ == "__main__":
    main()
