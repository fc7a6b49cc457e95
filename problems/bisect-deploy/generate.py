#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded). Each .in is the interactor's input (T, then
"n k" per scenario; k = 0: adversarial). Every exchange crosses the sandbox relay, so a test
file keeps to about 70 questions. Each .ans lists the first bad commit per scenario ("?" for
an adversarial one); the interactor does not need it."""

import random
from pathlib import Path

HERE = Path(__file__).resolve().parent


def case(scenarios: list[tuple[int, int]]) -> tuple[str, str]:
    assert 1 <= len(scenarios) <= 12
    for n, k in scenarios:
        assert 1 <= n <= 10**18 and 0 <= k <= n
    text = f"{len(scenarios)}\n" + "".join(f"{n} {k}\n" for n, k in scenarios)
    answer = "".join(f"{k if k else '?'}\n" for _, k in scenarios)
    return text, answer


def tests() -> list[tuple[str, str]]:
    rng = random.Random(2**31)
    out = []
    out.append(case([(1, 1), (2, 1), (2, 2), (3, 3), (5, 1), (8, 5), (13, 13), (16, 9), (20, 2), (7, 4)]))
    out.append(case([(n, 0) for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 31, 33)]))
    out.append(case([(10**18, 1)]))
    out.append(case([(10**18, 10**18)]))
    out.append(case([(2**59, 2**58 + 1), (5, 3)]))
    out.append(case([(999_999_999_999_999_989, 123_456_789_012_345_678)]))
    out.append(case([(n, rng.randint(1, n)) for n in (rng.randint(10**15, 10**18) for _ in range(1))]))
    out.append(case([(n, rng.randint(1, n)) for n in (rng.randint(10**15, 10**18) for _ in range(1))]))
    out.append(case([(10**18, 0)]))
    out.append(case([(3, 0), (2**40 + 1, 0)]))
    out.append(case([(2**40, 0), (1000, 0)]))
    out.append(case([(2**59 - 1, 0)]))
    # Past 32 bits: an int overflows.
    out.append(case([(2**31 + 7, 2**31 + 1), (2**32 + 1, 2**32 + 1)]))
    out.append(case([(4_294_967_296, 3_000_000_000), (1, 1)]))
    out.append(case([(10**12, 0)]))
    return out


def main() -> None:
    secret = HERE / "tests" / "secret" / "main"
    secret.mkdir(parents=True, exist_ok=True)
    for old in secret.glob("*"):
        old.unlink()
    cases = tests()
    for number, (text, answer) in enumerate(cases, 1):
        (secret / f"{number:02d}.in").write_text(text)
        (secret / f"{number:02d}.ans").write_text(answer)
    print(f"wrote {len(cases)} secret tests")


if __name__ == "__main__":
    main()
