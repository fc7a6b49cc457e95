import csv
import sys


def main() -> None:
    rows = csv.reader(sys.stdin.read().splitlines())
    header = next(rows)
    for order_id, date, region, product, quantity, unit_price in rows:
        pass  # TODO: aggregate per region (money in integer cents)
    # TODO: print "REGION,ORDERS,UNITS,REVENUE" lines, then the TOTAL line


if __name__ == "__main__":
    main()
