"""Union-find, but addresses are compared as written: Ada@Example.com and ada@example.com stay apart."""
import sys

data = sys.stdin.read().split("\n")
n = int(data[0])
parent = list(range(n))


def find(x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


owner: dict[str, int] = {}
for i in range(n):
    for email in data[1 + i].split()[2:]:
        if email in owner:
            a, b = find(owner[email]), find(i)
            parent[max(a, b)] = min(a, b)
        else:
            owner[email] = i
groups: dict[int, list[int]] = {}
for i in range(n):
    groups.setdefault(find(i), []).append(i + 1)
print(len(groups))
for root in sorted(groups):
    print(" ".join(map(str, groups[root])))
