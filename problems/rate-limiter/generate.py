#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/rate-limiter/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "deques.py"
SERVICES = ["svc-billing", "svc-search", "mobile-ios", "mobile-android", "partner_acme", "cron-nightly"]


def case(limit: int, window: int, requests: list[tuple[int, str]]) -> str:
    assert 1 <= limit <= 100_000 and 1 <= window <= 10**10 and 1 <= len(requests) <= 50_000
    times = [t for t, _ in requests]
    assert times == sorted(times) and 0 <= times[0] and times[-1] <= 10**10
    assert all(1 <= len(c) <= 32 for _, c in requests)
    return f"{len(requests)} {limit} {window}\n" + "".join(f"{t} {c}\n" for t, c in requests)


def clients(rng: random.Random, count: int) -> list[str]:
    names = set(SERVICES[: min(count, len(SERVICES))])
    while len(names) < count:
        names.add(rng.choice(["k", "key", "app", "u"]) + "-" + format(rng.getrandbits(24), "x"))
    return sorted(names)


def traffic(rng: random.Random, n: int, who: list[str], start: int, mean_gap: float, bursty: float = 0.2,
            weights: list[float] | None = None) -> list[tuple[int, str]]:
    out, t = [], start
    while len(out) < n:
        t += int(rng.expovariate(1 / mean_gap)) if mean_gap else 0
        client = rng.choices(who, weights=weights)[0]
        burst = rng.randint(2, 40) if rng.random() < bursty else 1
        for _ in range(min(burst, n - len(out))):
            out.append((t, client))
            t += rng.choice([0, 0, 1, 3, 10])
    return out


def tests() -> list[str]:
    rng = random.Random(429)
    out = []
    out.append(case(1, 1, [(5, "a"), (5, "a"), (6, "a"), (6, "b"), (7, "a")]))
    out.append(case(3, 1000, [(100, "svc-billing")] * 10))  # one instant: the first 3 pass
    # Exactly W apart: the older request has left the window (it covers (t - W, t]).
    out.append(case(2, 1000, [(0, "u-1"), (1, "u-1"), (1000, "u-1"), (1001, "u-1"), (1001, "u-1"), (1999, "u-1")]))
    # Bursts around the boundaries of a fixed window: a fixed-window counter would let them through.
    burst = [(59_990 + i, "partner_acme") for i in range(10)] + [(60_000 + i, "partner_acme") for i in range(10)]
    out.append(case(10, 60_000, [*burst, (119_995, "partner_acme"), (120_001, "partner_acme")]))
    out.append(case(5, 1000, traffic(rng, 400, clients(rng, 8), 1_700_000_000, 40)))
    out.append(case(10, 60_000, traffic(rng, 5000, clients(rng, 60), 9_000_000_000, 300, bursty=0.4)))
    # Timestamps past 2^32 and a week-long window.
    out.append(case(100, 7 * 86_400_000, traffic(rng, 8000, clients(rng, 25), 4_300_000_000, 20_000, 0.3)))
    out.append(case(1000, 3_600_000, traffic(rng, 3000, clients(rng, 300), 1_000, 1000)))  # nobody limited
    # One very busy client and a huge limit: rescanning each client's history is quadratic.
    who = clients(rng, 40)
    out.append(case(20_000, 10**9, traffic(rng, 50_000, who, 5_000_000_000, 3, 0.5,
                                             weights=[300.0 if c == "svc-search" else 1.0 for c in who])))
    out.append(case(20, 10_000, traffic(rng, 20_000, clients(rng, 500), 7_777_777_777, 10, 0.5)))
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
