# Binary search, then one more query "to be sure" the answer is bad: one query over the limit.
# (Like every reference submission that expects WA here, it exits quietly when the CI system hangs up.)
import sys


def read() -> str:
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)  # the interactor ended the interaction
    return line.strip()


t = int(read())
for _ in range(t):
    n = int(read())
    lo, hi = 1, n
    while lo < hi:
        mid = (lo + hi) // 2
        print(f"? {mid}", flush=True)
        if read() == "bad":
            hi = mid
        else:
            lo = mid + 1
    print(f"? {lo}", flush=True)
    read()
    print(f"! {lo}", flush=True)
