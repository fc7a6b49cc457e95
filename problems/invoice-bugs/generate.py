#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Run from anywhere: python3 problems/invoice-bugs/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "fixed.py"
SKUS = ["MUG", "PEN", "BOOK-42", "TEA-GREEN", "CABLE-2M", "DESK-LAMP", "NOTEBOOK", "STICKERS", "GIFT-CARD", "BAG"]
CATEGORIES = ["standard", "reduced", "zero"]


def invoice(items: list[tuple[str, int, int, int, str]], shipping: int, free_from: int) -> str:
    lines = [str(len(items))] + [" ".join(map(str, item)) for item in items] + [f"{shipping} {free_from}"]
    return "\n".join(lines) + "\n"


SAMPLE = invoice(
    [("MUG", 2, 1250, 10, "standard"), ("TEA-GREEN", 3, 399, 0, "reduced"), ("GIFT-CARD", 1, 2500, 0, "zero")],
    495,
    5000,
)

HANDWRITTEN = [
    # ticket 1: a discounted line must be taxed on the discounted amount
    invoice([("MUG", 2, 1000, 10, "standard")], 495, 100000),
    # ticket 2: 7% of 9.99 is 0.6993, which is 0.70, not 0.69; and exact halves round away from zero
    invoice([("PEN", 1, 999, 0, "reduced"), ("PEN", 1, 250, 0, "reduced"), ("BAG", 1, 1, 50, "standard")], 495, 100000),
    # ticket 3: free shipping FROM the threshold: a subtotal of exactly 50.00 ships free
    invoice([("BOOK-42", 2, 2500, 0, "zero")], 495, 5000),
    invoice([("BOOK-42", 2, 2500, 0, "zero"), ("PEN", -1, 1, 0, "zero")], 495, 5000),
    # ticket 4: refunds: negative amounts, rounded away from zero too, printed with the sign in front
    invoice([("PEN", -1, 105, 0, "zero"), ("PEN", -1, 250, 0, "reduced"), ("MUG", -3, 1333, 15, "standard")], 0, 0),
    invoice([("GIFT-CARD", -1, 5, 0, "zero")], 495, 5000),
]


def random_invoice(rng: random.Random, n: int, refunds: float) -> str:
    items = []
    for _ in range(n):
        quantity = rng.randint(1, 12) * (-1 if rng.random() < refunds else 1)
        unit = rng.choice([rng.randint(1, 999), rng.randint(100, 99999), rng.choice([199, 250, 999, 1250, 4999])])
        discount = rng.choice([0, 0, 0, 5, 10, 15, 25, 33, 50])
        items.append((rng.choice(SKUS), quantity, unit, discount, rng.choice(CATEGORIES)))
    free_from = rng.choice([0, 2500, 5000, 10000, 10**7])
    return invoice(items, rng.choice([0, 299, 495, 1290]), free_from)


def main() -> None:
    rng = random.Random(77)
    tests = HANDWRITTEN + [
        random_invoice(rng, n, r) for n, r in [(5, 0), (20, 0.1), (50, 0.3), (200, 0.5), (1000, 0.2)]
    ]
    sample = HERE / "tests" / "sample"
    secret = HERE / "tests" / "secret" / "main"
    for folder in (sample, secret):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*"):
            old.unlink()
    files = [(sample / "01", SAMPLE)] + [(secret / f"{i:02d}", text) for i, text in enumerate(tests, 1)]
    for stem, text in files:
        stem.with_suffix(".in").write_text(text)
        answer = subprocess.run([sys.executable, str(SOLUTION)], input=text, capture_output=True, text=True, check=True)
        stem.with_suffix(".ans").write_text(answer.stdout)
        print(f"{stem.relative_to(HERE)}: {len(text)} bytes in, {len(answer.stdout)} bytes out")


if __name__ == "__main__":
    main()
