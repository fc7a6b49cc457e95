"""Input validator of build-order (Kattis protocol: the test input on stdin, exit 42 valid, 43 not).

Line 1: n m with 1 <= n <= 10 000 and 0 <= m <= 30 000; then n distinct target names (letters,
digits, _ - . /, at most 40 characters); then m lines 'A B' naming two of those targets.
"""

import re
import sys

N_MAX = 10_000
M_MAX = 30_000
NAME = re.compile(r"[A-Za-z0-9_./-]{1,40}")


def reject(message: str) -> None:
    print(message)
    sys.exit(43)


def main() -> None:
    lines = sys.stdin.buffer.read().decode("ascii", errors="replace").split("\n")
    if lines[-1] != "":
        reject("the input does not end with a newline")
    lines.pop()
    header = re.fullmatch(r"(0|[1-9][0-9]*) (0|[1-9][0-9]*)", lines[0] if lines else "")
    if header is None:
        reject("line 1: expected 'n m'")
    n, m = int(header.group(1)), int(header.group(2))
    if not (1 <= n <= N_MAX and 0 <= m <= M_MAX):
        reject(f"line 1: need 1 <= n <= {N_MAX} and 0 <= m <= {M_MAX}, got {n} {m}")
    if len(lines) != 1 + n + m:
        reject(f"expected {1 + n + m} lines (n = {n} targets, m = {m} dependencies), found {len(lines)}")
    names = set()
    for number, name in enumerate(lines[1:1 + n], start=2):
        if not NAME.fullmatch(name):
            reject(f"line {number}: {name[:50]!r} is not a target name")
        if name in names:
            reject(f"line {number}: target {name!r} is listed twice")
        names.add(name)
    for number, line in enumerate(lines[1 + n:], start=2 + n):
        pair = line.split(" ")
        if len(pair) != 2 or not all(target in names for target in pair):
            reject(f"line {number}: expected two known targets 'A B', got {line[:80]!r}")
    sys.exit(42)


main()
