#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/loan-schedule/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "annuity.py"


def loans(rows: list[tuple[str, str, int, int]]) -> str:
    for p, rate, n, m in rows:
        assert 0 < float(p) <= 1_000_000 and 0 <= float(rate) <= 20 and 1 <= n <= 360 and 0 <= m <= n
    return f"{len(rows)}\n" + "".join(f"{p} {rate} {n} {m}\n" for p, rate, n, m in rows)


def money(rng: random.Random, low: int, high: int) -> str:
    cents = rng.randint(low * 100, high * 100)
    return f"{cents // 100}.{cents % 100:02d}" if rng.random() < 0.5 else str(cents // 100)


def rate(rng: random.Random) -> str:
    choices = [f"{rng.randint(0, 20000) / 1000:.3f}", f"{rng.randint(0, 200) / 10:.1f}", str(rng.randint(0, 20))]
    return rng.choice(choices)


def tests() -> list[str]:
    rng = random.Random(1200)
    out = []
    out.append(loans([
        ("1000", "0", 10, 4), ("1000", "0.0", 1, 1), ("0.01", "20", 360, 359), ("1000000", "20", 360, 0),
        ("1000000", "20", 360, 360), ("250000", "0.001", 360, 180), ("5000", "12", 1, 0), ("5000", "12", 1, 1),
        ("99999.99", "7.125", 84, 83), ("1", "19.999", 2, 1),
    ]))
    out.append(loans([(money(rng, 1000, 30000), rate(rng), n, rng.randint(0, n))
                      for n in (rng.choice([12, 24, 36, 48, 60, 72]) for _ in range(200))]))
    out.append(loans([(money(rng, 50000, 1000000), rate(rng), n, rng.randint(0, n))
                      for n in (rng.choice([120, 180, 240, 300, 360]) for _ in range(3000))]))
    out.append(loans([(money(rng, 1, 1000000), rate(rng), n, rng.choice([0, n, rng.randint(0, n)]))
                      for n in (rng.randint(1, 360) for _ in range(10000))]))
    return out


def main() -> None:
    secret = HERE / "tests" / "secret" / "main"
    secret.mkdir(parents=True, exist_ok=True)
    for old in secret.glob("*"):
        old.unlink()
    cases = tests()
    for number, text in enumerate(cases, 1):
        (secret / f"{number:02d}.in").write_text(text)
    for inp in sorted((HERE / "tests").rglob("*.in")):
        with inp.open("rb") as stdin:
            answer = subprocess.run([sys.executable, str(SOLUTION)], stdin=stdin, capture_output=True, check=True)
        inp.with_suffix(".ans").write_bytes(answer.stdout)
    print(f"wrote {len(cases)} secret tests")


if __name__ == "__main__":
    main()
