# Splits lines on "," without CSV quoting rules: a product name with a comma shifts the fields,
# and int() of a product name raises ValueError.
import sys

lines = sys.stdin.read().splitlines()[1:]
seen = set()
regions = {}
orders = set()
for line in lines:
    order_id, _date, region, product, quantity, price = line.split(",")[:6]
    if (order_id, product) in seen:
        continue
    seen.add((order_id, product))
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
