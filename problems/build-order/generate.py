#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/build-order/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "kahn.py"
WORDS = ["core", "util", "net", "http", "json", "auth", "db", "cache", "log", "metrics", "api", "web", "cli",
         "billing", "search", "proto", "crypto", "queue", "mail", "ui", "i18n", "config", "storage", "tests"]


def names(rng: random.Random, n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        shape = rng.random()
        if shape < 0.4:
            name = f"{rng.choice(WORDS)}/{rng.choice(WORDS)}"
        elif shape < 0.7:
            name = f"lib{rng.choice(WORDS)}-{rng.randint(1, 999)}"
        else:
            name = f"{rng.choice(WORDS)}.{rng.choice(WORDS)}_{rng.randint(0, 99)}"
        out.add(name)
    result = sorted(out)
    rng.shuffle(result)
    return result


def case(targets: list[str], edges: list[tuple[str, str]]) -> str:
    assert len(set(targets)) == len(targets) <= 10_000 and len(edges) <= 30_000
    return (f"{len(targets)} {len(edges)}\n" + "\n".join(targets) + "\n"
            + "".join(f"{a} {b}\n" for a, b in edges))


def dag(
    rng: random.Random, n: int, m: int, *, chain: bool = False, listed: str = "shuffled"
) -> tuple[list, list, list]:
    """Targets and edges 'a depends on b' where b comes earlier in a hidden topological order."""
    topo = names(rng, n)
    edges = []
    if chain:
        edges += [(topo[i + 1], topo[i]) for i in range(n - 1)]
    while len(edges) < m:
        i, j = sorted(rng.sample(range(n), 2))
        if chain or rng.random() < 0.7:
            i, j = max(0, j - rng.randint(1, 50)), j  # mostly local dependencies
            if i == j:
                continue
        edges.append((topo[j], topo[i]))
    rng.shuffle(edges)
    listed_targets = topo[::-1] if listed == "reversed" else rng.sample(topo, n)
    return listed_targets, edges, topo


def tests() -> list[str]:
    rng = random.Random(1337)
    out = []
    out.append(case(["app", "lib", "util"], [("app", "lib"), ("lib", "util"), ("app", "util")]))
    out.append(case(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]))
    out.append(case(["web", "api", "core"], [("web", "api"), ("api", "api"), ("api", "core")]))  # self-dependency
    out.append(case(["solo"], []))
    out.append(case(["z", "y", "x", "w"], [("z", "y"), ("z", "y"), ("x", "w")]))  # duplicate edge, two parts
    targets, edges, _ = dag(rng, 300, 900)
    out.append(case(targets, edges))
    targets, edges, _ = dag(rng, 2000, 6000)
    out.append(case(targets, edges))
    # A cycle hidden in a big graph: one target early in the chain depends on a later one.
    targets, edges, topo = dag(rng, 8000, 20000, chain=True)
    edges.insert(rng.randrange(len(edges)), (topo[3000], topo[3400]))
    out.append(case(targets, edges))
    # Long chain, listed from the last target to the first: re-scanning every round is O(n^2), and a
    # recursive depth-first search goes 10 000 calls deep.
    targets, edges, _ = dag(rng, 10000, 25000, chain=True, listed="reversed")
    out.append(case(targets, edges))
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
