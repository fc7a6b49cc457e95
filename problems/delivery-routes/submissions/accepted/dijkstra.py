"""Reference: Dijkstra from the depot with a binary heap, counting shortest paths as it settles cities."""
import heapq
import sys

MOD = 1_000_000_007


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    at = 2
    for _ in range(m):
        a, b, minutes = int(data[at]), int(data[at + 1]), int(data[at + 2])
        adjacency[a].append((b, minutes))
        at += 3
    k = int(data[at])
    customers = [int(x) for x in data[at + 1:at + 1 + k]]
    infinity = float("inf")
    dist = [infinity] * (n + 1)
    ways = [0] * (n + 1)
    dist[1], ways[1] = 0, 1
    heap = [(0, 1)]
    while heap:
        d, city = heapq.heappop(heap)
        if d > dist[city]:
            continue  # a stale entry: the city was settled at a shorter distance
        for nxt, minutes in adjacency[city]:
            nd = d + minutes
            if nd < dist[nxt]:
                dist[nxt], ways[nxt] = nd, ways[city]
                heapq.heappush(heap, (nd, nxt))
            elif nd == dist[nxt]:
                ways[nxt] = (ways[nxt] + ways[city]) % MOD
    out = [f"{dist[c]} {ways[c]}" if dist[c] != infinity else "-1 0" for c in customers]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
