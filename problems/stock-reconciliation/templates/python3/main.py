import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    pos = 0
    n = int(lines[pos])
    opening = [line.split() for line in lines[pos + 1 : pos + 1 + n]]  # [sku, qty]
    pos += 1 + n
    m = int(lines[pos])
    ledger = [line.split() for line in lines[pos + 1 : pos + 1 + m]]  # [id, kind, sku or target, (qty)]
    pos += 1 + m
    k = int(lines[pos])
    count = [line.split() for line in lines[pos + 1 : pos + 1 + k]]  # [sku, qty]
    # TODO: expected stock per SKU, then the differences
    print("TOTAL 0 0")


if __name__ == "__main__":
    main()
