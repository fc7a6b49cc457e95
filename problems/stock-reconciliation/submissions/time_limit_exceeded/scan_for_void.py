# Keeps the ledger as a list and finds the target of each VOID by scanning it: O(m^2).
import sys

tokens = sys.stdin.read().split()
pos = 0


def take():
    global pos
    pos += 1
    return tokens[pos - 1]


expected = {}
for _ in range(int(take())):
    sku = take()
    expected[sku] = int(take())
ledger = []
for _ in range(int(take())):
    entry, kind = take(), take()
    if kind == "VOID":
        target = take()
        for i, (eid, sku, delta) in enumerate(ledger):
            if eid == target:
                expected[sku] -= delta
                del ledger[i]
                break
        continue
    sku, qty = take(), int(take())
    delta = -qty if kind == "SHIP" else qty
    ledger.append((entry, sku, delta))
    expected[sku] = expected.get(sku, 0) + delta
counted = {}
for _ in range(int(take())):
    sku = take()
    counted[sku] = int(take())
rows = []
for sku in expected.keys() | counted.keys():
    d = counted.get(sku, 0) - expected.get(sku, 0)
    if d:
        rows.append((-abs(d), sku, expected.get(sku, 0), counted.get(sku, 0), d))
rows.sort()
for _, sku, e, c, d in rows:
    print(sku, e, c, d)
print("TOTAL", len(rows), sum(-r[0] for r in rows))
