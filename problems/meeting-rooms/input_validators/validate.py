"""Input validator of meeting-rooms (Kattis protocol: the test input on stdin, exit 42 valid, 43 not).

Flags: n_max=N and e_max=E, the group's bounds (problem.yaml: input_validator_args); by default the
problem's: n <= 100 000 and e <= 10^9. The format is strict: one space between numbers, every line
ends with a newline, nothing after the last meeting.
"""

import re
import sys

INTEGER = r"(0|[1-9][0-9]*)"


def reject(message: str) -> None:
    print(message)
    sys.exit(43)


def main() -> None:
    bounds = {"n_max": 100_000, "e_max": 10**9}
    for flag in sys.argv[1:]:
        key, _, value = flag.partition("=")
        if key not in bounds or not value.isdigit():
            print(f"unknown flag {flag!r}", file=sys.stderr)
            sys.exit(1)  # the validator's own failure, not the input's
        bounds[key] = int(value)
    lines = sys.stdin.buffer.read().decode("ascii", errors="replace").split("\n")
    if lines[-1] != "":
        reject("the input does not end with a newline")
    lines.pop()
    if not lines or not re.fullmatch(INTEGER, lines[0]):
        reject(f"line 1: expected the number of meetings, got {lines[0][:40] if lines else ''!r}")
    n = int(lines[0])
    if not 1 <= n <= bounds["n_max"]:
        reject(f"line 1: n = {n} is outside 1..{bounds['n_max']}")
    if len(lines) != n + 1:
        reject(f"expected {n} meetings after line 1, found {len(lines) - 1} line(s)")
    for number, line in enumerate(lines[1:], start=2):
        match = re.fullmatch(f"{INTEGER} {INTEGER}", line)
        if match is None:
            reject(f"line {number}: expected two integers 's e' separated by one space, got {line[:40]!r}")
        start, end = int(match.group(1)), int(match.group(2))
        if not start < end <= bounds["e_max"]:
            reject(f"line {number}: need 0 <= s < e <= {bounds['e_max']}, got {start} {end}")
    sys.exit(42)


main()
