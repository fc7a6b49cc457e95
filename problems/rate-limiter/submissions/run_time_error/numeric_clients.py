# Assumes client ids are numbers (int(client) indexes the tables): ValueError on "svc-billing".
import sys
from collections import deque

data = sys.stdin.buffer.read().split()
n, limit, window = int(data[0]), int(data[1]), int(data[2])
recent, accepted, rejected = {}, {}, {}
for i in range(n):
    t, client = int(data[3 + 2 * i]), int(data[4 + 2 * i])
    q = recent.setdefault(client, deque())
    accepted.setdefault(client, 0)
    rejected.setdefault(client, 0)
    while q and q[0] <= t - window:
        q.popleft()
    if len(q) < limit:
        q.append(t)
        accepted[client] += 1
    else:
        rejected[client] += 1
total = sum(rejected.values())
print(n - total, total)
for c in sorted((c for c in rejected if rejected[c]), key=lambda c: (-rejected[c], str(c))):
    print(c, accepted[c], rejected[c])
