#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Run from anywhere: python3 problems/account-merge/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "union_find.py"
NAMES = ["ada", "grace", "linus", "margaret", "ken", "barbara", "edsger", "frances", "alan", "radia", "dennis",
         "katherine", "john", "hedy", "tim", "sophie"]
DOMAINS = ["example.com", "mail.io", "corp.dev", "uni.edu", "x.org"]

SAMPLE = """5
ada 2 ada@example.com ada.l@mail.io
grace 1 grace@corp.dev
ada 2 Ada.L@Mail.io lovelace@uni.edu
alan 1 alan@x.org
grace 2 hopper@corp.dev grace@corp.dev
"""

CHAIN = """6
a 1 e1@x.org
b 1 e3@x.org
c 2 e1@x.org e2@x.org
d 1 e4@x.org
e 2 e3@x.org e4@x.org
f 2 e2@x.org E3@X.ORG
"""

LONERS = """4
kim 1 kim@example.com
kim 1 kim@example.co
kim 1 kim@example.com.au
sam 3 sam@x.org sam@x.org SAM@x.org
"""


def vary(rng: random.Random, email: str) -> str:
    roll = rng.random()
    if roll < 0.15:
        return email.upper()
    if roll < 0.3:
        return email[0].upper() + email[1:]
    return email


def random_case(rng: random.Random, people: int, accounts: int) -> str:
    owners = []
    for p in range(people):
        emails = [f"{rng.choice(NAMES)[:3]}{p}.{k}@{rng.choice(DOMAINS)}" for k in range(rng.randint(1, 4))]
        owners.append(emails)
    lines = [str(accounts)]
    for _ in range(accounts):
        person = rng.randrange(people)
        emails = owners[person]
        chosen = rng.sample(emails, rng.randint(1, min(3, len(emails))))
        if rng.random() < 0.02:  # an address shared by two people (a family inbox) joins them
            chosen.append(rng.choice(owners[rng.randrange(people)]))
        lines.append(f"{rng.choice(NAMES)[:3]} {len(chosen)} " + " ".join(vary(rng, e) for e in chosen))
    return "\n".join(lines) + "\n"


def main() -> None:
    rng = random.Random(808)
    small = [CHAIN, LONERS, random_case(rng, 30, 60), random_case(rng, 400, 1000), random_case(rng, 900, 1000)]
    large = [random_case(rng, 5000, 12000), random_case(rng, 1200, 12000)]
    groups = {"small": small, "large": large}
    sample = HERE / "tests" / "sample"
    folders = [sample] + [HERE / "tests" / "secret" / g for g in groups]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*"):
            old.unlink()
    files = [(sample / "01", SAMPLE)]
    for name, tests in groups.items():
        files += [(HERE / "tests" / "secret" / name / f"{i:02d}", text) for i, text in enumerate(tests, 1)]
    for stem, text in files:
        stem.with_suffix(".in").write_text(text)
        answer = subprocess.run([sys.executable, str(SOLUTION)], input=text, capture_output=True, text=True, check=True)
        stem.with_suffix(".ans").write_text(answer.stdout)
        print(f"{stem.relative_to(HERE)}: {len(text)} bytes in, {len(answer.stdout)} bytes out")


if __name__ == "__main__":
    main()
