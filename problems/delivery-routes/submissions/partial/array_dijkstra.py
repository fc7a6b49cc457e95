"""Dijkstra without a heap: each step scans every city for the nearest unsettled one, O(N^2). Right, and fast
enough for the small group only."""
import sys

MOD = 1_000_000_007


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for i in range(m):
        a, b, w = int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])
        adjacency[a].append((b, w))
    at = 2 + 3 * m
    customers = [int(x) for x in data[at + 1:at + 1 + int(data[at])]]
    infinity = float("inf")
    dist, ways, done = [infinity] * (n + 1), [0] * (n + 1), [False] * (n + 1)
    dist[1], ways[1] = 0, 1
    for _ in range(n):
        city, best = -1, infinity
        for c in range(1, n + 1):
            if not done[c] and dist[c] < best:
                city, best = c, dist[c]
        if city < 0:
            break
        done[city] = True
        for nxt, w in adjacency[city]:
            if best + w < dist[nxt]:
                dist[nxt], ways[nxt] = best + w, ways[city]
            elif best + w == dist[nxt]:
                ways[nxt] = (ways[nxt] + ways[city]) % MOD
    print("\n".join(f"{dist[c]} {ways[c]}" if dist[c] != infinity else "-1 0" for c in customers))


if __name__ == "__main__":
    main()
