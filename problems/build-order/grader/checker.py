"""Output validator (Kattis protocol): checker.py input answer feedback_dir < candidate_output.

Accepts any valid build order (every target once, each after all its dependencies) when the
dependencies allow one, and any dependency cycle (t1 depends on t2, ..., tk depends on t1) after the
word CYCLE when they do not. The answer file only tells which case it is. Exit 42 AC, 43 WA.
"""

import sys
from pathlib import Path

AC, WA = 42, 43


class Reject(Exception):
    pass


def check(input_text: str, answer_text: str, output: str) -> str:
    data = input_text.split()
    n, m = int(data[0]), int(data[1])
    names = data[2 : 2 + n]
    index = {name: i for i, name in enumerate(names)}
    edges = [(index[data[2 + n + 2 * k]], index[data[3 + n + 2 * k]]) for k in range(m)]
    judge_cycle = answer_text.split()[:1] == ["CYCLE"]
    tokens = output.split()
    if not tokens:
        raise Reject("empty output")

    def target(token: str, where: str) -> int:
        if token not in index:
            shown = token if len(token) <= 60 else token[:60] + "..."
            raise Reject(f"{where}: {shown!r} is not a target of the input")
        return index[token]

    if tokens[0] == "CYCLE":
        if not judge_cycle:
            raise Reject("claims a cycle, but a build order exists")
        cycle = [target(t, f"cycle entry {i + 1}") for i, t in enumerate(tokens[1:])]
        if len(cycle) > 1 and cycle[0] == cycle[-1]:
            cycle.pop()  # the first target repeated at the end closes the cycle: allowed
        if not cycle:
            raise Reject("CYCLE without the targets of the cycle")
        if len(set(cycle)) != len(cycle):
            raise Reject("the cycle repeats a target")
        edge_set = set(edges)
        for i, a in enumerate(cycle):
            b = cycle[(i + 1) % len(cycle)]
            if (a, b) not in edge_set:
                raise Reject(f"{names[a]} does not depend on {names[b]} (cycle step {i + 1})")
        return f"valid cycle of {len(cycle)} targets"
    if judge_cycle:
        raise Reject("printed an order, but the dependencies contain a cycle")
    if len(tokens) != n:
        raise Reject(f"expected {n} targets in the order, got {len(tokens)}")
    position = [-1] * n
    for i, token in enumerate(tokens):
        t = target(token, f"line {i + 1}")
        if position[t] >= 0:
            raise Reject(f"{token} appears twice (lines {position[t] + 1} and {i + 1})")
        position[t] = i
    for a, b in edges:
        if position[b] > position[a]:
            raise Reject(f"{names[a]} (line {position[a] + 1}) is built before its dependency "
                         f"{names[b]} (line {position[b] + 1})")
    return f"valid order of {n} targets"


def main() -> int:
    input_path, answer_path, feedback = sys.argv[1:4]
    feedback_dir = Path(feedback)
    output = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    try:
        message = check(Path(input_path).read_text(), Path(answer_path).read_text(), output)
        code = AC
        team = "Correct."
    except Reject as reason:
        message = str(reason)
        code = WA
        team = "Wrong answer."  # details (target names of hidden tests) are for reviewers only
    (feedback_dir / "judgemessage.txt").write_text(message + "\n", encoding="utf-8")
    (feedback_dir / "teammessage.txt").write_text(team + "\n", encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
