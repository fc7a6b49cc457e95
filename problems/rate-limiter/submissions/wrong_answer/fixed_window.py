# A fixed window (counter reset every W ms, aligned at 0) instead of a sliding one: a burst across a
# window boundary lets up to 2L requests through.
import sys

data = sys.stdin.buffer.read().split()
n, limit, window = int(data[0]), int(data[1]), int(data[2])
bucket, count, accepted, rejected = {}, {}, {}, {}
for i in range(n):
    t, client = int(data[3 + 2 * i]), data[4 + 2 * i].decode()
    b = t // window
    if bucket.get(client) != b:
        bucket[client], count[client] = b, 0
    accepted.setdefault(client, 0)
    rejected.setdefault(client, 0)
    if count[client] < limit:
        count[client] += 1
        accepted[client] += 1
    else:
        rejected[client] += 1
total = sum(rejected.values())
print(n - total, total)
for c in sorted((c for c in rejected if rejected[c]), key=lambda c: (-rejected[c], c)):
    print(c, accepted[c], rejected[c])
