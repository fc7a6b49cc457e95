#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Run from anywhere: python3 problems/delivery-routes/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "dijkstra.py"

SAMPLE = """5 7
1 2 4
1 3 2
3 2 2
2 4 5
3 4 7
4 5 1
5 1 3
4
2 4 5 1
"""


def as_input(n: int, roads: list[tuple[int, int, int]], customers: list[int]) -> str:
    lines = [f"{n} {len(roads)}"] + [f"{a} {b} {w}" for a, b, w in roads] + [str(len(customers)),
                                                                            " ".join(map(str, customers))]
    return "\n".join(lines) + "\n"


def grid(rows: int, cols: int, weight: int) -> tuple[int, list[tuple[int, int, int]]]:
    """A city grid of one-way streets going right and down: the number of shortest routes is binomial."""
    roads = []
    for r in range(rows):
        for c in range(cols):
            city = r * cols + c + 1
            if c + 1 < cols:
                roads.append((city, city + 1, weight))
            if r + 1 < rows:
                roads.append((city, city + cols, weight))
    return rows * cols, roads


def random_graph(rng: random.Random, n: int, m: int, max_w: int) -> list[tuple[int, int, int]]:
    roads = []
    order = list(range(2, n + 1))
    rng.shuffle(order)
    reached = [1]
    for city in order[: int(n * 0.95)]:  # a spanning tree over most cities, the rest unreachable or late
        roads.append((rng.choice(reached), city, rng.randint(1, max_w)))
        reached.append(city)
    while len(roads) < m:
        roads.append((rng.randint(1, n), rng.randint(1, n), rng.randint(1, max_w)))
    rng.shuffle(roads)
    return roads


def main() -> None:
    rng = random.Random(31337)
    small = []
    n, roads = grid(40, 40, 1)
    small.append(as_input(n, roads, [n, n - 1, 41, 1]))
    small.append(as_input(4, [(1, 2, 1), (2, 1, 1), (3, 4, 5)], [2, 3, 4, 1]))  # unreachable customers
    for n, m, w in ((50, 120, 3), (1000, 2000, 2), (1000, 3000, 1000)):
        small.append(as_input(n, random_graph(rng, n, m, w), rng.sample(range(1, n + 1), min(n, 200))))
    large = []
    n, roads = grid(120, 160, 7)
    large.append(as_input(n, roads, [n, n - 1, n // 2, 200, 1]))
    for n, m, w in ((20000, 40000, 3), (20000, 40000, 1000)):
        large.append(as_input(n, random_graph(rng, n, m, w), rng.sample(range(1, n + 1), 1000)))
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
