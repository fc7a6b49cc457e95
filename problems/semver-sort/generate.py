#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Run from anywhere: python3 problems/semver-sort/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "semver.py"
WORDS = ["alpha", "beta", "rc", "dev", "x-y", "SNAPSHOT", "Beta", "pre", "a1", "1a", "-", "--", "z"]

SAMPLE = """10
1.0.0
1.0.0-alpha
1.0.0-alpha.1
1.0.0-beta.11
1.0.0-beta.2
1.0.0-rc.1
1.0.0-alpha.beta
1.0.0+build.7
01.0.0
1.2
"""

# The precedence list of semver.org's section 11, shuffled, plus the edges of the grammar.
HANDWRITTEN = [
    [
        "1.0.0-rc.1",
        "1.0.0-alpha",
        "1.0.0",
        "1.0.0-beta.11",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-alpha.1",
        "1.0.0-beta.2",
    ],
    ["2.0.0", "2.1.0", "2.1.1", "10.0.0", "1.10.0", "1.9.0", "0.0.0", "0.0.1", "0.1.0", "1.0.0-0", "1.0.0-0.0"],
    [
        "1.0.0+b",
        "1.0.0+a",
        "1.0.0",
        "1.0.0+a.b.c",
        "1.0.0-x+y",
        "1.0.0-x",
        "1.0.0-x+z",
    ],  # build metadata: equal, stable
    ["1.0.0-1", "1.0.0-a", "1.0.0-10", "1.0.0-2", "1.0.0-A", "1.0.0-Z", "1.0.0-a-b", "1.0.0--", "1.0.0-0a", "1.0.0-9z"],
    [
        "1.0.0-alpha.01",
        "01.0.0",
        "1.0",
        "1.0.0.0",
        "v1.0.0",
        "1.0.0-",
        "1.0.0+",
        "1.0.0-a..b",
        "1.0.0+a..b",
        "1.0.0-a_b",
        "1.0.0+01",
        "1.0.0-0.00",
        "-1.0.0",
        "1.-1.0",
        "1.0.0-00a",
    ],
    [
        "99999999999999999999.0.0",
        "18446744073709551616.0.0",
        "18446744073709551615.0.0",
        "9223372036854775808.0.0",
        "9223372036854775807.0.0",
        "1.0.0-18446744073709551616",
        "1.0.0-18446744073709551615",
        "1.0.0-99999999999999999999999999999999",
        "1.0.0-100000000000000000000000000000000",
        "2.0.0-9007199254740993",
        "2.0.0-9007199254740992",
    ],
]


def identifier(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return str(rng.choice([0, 1, 2, 3, 10, 11, rng.randint(0, 10**6), rng.randint(0, 10**25)]))
    if roll < 0.9:
        return rng.choice(WORDS)
    return rng.choice(WORDS) + str(rng.randint(0, 99))


def version(rng: random.Random) -> str:
    core = ".".join(str(rng.choice([0, 1, 2, rng.randint(0, 20), rng.randint(0, 10**20)])) for _ in range(3))
    text = core
    if rng.random() < 0.6:
        text += "-" + ".".join(identifier(rng) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.15:
        text += "+" + ".".join(rng.choice(["build", "sha", "001", "exp", "x-1"]) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.04:  # break it
        spot = rng.randrange(len(text) + 1)
        text = text[:spot] + rng.choice(["..", "0", "_", "-", "+", "v", "01"]) + text[spot:]
    return text


def as_input(versions: list[str]) -> str:
    return f"{len(versions)}\n" + "\n".join(versions) + "\n"


def main() -> None:
    rng = random.Random(2011)
    tests = [as_input(v) for v in HANDWRITTEN]
    for size in (200, 5000, 25000):
        pool = [version(rng) for _ in range(size // 3)]
        tests.append(as_input([rng.choice(pool) if rng.random() < 0.5 else version(rng) for _ in range(size)]))
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
