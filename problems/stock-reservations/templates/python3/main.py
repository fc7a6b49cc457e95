import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    s = int(lines[0])
    on_hand = {}
    for line in lines[1:1 + s]:
        sku, units = line.split()
        on_hand[sku] = int(units)
    q = int(lines[1 + s])
    out = []
    for line in lines[2 + s:2 + s + q]:
        verb, key, *args = line.split()
        out.append("ERROR not implemented")  # TODO: RESERVE / COMMIT / RELEASE / RESTOCK, with idempotency keys
    out.append("STOCK")
    for sku in sorted(on_hand):
        out.append(f"{sku} {on_hand[sku]} 0 {on_hand[sku]}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
