"""The template as shipped, with all four bugs: WA (this is the code the candidate is asked to fix)."""
import sys

TAX_PERCENT = {"standard": 20, "reduced": 7, "zero": 0}


def percent_of(cents: int, percent: int) -> int:
    """cents * percent / 100 in whole cents."""
    return int(cents * percent / 100)


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def main() -> None:
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    out = []
    subtotal = tax_total = 0
    for line in lines[1:1 + n]:
        sku, quantity, unit_cents, discount_percent, category = line.split()
        gross = int(quantity) * int(unit_cents)
        tax = percent_of(gross, TAX_PERCENT[category])
        net = gross - percent_of(gross, int(discount_percent))
        subtotal += net
        tax_total += tax
        out.append(f"{sku} {money(net)} {money(tax)}")
    shipping_cents, free_from_cents = map(int, lines[1 + n].split())
    shipping = 0 if subtotal > free_from_cents else shipping_cents
    out += [f"SUBTOTAL {money(subtotal)}", f"TAX {money(tax_total)}", f"SHIPPING {money(shipping)}",
            f"TOTAL {money(subtotal + tax_total + shipping)}"]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
