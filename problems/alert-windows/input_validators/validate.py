"""Input validator of alert-windows (Kattis protocol: the test input on stdin, exit 42 valid, 43 not).

Line 1: n K with 1 <= K <= n <= 100 000; line 2: n codes, each 1..1 000 000; single spaces, every
line ends with a newline, nothing more.
"""

import re
import sys

N_MAX = 100_000
CODE_MAX = 1_000_000
INTEGER = re.compile(r"0|[1-9][0-9]*")


def reject(message: str) -> None:
    print(message)
    sys.exit(43)


def integers(line: str, number: int) -> list[int]:
    fields = line.split(" ")
    if not all(INTEGER.fullmatch(field) for field in fields):
        reject(f"line {number}: expected integers separated by single spaces, got {line[:40]!r}")
    return [int(field) for field in fields]


def main() -> None:
    lines = sys.stdin.buffer.read().decode("ascii", errors="replace").split("\n")
    if lines[-1] != "":
        reject("the input does not end with a newline")
    lines.pop()
    if len(lines) != 2:
        reject(f"expected 2 lines, found {len(lines)}")
    header = integers(lines[0], 1)
    if len(header) != 2:
        reject(f"line 1: expected 'n K', got {lines[0][:40]!r}")
    n, k = header
    if not 1 <= k <= n <= N_MAX:
        reject(f"line 1: need 1 <= K <= n <= {N_MAX}, got n = {n}, K = {k}")
    codes = integers(lines[1], 2)
    if len(codes) != n:
        reject(f"line 2: expected {n} codes, found {len(codes)}")
    if not all(1 <= code <= CODE_MAX for code in codes):
        reject(f"line 2: every code must be in 1..{CODE_MAX}")
    sys.exit(42)


main()
