import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    starts = sorted(int(x) for x in data[1 : 1 + 2 * n : 2])
    ends = sorted(int(x) for x in data[2 : 2 + 2 * n : 2])
    rooms = best = 0
    j = 0
    for s in starts:
        while ends[j] <= s:  # a meeting ending at s frees its room for one starting at s
            j += 1
            rooms -= 1
        rooms += 1
        best = max(best, rooms)
    print(best)


main()
