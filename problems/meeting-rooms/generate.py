#!/usr/bin/env python3
"""Regenerates tests/secret/{small,medium,large} (deterministic, seeded) and every .ans (samples
included) by running the accepted Python solution. Run: python3 problems/meeting-rooms/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "sweep.py"


def case(meetings: list[tuple[int, int]], max_time: int) -> str:
    assert 1 <= len(meetings) <= 100_000
    assert all(0 <= s < e <= max_time for s, e in meetings)
    return f"{len(meetings)}\n" + "".join(f"{s} {e}\n" for s, e in meetings)


def workday(rng: random.Random, n: int, day: int = 1440) -> list[tuple[int, int]]:
    """Meetings on a grid of 5 minutes, mostly during office hours."""
    out = []
    for _ in range(n):
        length = rng.choice([15, 30, 30, 45, 60, 60, 90, 120, 240])
        start = rng.randrange(8 * 60, 18 * 60, 5) if rng.random() < 0.85 else rng.randrange(0, day - length, 5)
        out.append((start, min(day, start + length)))
    return out


def calendar(rng: random.Random, n: int, span: int, base: int = 0) -> list[tuple[int, int]]:
    """Meetings over `span` minutes after `base`, clustered on business hours, on a 5-minute grid."""
    out = []
    days = max(1, span // 1440)
    for _ in range(n):
        length = rng.choice([5, 15, 30, 30, 50, 60, 60, 90, 120, 180, 480])
        day = rng.randrange(days)
        start = base + day * 1440 + rng.randrange(7 * 60, 19 * 60, 5)
        out.append((start, start + length))
    return out


def tests() -> dict[str, list[str]]:
    rng = random.Random(20240401)
    small = [
        case([(540, 600)], 1440),
        case([(540, 600), (600, 660), (660, 720)], 1440),  # back to back: one room
        case([(0, 1440)] * 7, 1440),
        case(workday(rng, 60), 1440),
        case(workday(rng, 200), 1440),
    ]
    medium = [
        case(calendar(rng, 300, 30 * 1440, base=10**9 - 40 * 1440), 10**9),
        case(calendar(rng, 600, 5 * 1440, base=rng.randrange(5 * 10**8, 9 * 10**8)), 10**9),
        case(calendar(rng, 5000, 10 * 1440, base=rng.randrange(10**8, 9 * 10**8)), 10**9),
        case([(s, s + 30) for s in range(10**9 - 30 * 5000, 10**9 - 30, 30)] + [(0, 10**9)], 10**9),  # chain
    ]
    large = [
        case(calendar(rng, 100_000, 60 * 1440, base=rng.randrange(1000)), 10**6),
        case(calendar(rng, 20_000, 365 * 1440, base=10**9 - 366 * 1440), 10**9),
    ]
    return {"small": small, "medium": medium, "large": large}


def main() -> None:
    for group, cases in tests().items():
        folder = HERE / "tests" / "secret" / group
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*"):
            old.unlink()
        for number, text in enumerate(cases, 1):
            (folder / f"{number:02d}.in").write_text(text)
    for inp in sorted((HERE / "tests").rglob("*.in")):
        with inp.open("rb") as stdin:
            answer = subprocess.run([sys.executable, str(SOLUTION)], stdin=stdin, capture_output=True, check=True)
        inp.with_suffix(".ans").write_bytes(answer.stdout)
    print("wrote", {g: len(c) for g, c in tests().items()})


if __name__ == "__main__":
    main()
