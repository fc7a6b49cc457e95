#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/alert-windows/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "two_pointers.py"
MAX_CODE = 1_000_000


def case(n: int, k: int, codes: list[int]) -> str:
    assert 1 <= k <= n <= 100_000 and len(codes) == n and all(1 <= c <= MAX_CODE for c in codes)
    return f"{n} {k}\n{' '.join(map(str, codes))}\n"


def tests() -> list[str]:
    rng = random.Random(20240311)
    out = []
    out.append(case(1, 1, [404]))
    out.append(case(6, 6, [1, 2, 3, 4, 5, 6]))  # K = n: every window
    out.append(case(8, 2, [500, 404, 500, 404, 503, 503, 404, 404]))
    out.append(case(1000, 3, [rng.choice([200, 301, 404, 500, 502, 503]) for _ in range(1000)]))
    # Bursts: long runs of one code, a few codes in total.
    codes: list[int] = []
    while len(codes) < 50_000:
        codes += [rng.choice([500, 502, 503, 504])] * rng.randint(1, 200)
    out.append(case(50_000, 2, codes[:50_000]))
    # One code everywhere: n(n+1)/2 = 5 000 050 000 windows, more than 2^31 - 1.
    out.append(case(100_000, 1, [7] * 100_000))
    # Few distinct codes, the answer is large: 64-bit needed.
    out.append(case(100_000, 10, [rng.randint(1, 40) for _ in range(100_000)]))
    # All distinct and K = n/2: a naive O(n*K) scan does 5e9 steps.
    perm = list(range(1, 100_001))
    rng.shuffle(perm)
    out.append(case(100_000, 50_000, perm))
    # Wide code range, moderate K.
    out.append(case(60_000, 700, [rng.randint(1, MAX_CODE) for _ in range(60_000)]))
    return out


def main() -> None:
    secret = HERE / "tests" / "secret" / "main"
    secret.mkdir(parents=True, exist_ok=True)
    for old in secret.glob("*"):
        old.unlink()
    for number, text in enumerate(tests(), 1):
        (secret / f"{number:02d}.in").write_text(text)
    for inp in sorted((HERE / "tests").rglob("*.in")):
        with inp.open("rb") as stdin:
            answer = subprocess.run([sys.executable, str(SOLUTION)], stdin=stdin, capture_output=True, check=True)
        inp.with_suffix(".ans").write_bytes(answer.stdout)
    print(f"wrote {len(tests())} secret tests and {len(list((HERE / 'tests').rglob('*.ans')))} answers")


if __name__ == "__main__":
    main()
