"""Reference: a dictionary of idempotency keys in front of a small reservation ledger."""
import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    s = int(lines[0])
    on_hand: dict[str, int] = {}
    reserved: dict[str, int] = {}
    for line in lines[1:1 + s]:
        sku, units = line.split()
        on_hand[sku], reserved[sku] = int(units), 0
    orders: dict[str, dict[str, int]] = {}  # open orders: sku -> units reserved
    closed: set[str] = set()
    keys: dict[str, tuple[str, str]] = {}  # key -> (request, result)
    out = []

    def execute(verb: str, args: list[str]) -> str:
        if verb == "RESTOCK":
            sku, units = args[0], int(args[1])
            on_hand[sku] = on_hand.get(sku, 0) + units
            reserved.setdefault(sku, 0)
            return f"OK {on_hand[sku]}"
        order = args[0]
        if order in closed:
            return "ERROR order closed"
        if verb == "RESERVE":
            sku, units = args[1], int(args[2])
            if sku not in on_hand:
                return "ERROR unknown sku"
            available = on_hand[sku] - reserved[sku]
            if available < units:
                return f"REJECTED {available}"
            reserved[sku] += units
            held = orders.setdefault(order, {})
            held[sku] = held.get(sku, 0) + units
            return "OK"
        if order not in orders:
            return "ERROR unknown order"
        held = orders.pop(order)
        closed.add(order)
        for sku, units in held.items():
            reserved[sku] -= units
            if verb == "COMMIT":
                on_hand[sku] -= units
        return f"OK {sum(held.values())}"

    q = int(lines[1 + s])
    for line in lines[2 + s:2 + s + q]:
        verb, key, *args = line.split()
        request = " ".join([verb] + args)
        if key in keys:
            seen_request, result = keys[key]
            out.append(f"REPLAY {result}" if seen_request == request else "CONFLICT")
            continue
        result = execute(verb, args)
        keys[key] = (request, result)
        out.append(result)
    out.append("STOCK")
    for sku in sorted(on_hand):
        out.append(f"{sku} {on_hand[sku]} {reserved[sku]} {on_hand[sku] - reserved[sku]}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
