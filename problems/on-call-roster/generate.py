#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution (any
valid roster is accepted by grader/checker.py; the .ans only tells whether one exists).
Run from anywhere: python3 problems/on-call-roster/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "matching.py"
NAMES = [
    "ada",
    "alan",
    "barbara",
    "dennis",
    "edsger",
    "frances",
    "grace",
    "hedy",
    "john",
    "ken",
    "linus",
    "margaret",
    "radia",
    "sophie",
    "tim",
    "katherine",
    "guido",
    "bjarne",
    "anders",
    "rob",
]

SAMPLE = """3 4
ada 2 2 1 2
bob 1 2 1 3
cy 2 2 3 4
"""


def as_input(engineers: list[tuple[str, int, list[int]]], shifts: int) -> str:
    lines = [f"{len(engineers)} {shifts}"]
    for name, cap, avail in engineers:
        lines.append(f"{name} {cap} {len(avail)} " + " ".join(map(str, avail)))
    return "\n".join(lines) + "\n"


def names(count: int) -> list[str]:
    return [NAMES[i % len(NAMES)] + (str(i // len(NAMES)) if i >= len(NAMES) else "") for i in range(count)]


def tight(rng: random.Random, engineers: int, shifts: int, degree: int, spare: int) -> str:
    """A hidden perfect roster plus random extra availability: the total limit is the shift count + spare."""
    who = names(engineers)
    caps = [1] * engineers
    for _ in range(shifts - engineers + spare):
        caps[rng.randrange(engineers)] += 1
    slots = [i for i in range(engineers) for _ in range(caps[i])]
    rng.shuffle(slots)
    avail: list[set[int]] = [set() for _ in range(engineers)]
    for shift in range(1, shifts + 1):
        avail[slots[shift - 1]].add(shift)  # the hidden roster
    for i in range(engineers):
        avail[i].update(rng.sample(range(1, shifts + 1), min(shifts, degree)))
    return as_input([(who[i], caps[i], sorted(avail[i])) for i in range(engineers)], shifts)


def hall_violation(rng: random.Random, engineers: int, shifts: int) -> str:
    """A week of nights only two people can take, and three nights in it: no roster."""
    text = tight(rng, engineers, shifts, 4, 0)
    lines = text.split("\n")
    blocked = set(rng.sample(range(1, shifts + 1), 3))
    fixed = [lines[0]]
    for index, line in enumerate(lines[1:-1]):
        name, cap, _, *avail = line.split()
        keep = [a for a in map(int, avail) if a not in blocked or index < 2]
        if index < 2:
            keep = sorted(set(keep) | blocked)
            cap = "1"
        fixed.append(f"{name} {cap} {len(keep)} " + " ".join(map(str, keep)))
    return "\n".join(fixed) + "\n"


HANDWRITTEN = [
    # the greedy trap: ada takes shift 1 first, and then nobody can take shift 2
    """2 2
ada 1 2 1 2
bob 1 1 1
""",
    # more shifts than the total limit
    """2 3
ada 1 3 1 2 3
bob 1 3 1 2 3
""",
    # an engineer with no availability and a shift only one person can take
    """3 2
ada 2 0
bob 1 1 2
cy 5 2 1 2
""",
]


def main() -> None:
    rng = random.Random(24 * 7)
    tests = [
        *HANDWRITTEN,
        tight(rng, 5, 8, 2, 0),
        tight(rng, 30, 60, 3, 0),
        tight(rng, 60, 200, 6, 2),
        hall_violation(rng, 40, 120),
        tight(rng, 100, 400, 8, 0),
        tight(rng, 100, 400, 3, 0),
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
        print(
            f"{stem.relative_to(HERE)}: {len(text)} bytes in, "
            f"{'IMPOSSIBLE' if answer.stdout.startswith('IMP') else 'roster'}"
        )


if __name__ == "__main__":
    main()
