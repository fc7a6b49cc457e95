import sys
from collections import deque


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, limit, window = int(data[0]), int(data[1]), int(data[2])
    recent: dict[bytes, deque] = {}  # client -> timestamps of its accepted requests still in the window
    accepted: dict[bytes, int] = {}
    rejected: dict[bytes, int] = {}
    total_rejected = 0
    for i in range(n):
        t = int(data[3 + 2 * i])
        client = data[4 + 2 * i]
        q = recent.get(client)
        if q is None:
            q = recent[client] = deque()
            accepted[client] = rejected[client] = 0
        while q and q[0] <= t - window:
            q.popleft()
        if len(q) < limit:
            q.append(t)
            accepted[client] += 1
        else:
            rejected[client] += 1
            total_rejected += 1
    out = [f"{n - total_rejected} {total_rejected}"]
    for client in sorted((c for c in rejected if rejected[c]), key=lambda c: (-rejected[c], c)):
        out.append(f"{client.decode()} {accepted[client]} {rejected[client]}")
    print("\n".join(out))


main()
