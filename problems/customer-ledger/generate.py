#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/customer-ledger/generate.py"""

import json
import random
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "ledger.py"
NAMES = ["Ada Lovelace", "Grace Hopper", "Zoë Müller", "Linus Ødegaard", "李雷", "Amélie Dubois",
         "José García", "Nguyễn Văn An", "Aisha Khan", "O'Brien & Sons Ltd", 'Bob "Bobby" Tables',
         "Priya Natarajan", "Søren Kierkegaard", "Ana-Maria Popescu", "Kwame Mensah", "Yuki Tanaka"]
SKUS = [("DOCK-1", 18900), ("CBL-USBC-2M", 1299), ("MON-27-4K", 32900), ("KBD-PRO-US", 12950),
        ("MSE-01", 2499), ("HDST-NC", 8999), ("CAM-1080", 5900), ("LPT-14", 129900), ("SVC-1Y", 9900)]


def stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def dump(event: dict, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.7:
        return json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    if style < 0.9:
        return json.dumps(event, ensure_ascii=True)  # \u escapes
    keys = list(event)
    rng.shuffle(keys)
    return json.dumps({k: event[k] for k in keys}, ensure_ascii=False, separators=(", ", ": "))


def stream(rng: random.Random, customers: int, orders: int, *, cancel: float = 0.08, refund: float = 0.07,
           dup: float = 0.05, shuffle: int = 3, noise: float = 0.05, cancel_all: bool = False) -> str:
    people = []
    for index in range(customers):
        name = rng.choice(NAMES)
        people.append({"id": f"c-{rng.randint(1, 99999):05d}" if customers > 5 else f"c-{index + 1:05d}",
                       "names": [name, name, name + " (" + rng.choice(["work", "home"]) + ")"],
                       "tier": rng.choice(["basic", "silver", "gold"])})
    ids = {p["id"] for p in people}
    people = [p for p in people if p["id"] in ids and not ids.discard(p["id"])]  # unique ids
    t = datetime(2024, 3, 1, 8, 0, 0) + timedelta(minutes=rng.randint(0, 10000))
    events: list[tuple[datetime, dict]] = []
    serial = rng.randint(100000, 500000)
    counter = [rng.randint(1, 10**6)]

    def event_id() -> str:
        counter[0] += rng.randint(1, 50)
        return f"evt-{counter[0]:08x}"

    for _ in range(orders):
        t += timedelta(seconds=rng.randint(1, 900))
        serial += rng.randint(1, 4)
        person = rng.choice(people)
        items = []
        for sku, price in rng.sample(SKUS, rng.randint(0 if rng.random() < 0.03 else 1, 4)):
            items.append({"sku": sku, "qty": rng.randint(1, 5), "price_cents": price - rng.choice([0, 0, 100, 1000])})
        placed = {
            "event_id": event_id(), "type": "order_placed", "ts": stamp(t), "order_id": f"o-{serial}",
            "customer": {"id": person["id"], "name": rng.choice(person["names"]), "tier": person["tier"],
                         "email": f"user{serial % 977}@example.com"},
            "items": items,
            "meta": {"channel": rng.choice(["web", "ios", "android", "b2b-api"]), "coupon": None},
        }
        if rng.random() < 0.7:
            placed["shipping_cents"] = rng.choice([0, 499, 999, 2500])
        events.append((t, placed))
        total = sum(i["qty"] * i["price_cents"] for i in items) + placed.get("shipping_cents", 0)
        later = t + timedelta(seconds=rng.randint(30, 5000))
        if cancel_all or rng.random() < cancel:
            events.append((later, {"event_id": event_id(), "type": "order_cancelled", "ts": stamp(later),
                                   "order_id": f"o-{serial}", "reason": rng.choice(["customer", "fraud", "stock"])}))
            if rng.random() < 0.3 and total:
                # Refunds of a cancelled order do not count either.
                events.append((later, {"event_id": event_id(), "type": "refund_issued", "ts": stamp(later),
                                       "order_id": f"o-{serial}", "amount_cents": total}))
        elif rng.random() < refund and total:
            for _ in range(rng.randint(1, 2)):
                amount = rng.randint(1, max(1, total // 2))
                events.append((later, {"event_id": event_id(), "type": "refund_issued", "ts": stamp(later),
                                       "order_id": f"o-{serial}", "amount_cents": amount}))
                later += timedelta(seconds=rng.randint(1, 600))
        if rng.random() < noise:
            events.append((t, {"event_id": event_id(), "type": rng.choice(["order_viewed", "payment_authorized"]),
                               "ts": stamp(t), "order_id": f"o-{serial}", "amount_cents": total}))
    events.sort(key=lambda e: e[0])
    delivered = [e for _, e in events]
    for _ in range(len(delivered) * shuffle // 10):  # delivery is only roughly in time order
        i = rng.randrange(len(delivered))
        j = min(len(delivered) - 1, i + rng.randint(1, 8))
        delivered[i], delivered[j] = delivered[j], delivered[i]
    lines = []
    for e in delivered:
        lines.append(dump(e, rng))
        if rng.random() < dup:
            lines.insert(rng.randint(max(0, len(lines) - 30), len(lines)), dump(e, rng))  # redelivery
    return "\n".join(lines) + "\n"


def tests() -> list[str]:
    rng = random.Random(5001)
    out = []
    out.append(stream(rng, 2, 4, dup=0.3))
    out.append(stream(rng, 1, 3, cancel_all=True))  # nothing left: []
    out.append(stream(rng, 12, 80, cancel=0.2, refund=0.2, dup=0.15))
    out.append(stream(rng, 60, 600, shuffle=6))
    out.append(stream(rng, 300, 1200, dup=0.1))
    out.append(stream(rng, 700, 1800, cancel=0.05, refund=0.1, dup=0.08, shuffle=8))
    # Equal net amounts: sorted by customer id.
    lines = []
    for index, cid in enumerate(["c-00300", "c-00020", "c-00100", "c-00004"]):
        ts = f"2024-06-0{index + 1}T12:00:00Z"
        lines.append(json.dumps({"event_id": f"evt-t{index}", "type": "order_placed", "ts": ts,
                                 "order_id": f"o-t{index}", "customer": {"id": cid, "name": NAMES[index]},
                                 "items": [{"sku": "MSE-01", "qty": 2, "price_cents": 2499}], "shipping_cents": 2}))
    out.append("\n".join(lines) + "\n")
    return out


def main() -> None:
    secret = HERE / "tests" / "secret" / "main"
    secret.mkdir(parents=True, exist_ok=True)
    for old in secret.glob("*"):
        old.unlink()
    cases = tests()
    for number, text in enumerate(cases, 1):
        (secret / f"{number:02d}.in").write_bytes(text.encode())
    for inp in sorted((HERE / "tests").rglob("*.in")):
        with inp.open("rb") as stdin:
            answer = subprocess.run([sys.executable, str(SOLUTION)], stdin=stdin, capture_output=True, check=True)
        inp.with_suffix(".ans").write_bytes(answer.stdout)
    print(f"wrote {len(cases)} secret tests")


if __name__ == "__main__":
    main()
