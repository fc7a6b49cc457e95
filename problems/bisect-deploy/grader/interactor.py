"""Interactor (Kattis protocol): interactor.py input answer feedback_dir, with its stdin reading the
candidate's stdout and its stdout writing to the candidate's stdin. Exit 42 accepted, 43 wrong answer.

Input file: T, then T lines "n k": commits 1..n, the first bad one is k (1 <= k <= n), or k = 0 for an
adversary that answers so as to keep as many commits possible as it can (the answer is then whatever
commit the candidate's queries pin down; it must be pinned down). The answer file is not used.
"""

import sys
from pathlib import Path

AC, WA = 42, 43


def limit_for(n: int) -> int:
    """ceil(log2(n)): enough for a binary search, not one query more."""
    return (n - 1).bit_length()


class Reject(Exception):
    pass


def main() -> int:
    input_path, _answer, feedback = sys.argv[1:4]
    feedback_dir = Path(feedback)
    lines = Path(input_path).read_text().split()
    t = int(lines[0])
    scenarios = [(int(lines[1 + 2 * i]), int(lines[2 + 2 * i])) for i in range(t)]
    total_queries = 0

    def send(text: str) -> None:
        try:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise Reject("the program stopped reading its input") from None

    def receive(where: str) -> list[str]:
        line = sys.stdin.readline()
        if not line:
            raise Reject(f"{where}: the program ended (or closed its output) without answering")
        parts = line.split()
        if len(parts) != 2 or parts[0] not in ("?", "!"):
            shown = line.strip()[:60]
            raise Reject(f"{where}: expected '? k' or '! k', got {shown!r}")
        return parts

    def number(text: str, n: int, where: str) -> int:
        if not text.isdigit() or len(text) > 20:
            raise Reject(f"{where}: {text[:30]!r} is not a commit number")
        value = int(text)
        if not 1 <= value <= n:
            raise Reject(f"{where}: commit {value} is outside 1..{n}")
        return value

    try:
        send(str(t))
        for index, (n, k) in enumerate(scenarios, 1):
            where = f"scenario {index} (n={n})"
            lo, hi = 1, n  # the first bad commit is in lo..hi as far as the answers so far go
            limit = limit_for(n)
            used = 0
            send(str(n))
            while True:
                kind, text = receive(where)
                value = number(text, n, where)
                if kind == "!":
                    if k:
                        if value != k:
                            raise Reject(f"{where}: answered {value}, the first bad commit is {k}")
                    elif lo != hi:
                        raise Reject(f"{where}: answered {value}, but the answers so far allow any commit "
                                     f"from {lo} to {hi}")
                    break
                used += 1
                total_queries += 1
                if used > limit:
                    raise Reject(f"{where}: more than {limit} queries")
                if k:
                    bad = value >= k
                elif value < lo:
                    bad = False
                elif value >= hi:
                    bad = True
                else:
                    bad = value - lo + 1 > hi - value  # keep the larger side open
                if bad:
                    hi = min(hi, value)
                else:
                    lo = max(lo, value + 1)
                send("bad" if bad else "good")
        extra = sys.stdin.readline()
        if extra.strip():
            raise Reject(f"output after the last answer: {extra.strip()[:60]!r}")
    except Reject as reason:
        (feedback_dir / "judgemessage.txt").write_text(f"{reason}\n")
        (feedback_dir / "teammessage.txt").write_text("Wrong answer.\n")
        return WA
    (feedback_dir / "judgemessage.txt").write_text(f"{t} scenarios, {total_queries} queries in all\n")
    return AC


if __name__ == "__main__":
    sys.exit(main())
