import csv
import sys


def cents(price: str) -> int:
    whole, frac = price.split(".")
    return int(whole) * 100 + int(frac)


def money(c: int) -> str:
    sign = "-" if c < 0 else ""
    c = abs(c)
    return f"{sign}{c // 100}.{c % 100:02d}"


def main() -> None:
    rows = csv.reader(sys.stdin.read().splitlines())
    next(rows)  # header
    seen: set[tuple[str, str]] = set()
    regions: dict[str, list] = {}  # region -> [order ids, units, cents]
    all_orders: set[str] = set()
    for order_id, _date, region, product, quantity, unit_price in rows:
        if (order_id, product) in seen:
            continue
        seen.add((order_id, product))
        entry = regions.setdefault(region, [set(), 0, 0])
        entry[0].add(order_id)
        entry[1] += int(quantity)
        entry[2] += int(quantity) * cents(unit_price)
        all_orders.add(order_id)
    out = []
    for region, (orders, units, revenue) in sorted(regions.items(), key=lambda kv: (-kv[1][2], kv[0])):
        out.append(f"{region},{len(orders)},{units},{money(revenue)}")
    units = sum(e[1] for e in regions.values())
    revenue = sum(e[2] for e in regions.values())
    out.append(f"TOTAL,{len(all_orders)},{units},{money(revenue)}")
    print("\n".join(out))


main()
