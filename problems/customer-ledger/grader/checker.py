"""Output validator (Kattis protocol): checker.py input answer feedback_dir < candidate_output.

The candidate prints a JSON document; it is accepted when it equals the expected one as JSON data:
whitespace, key order and string escapes do not matter, list order does, numbers compare by value
(3 and 3.0 are equal) and true/false are not numbers. Exit 42 accepted, 43 wrong answer.
"""

import json
import sys
from pathlib import Path

AC, WA = 42, 43


def diff(got: object, want: object, where: str = "$") -> str | None:
    """The first difference as a message, or None when equal."""
    if isinstance(want, bool) or isinstance(got, bool):
        return None if got is want else f"{where}: expected {json.dumps(want)}, got {json.dumps(got)}"
    if isinstance(want, (int, float)):
        if isinstance(got, (int, float)) and got == want:
            return None
        return f"{where}: expected {json.dumps(want)}, got {json.dumps(got)[:80]}"
    if isinstance(want, str):
        return None if got == want else f"{where}: expected {json.dumps(want)}, got {json.dumps(got)[:80]}"
    if want is None:
        return None if got is None else f"{where}: expected null, got {json.dumps(got)[:80]}"
    if isinstance(want, list):
        if not isinstance(got, list):
            return f"{where}: expected an array, got {type(got).__name__}"
        for index, (g, w) in enumerate(zip(got, want, strict=False)):
            problem = diff(g, w, f"{where}[{index}]")
            if problem:
                return problem
        if len(got) != len(want):
            return f"{where}: expected {len(want)} elements, got {len(got)}"
        return None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{where}: expected an object, got {type(got).__name__}"
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        if missing:
            return f"{where}: missing key {missing[0]!r}"
        if extra:
            return f"{where}: unexpected key {extra[0]!r}"
        for key in want:
            problem = diff(got[key], want[key], f"{where}.{key}")
            if problem:
                return problem
        return None
    raise ValueError(f"unexpected value in the answer file: {want!r}")


def main() -> int:
    _input, answer, feedback = sys.argv[1:4]
    feedback_dir = Path(feedback)
    want = json.loads(Path(answer).read_bytes())
    raw = sys.stdin.buffer.read()

    def verdict(code: int, judge: str, team: str) -> int:
        (feedback_dir / "judgemessage.txt").write_text(judge + "\n", encoding="utf-8")
        (feedback_dir / "teammessage.txt").write_text(team + "\n", encoding="utf-8")
        return code

    try:
        got = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return verdict(WA, f"output is not UTF-8: {exc}", "Your output is not valid UTF-8.")
    except json.JSONDecodeError as exc:
        return verdict(WA, f"output is not JSON: {exc}", "Your output is not a valid JSON document.")
    problem = diff(got, want)
    if problem:
        return verdict(WA, problem, "Your report differs from the expected one.")
    return verdict(AC, "output matches the expected JSON", "Correct.")


if __name__ == "__main__":
    sys.exit(main())
