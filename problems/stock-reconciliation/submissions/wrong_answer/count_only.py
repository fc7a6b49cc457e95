# Walks the physical count only: a SKU the system expects but nobody counted (counted 0) is missed.
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
live = {}
for _ in range(int(take())):
    entry, kind = take(), take()
    if kind == "VOID":
        sku, delta = live.pop(take())
        expected[sku] -= delta
        continue
    sku, qty = take(), int(take())
    delta = -qty if kind == "SHIP" else qty
    live[entry] = (sku, delta)
    expected[sku] = expected.get(sku, 0) + delta
rows = []
for _ in range(int(take())):
    sku, counted = take(), int(take())
    e = expected.get(sku, 0)
    if counted != e:
        rows.append((-abs(counted - e), sku, e, counted, counted - e))
rows.sort()
for _, sku, e, c, d in rows:
    print(sku, e, c, d)
print("TOTAL", len(rows), sum(-r[0] for r in rows))
