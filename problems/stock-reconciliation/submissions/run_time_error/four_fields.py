# Reads the ledger line by line and unpacks four fields: a VOID line has three (ValueError).
import sys

lines = sys.stdin.read().split("\n")
pos = 0
expected = {}
n = int(lines[pos]); pos += 1
for line in lines[pos : pos + n]:
    sku, qty = line.split()
    expected[sku] = int(qty)
pos += n
m = int(lines[pos]); pos += 1
for line in lines[pos : pos + m]:
    entry, kind, sku, qty = line.split()
    expected[sku] = expected.get(sku, 0) + (-int(qty) if kind == "SHIP" else int(qty))
pos += m
k = int(lines[pos]); pos += 1
counted = dict((s, int(q)) for s, q in (line.split() for line in lines[pos : pos + k]))
rows = sorted((-abs(counted.get(s, 0) - expected.get(s, 0)), s) for s in expected.keys() | counted.keys()
              if counted.get(s, 0) != expected.get(s, 0))
for key, s in rows:
    print(s, expected.get(s, 0), counted.get(s, 0), counted.get(s, 0) - expected.get(s, 0))
print("TOTAL", len(rows), sum(-r[0] for r in rows))
