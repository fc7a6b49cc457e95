#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Quotes come from hidden true values with a spread of 0.1-2%, so every cycle loses money unless a test plants
an arbitrage (a quote 3% too good). Run from anywhere: python3 problems/exchange-rates/generate.py"""

import random
import string
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "floyd.py"

SAMPLE = """5
EUR USD 1.08
USD JPY 150.2
EUR JPY 160.5
JPY CHF 0.0059
USD EUR 0.91
5
EUR JPY
USD EUR
EUR CHF
CHF EUR
GBP GBP
"""


def codes(rng: random.Random, n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(string.ascii_uppercase) for _ in range(3)))
    return sorted(out)


def market(rng: random.Random, n: int, m: int, queries: int, arbitrage: bool = False) -> str:
    names = codes(rng, n)
    value = {c: 10 ** rng.uniform(-3, 3) for c in names}
    pairs = set()
    while len(pairs) < m:
        a, b = rng.sample(names, 2)
        pairs.add((a, b))
    lines = [str(m)]
    for a, b in sorted(sorted(pairs), key=lambda _: rng.random()):  # sorted first: set order varies per run
        rate = value[a] / value[b] * (1 - rng.uniform(0.001, 0.02))
        lines.append(f"{a} {b} {rate:.10g}")
    if arbitrage:
        a, b = rng.choice(sorted(pairs))
        lines.append(f"{a} {b} {value[a] / value[b] * 1.03:.10g}")
        lines.append(f"{b} {a} {value[b] / value[a] * 0.999:.10g}")
        lines[0] = str(len(lines) - 1)
    asked = [" ".join(rng.sample(names, 2)) for _ in range(queries)]
    asked += [f"{names[0]} {names[0]}", f"{names[0]} XXX"]
    return "\n".join([*lines, str(len(asked)), *asked]) + "\n"


HANDWRITTEN = [
    # the direct quote is worse than a chain of three
    """4
AAA DDD 1.5
AAA BBB 2
BBB CCC 2
CCC DDD 0.5
3
AAA DDD
DDD AAA
BBB DDD
""",
    # a loop that makes money: nothing else matters
    """3
USD EUR 0.95
EUR GBP 0.9
GBP USD 1.2
1
USD GBP
""",
    # tiny and huge rates, a currency that only appears in a query
    """3
BTC USD 97000
USD VND 25000
VND IDR 0.62
4
BTC IDR
IDR BTC
BTC ZZZ
ZZZ ZZZ
""",
]


def main() -> None:
    rng = random.Random(1944)
    tests = [
        *HANDWRITTEN,
        market(rng, 6, 10, 20),
        market(rng, 30, 200, 300),
        market(rng, 80, 2000, 2000),
        market(rng, 80, 400, 2000),
        market(rng, 60, 1500, 100, arbitrage=True),
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
