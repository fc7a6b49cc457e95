"""Output validator (Kattis protocol): checker.py input answer feedback_dir < candidate_output.

Accepts any roster that gives every shift one engineer who is available for it, with no engineer over their
limit, when the judge found one; and IMPOSSIBLE when the judge found none. Exit 42 AC, 43 WA.
"""

import sys
from pathlib import Path

AC, WA = 42, 43


class Reject(Exception):
    pass


def check(input_text: str, answer_text: str, output: str) -> str:
    data = input_text.split()
    e, s = int(data[0]), int(data[1])
    capacity: dict[str, int] = {}
    available: dict[str, set[int]] = {}
    at = 2
    for _ in range(e):
        name, cap, k = data[at], int(data[at + 1]), int(data[at + 2])
        capacity[name] = cap
        available[name] = {int(x) for x in data[at + 3:at + 3 + k]}
        at += 3 + k
    judge_impossible = answer_text.split()[:1] == ["IMPOSSIBLE"]
    tokens = output.split()
    if not tokens:
        raise Reject("empty output")
    if tokens == ["IMPOSSIBLE"]:
        if not judge_impossible:
            raise Reject("printed IMPOSSIBLE, but a roster exists")
        return "IMPOSSIBLE, correctly"
    if judge_impossible:
        raise Reject("printed a roster, but no roster can cover every shift")
    if len(tokens) != s:
        raise Reject(f"expected {s} lines (one engineer per shift), got {len(tokens)}")
    load: dict[str, int] = {}
    for shift, name in enumerate(tokens, 1):
        if name not in capacity:
            shown = name if len(name) <= 40 else name[:40] + "..."
            raise Reject(f"shift {shift}: {shown!r} is not an engineer of the input")
        if shift not in available[name]:
            raise Reject(f"shift {shift}: {name} is not available for it")
        load[name] = load.get(name, 0) + 1
        if load[name] > capacity[name]:
            raise Reject(f"shift {shift}: {name} is over their limit of {capacity[name]} shifts")
    return f"valid roster of {s} shifts"


def main() -> int:
    input_path, answer_path, feedback = sys.argv[1:4]
    feedback_dir = Path(feedback)
    output = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    try:
        message = check(Path(input_path).read_text(), Path(answer_path).read_text(), output)
        code, team = AC, "Correct."
    except Reject as reason:
        message, code, team = str(reason), WA, "Wrong answer."  # details of hidden tests are for reviewers only
    (feedback_dir / "judgemessage.txt").write_text(message + "\n", encoding="utf-8")
    (feedback_dir / "teammessage.txt").write_text(team + "\n", encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
