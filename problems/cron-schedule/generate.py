#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Run from anywhere: python3 problems/cron-schedule/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "cron.py"

SAMPLE = """4
2026-12-04T16:50 5 */15 9-17 * * MON-FRI
2026-01-01T00:00 4 0 0 13 * FRI
2025-03-01T00:00 2 0 12 29 2 *
2026-06-01T08:00 3 0 0 30 2 *
"""

HANDWRITTEN = [
    "2026-12-31T23:58 3 * * * * *",
    "2026-01-01T00:00 6 0 0 */2 * MON",
    "2026-01-01T00:00 6 0 0 1-31/2 * MON",
    "2026-01-01T00:00 5 30 6 * * 7",
    "2026-01-01T00:00 5 30 6 * * 0",
    "2026-01-01T00:00 4 0 9 1 jan,Jul *",
    "2026-05-05T05:05 8 5-50/15 */6 * * *",
    "2026-05-05T05:05 3 5 5 5 5 *",
    "2026-01-01T00:00 3 0 0 31 4,6,9,11 *",
    "2099-12-31T23:00 2 0 0 1 1 *",
    "2026-01-01T00:00 5 0 0 29 2 MON",
    "2028-02-28T23:59 2 0 0 29 FEB *",
    "2026-03-10T10:10 4 10 10 10 3 *",
    "2026-01-01T00:00 4 0,30 12 * * sat,SUN",
    "2026-01-01T00:00 3 59 23 L * *".replace(" L ", " 28-31 "),
    "2026-12-01T00:00 4 0 0 * * 5-7",
    "2026-12-01T00:00 4 0 0 15 * 1/2",
]
FIELD_CHOICES = [
    ["*", "0", "*/5", "*/7", "0,30", "5-50/15", "59", "10-12", "13/20"],
    ["*", "0", "9-17", "*/6", "23", "0,12", "8-18/2", "3/5"],
    ["*", "1", "13", "*/2", "1-7", "15,30", "29", "31", "10-20/3"],
    ["*", "1", "2", "*/3", "jan,jul", "Feb", "4-9", "dec", "11,12"],
    ["*", "MON-FRI", "0", "7", "sat,sun", "1/2", "fri", "2-4", "5-7"],
]


def random_query(rng: random.Random) -> str:
    fields = [rng.choice(choices) for choices in FIELD_CHOICES]
    year, month, day = rng.randint(2025, 2030), rng.randint(1, 12), rng.randint(1, 28)
    start = f"{year}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    return f"{start} {rng.randint(1, 12)} " + " ".join(fields)


def as_input(queries: list[str]) -> str:
    return f"{len(queries)}\n" + "\n".join(queries) + "\n"


def main() -> None:
    rng = random.Random(1975)
    tests = [
        as_input(HANDWRITTEN),
        as_input([random_query(rng) for _ in range(30)]),
        as_input([random_query(rng) for _ in range(150)]),
        as_input([random_query(rng) for _ in range(150)]),
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
