#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/regional-sales/generate.py"""

import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "csv_module.py"
HEADER = ["order_id", "date", "region", "product", "quantity", "unit_price"]
REGIONS = ["North America", "EMEA", "APAC", "LATAM", "Nordics", "DACH", "UK & Ireland", "Middle East"]
PRODUCTS = [
    ("Laptop Stand", 3499), ("Dock", 18900), ("Cable, USB-C to USB-C, 2 m", 1299),
    ('Monitor 27" 4K', 32900), ('Keyboard "Pro", US layout', 12950), ("Mouse", 2499),
    ("Headset; noise-cancelling", 8999), ("Webcam 1080p", 5900), ("Laptop 14\"", 129900),
    ("Service plan (1 yr)", 9900), ("Adapter, HDMI", 999), ("Chair", 24900),
]


def cell(value: str, quote_all: bool) -> str:
    if quote_all or any(ch in value for ch in ',"'):
        return '"' + value.replace('"', '""') + '"'
    return value


def row_text(row: list[str], quote_all: bool) -> str:
    return ",".join(cell(v, quote_all) for v in row)


def sales(rng: random.Random, orders: int, *, regions: list[str] | None = None, quote_all: bool = False,
          dup_rate: float = 0.03, return_rate: float = 0.05, crlf: bool = False, prices: int = 1) -> str:
    regions = regions or REGIONS
    lines = [",".join(HEADER)]
    written: list[list[str]] = []
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 200))
    serial = rng.randint(100000, 800000)
    for _ in range(orders):
        serial += rng.randint(1, 9)
        day += timedelta(days=rng.random() < 0.1)
        region = rng.choice(regions)
        for product, price in rng.sample(PRODUCTS, rng.randint(1, 4)):
            quantity = rng.randint(1, 25) if rng.random() > return_rate else -rng.randint(1, 3)
            unit = price * prices + rng.choice([0, 0, 0, -100, 50, 1])  # list price, sometimes discounted
            row = [f"SO-{serial}", day.isoformat(), region, product, str(quantity), f"{unit // 100}.{unit % 100:02d}"]
            written.append(row)
            lines.append(row_text(row, quote_all))
            if rng.random() < dup_rate:
                again = rng.choice(written[-20:])
                lines.append(row_text(again, quote_all or rng.random() < 0.5))  # a retried export
    return ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")


def tests() -> list[str]:
    rng = random.Random(4180)
    out = []
    out.append(sales(rng, 3, regions=["EMEA"]))
    out.append(sales(rng, 60, dup_rate=0.1))
    out.append(sales(rng, 1200, crlf=True))
    out.append(sales(rng, 3000, quote_all=True))
    out.append(sales(rng, 3500, dup_rate=0.05, prices=7))
    # A region with returns only: negative units and revenue.
    text = sales(rng, 40, regions=["APAC", "Nordics"], return_rate=0.0)
    returns = sales(rng, 5, regions=["LATAM"], return_rate=1.0, dup_rate=0.0).split("\n", 1)[1]
    out.append(text + returns.replace("SO-", "RT-"))
    # Equal revenue in three regions: ordered by name.
    lines = [",".join(HEADER)]
    for index, region in enumerate(["Nordics", "DACH", "EMEA", "APAC"]):
        lines.append(row_text([f"SO-{900 + index}", "2024-06-30", region, "Mouse", "4", "25.00"], False))
    lines.append(row_text(["SO-904", "2024-06-30", "APAC", 'Monitor 27" 4K', "1", "0.01"], False))
    out.append("\n".join(lines) + "\n")
    return out


def main() -> None:
    secret = HERE / "tests" / "secret" / "main"
    secret.mkdir(parents=True, exist_ok=True)
    for old in secret.glob("*"):
        old.unlink()
    cases = tests()
    for number, text in enumerate(cases, 1):
        (secret / f"{number:02d}.in").write_bytes(text.encode())
    for inp in sorted((HERE / "tests").rglob("*.in")):
        with inp.open("rb") as stdin:
            answer = subprocess.run([sys.executable, str(SOLUTION)], stdin=stdin, capture_output=True, check=True)
        inp.with_suffix(".ans").write_bytes(answer.stdout)
    print(f"wrote {len(cases)} secret tests")


if __name__ == "__main__":
    main()
