import sys


def main() -> None:
    tokens = sys.stdin.read().split()
    pos = 0

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    expected: dict[str, int] = {}
    for _ in range(int(take())):
        sku = take()
        expected[sku] = int(take())
    entries: dict[str, tuple[str, int]] = {}  # entry id -> (sku, signed quantity) while not voided
    for _ in range(int(take())):
        entry_id, kind = take(), take()
        if kind == "VOID":
            sku, delta = entries.pop(take())
            expected[sku] -= delta
            continue
        sku, qty = take(), int(take())
        delta = -qty if kind == "SHIP" else qty  # RECEIVE, RETURN and ADJUST add (ADJUST is signed)
        entries[entry_id] = (sku, delta)
        expected[sku] = expected.get(sku, 0) + delta
    counted: dict[str, int] = {}
    for _ in range(int(take())):
        sku = take()
        counted[sku] = int(take())
    rows = []
    for sku in expected.keys() | counted.keys():
        diff = counted.get(sku, 0) - expected.get(sku, 0)
        if diff:
            rows.append((-abs(diff), sku, expected.get(sku, 0), counted.get(sku, 0), diff))
    rows.sort()
    out = [f"{sku} {e} {c} {d}" for _, sku, e, c, d in rows]
    out.append(f"TOTAL {len(rows)} {sum(-r[0] for r in rows)}")
    print("\n".join(out))


main()
