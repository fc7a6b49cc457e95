# Parses the CSV correctly but counts the duplicated lines of retried exports.
import csv
import sys

rows = csv.reader(sys.stdin.read().splitlines())
next(rows)
regions = {}
orders = set()
for order_id, _date, region, product, quantity, price in rows:
    whole, frac = price.split(".")
    entry = regions.setdefault(region, [set(), 0, 0])
    entry[0].add(order_id)
    entry[1] += int(quantity)
    entry[2] += int(quantity) * (int(whole) * 100 + int(frac))
    orders.add(order_id)


def money(c):
    return ("-" if c < 0 else "") + f"{abs(c) // 100}.{abs(c) % 100:02d}"


for region, (o, u, r) in sorted(regions.items(), key=lambda kv: (-kv[1][2], kv[0])):
    print(f"{region},{len(o)},{u},{money(r)}")
print(f"TOTAL,{len(orders)},{sum(e[1] for e in regions.values())},{money(sum(e[2] for e in regions.values()))}")
