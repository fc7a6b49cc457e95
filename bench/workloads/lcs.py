# Longest common subsequence of two DNA strings: the classic O(n*m) DP a candidate would write.
# Input: "n m" then the two strings, one per line. Output: the LCS length.
import sys


def lcs(a: bytes, b: bytes) -> int:
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
            else:
                cur[j] = cur[j - 1] if cur[j - 1] > prev[j] else prev[j]
        prev = cur
    return prev[-1]


def main() -> None:
    data = sys.stdin.buffer.read().split()
    print(lcs(data[2], data[3]))


main()
