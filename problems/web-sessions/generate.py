#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Run from anywhere: python3 problems/web-sessions/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "sessions.py"
PATHS = ["/", "/pricing", "/docs", "/docs/api", "/blog", "/signup", "/login", "/cart", "/checkout", "/search"]

SAMPLE = """9
u2 1700000000 /
u1 1700000100 /pricing
u1 1700000000 /
u1 1700001900 /signup
u2 1700003000 /docs
u1 1700003701 /login
u2 1700003000 /docs
u3 1700000050 /blog
u1 1700003900 /cart
"""


def as_input(events: list[tuple[str, int, str]]) -> str:
    return f"{len(events)}\n" + "\n".join(f"{u} {t} {p}" for u, t, p in events) + "\n"


HANDWRITTEN = [
    # a gap of exactly 1800 s stays in the session; 1801 s starts a new one
    as_input([("a", 0, "/"), ("a", 1800, "/docs"), ("a", 3601, "/"), ("b", 10, "/"), ("b", 1811, "/")]),
    # duplicates (a retried beacon) count once: a session of one page sent twice is a bounce
    as_input([("c", 500, "/"), ("c", 500, "/"), ("c", 500, "/"), ("d", 9, "/x"), ("d", 9, "/y")]),
    # user ids order as text, not as numbers
    as_input([("u10", 5, "/"), ("u9", 5, "/"), ("U1", 5, "/"), ("u1", 5, "/"), ("_", 7, "/")]),
]


def random_case(rng: random.Random, users: int, events: int, sorted_input: bool) -> str:
    out = []
    names = [f"u{rng.randint(1, 10**6)}" for _ in range(users)]
    clock = {name: rng.randint(1_700_000_000, 1_700_100_000) for name in names}
    for _ in range(events):
        user = rng.choice(names)
        clock[user] += rng.choice(
            [rng.randint(1, 300), rng.randint(1, 300), rng.randint(1700, 1900), rng.randint(2000, 90000)]
        )
        out.append((user, clock[user], rng.choice(PATHS)))
        if rng.random() < 0.03:
            out.append(out[-1])
    if not sorted_input:
        rng.shuffle(out)
    return as_input(out)


def main() -> None:
    rng = random.Random(1800)
    tests = [
        *HANDWRITTEN,
        random_case(rng, 5, 40, True),
        random_case(rng, 50, 2000, False),
        random_case(rng, 2000, 20000, False),
        random_case(rng, 20, 20000, False),
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
