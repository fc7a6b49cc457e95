"""Compares every pair of accounts (O(N^2) set intersections): right, and fast enough for the small group only."""
import sys


def main() -> None:
    data = sys.stdin.read().split("\n")
    n = int(data[0])
    emails = [{e.lower() for e in data[1 + i].split()[2:]} for i in range(n)]
    group = list(range(n))
    changed = True
    while changed:
        changed = False
        for i in range(n):
            for j in range(i + 1, n):
                if group[i] != group[j] and emails[i] & emails[j]:
                    low, high = min(group[i], group[j]), max(group[i], group[j])
                    group = [low if g == high else g for g in group]
                    changed = True
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(group[i], []).append(i + 1)
    print(len(members))
    for g in sorted(members):
        print(" ".join(map(str, members[g])))


if __name__ == "__main__":
    main()
