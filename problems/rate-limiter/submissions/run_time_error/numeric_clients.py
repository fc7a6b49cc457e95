# Assumes client ids are numbers (int(client) to index a list): ValueError on "svc-billing".
import sys
from collections import deque

data = sys.stdin.buffer.read().split()
n, limit, window = int(data[0]), int(data[1]), int(data[2])
recent = [deque() for _ in range(100_000)]
accepted, rejected = [0] * 100_000, [0] * 100_000
for i in range(n):
    t, client = int(data[3 + 2 * i]), int(data[4 + 2 * i])
    q = recent[client]
    while q and q[0] <= t - window:
        q.popleft()
    if len(q) < limit:
        q.append(t)
        accepted[client] += 1
    else:
        rejected[client] += 1
total = sum(rejected)
print(n - total, total)
for c in sorted((c for c in range(100_000) if rejected[c]), key=lambda c: (-rejected[c], str(c))):
    print(c, accepted[c], rejected[c])
