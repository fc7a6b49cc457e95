#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Run from anywhere: python3 problems/stock-reservations/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "ledger.py"

SAMPLE = """2
LAMP 5
MUG 10
9
RESERVE k1 o1 LAMP 3
RESERVE k2 o2 LAMP 3
RESERVE k1 o1 LAMP 3
RESERVE k1 o1 LAMP 2
RESERVE k3 o2 MUG 4
COMMIT k4 o1
RELEASE k5 o2
RESERVE k6 o2 MUG 1
RESTOCK k7 LAMP 1
"""

HANDWRITTEN = [
    # errors are remembered too: the replay of a failed request fails the same way, even after a restock
    """1
A 1
6
RESERVE x1 o1 A 2
RESTOCK x2 A 5
RESERVE x1 o1 A 2
RESERVE x3 o1 A 2
RESERVE x4 o9 B 1
RESERVE x4 o9 B 1
""",
    # one key, different verbs or arguments: CONFLICT; a commit of an unknown order; a closed order stays closed
    """2
A 3
B 0
8
COMMIT c1 nobody
RESERVE c2 o1 A 1
RESERVE c2 o1 A 2
COMMIT c2 o1
COMMIT c3 o1
RELEASE c4 o1
RESERVE c5 o1 A 1
RESTOCK c6 B 2
""",
    # an order holds several SKUs and reserves the same SKU twice; release frees them all
    """2
A 10
B 10
6
RESERVE r1 o1 A 4
RESERVE r2 o1 A 4
RESERVE r3 o1 B 9
RESERVE r4 o2 A 3
RELEASE r5 o1
RESERVE r6 o2 A 3
""",
]


def random_case(rng: random.Random, skus: int, commands: int) -> str:
    names = [f"SKU{i:04d}" for i in range(skus)]
    lines = [str(skus)] + [f"{name} {rng.randint(0, 50)}" for name in names]
    orders = [f"o{i}" for i in range(max(3, commands // 6))]
    history: list[str] = []
    body = []
    for index in range(commands):
        roll = rng.random()
        if history and roll < 0.12:
            old = rng.choice(history)  # a retry, sometimes with a changed payload
            if rng.random() < 0.25:
                parts = old.split()
                parts[-1] = str(int(parts[-1]) + 1) if parts[-1].isdigit() else parts[-1] + "x"
                old = " ".join(parts)
            body.append(old)
            continue
        key = f"k{index}"
        if roll < 0.6:
            line = f"RESERVE {key} {rng.choice(orders)} {rng.choice([*names, 'NOPE'])} {rng.randint(1, 12)}"
        elif roll < 0.75:
            line = f"COMMIT {key} {rng.choice(orders)}"
        elif roll < 0.9:
            line = f"RELEASE {key} {rng.choice(orders)}"
        else:
            line = f"RESTOCK {key} {rng.choice([*names, 'NEW' + str(index)])} {rng.randint(1, 30)}"
        history.append(line)
        body.append(line)
    return "\n".join([*lines, str(len(body)), *body]) + "\n"


def main() -> None:
    rng = random.Random(4242)
    tests = [*HANDWRITTEN, random_case(rng, 3, 40), random_case(rng, 20, 2000), random_case(rng, 200, 15000)]
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
