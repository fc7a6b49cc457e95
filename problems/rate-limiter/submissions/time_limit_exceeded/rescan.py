# For each request, counts the client's accepted requests inside the window by scanning its whole
# history: O(n^2) for a busy client.
import sys

data = sys.stdin.buffer.read().split()
n, limit, window = int(data[0]), int(data[1]), int(data[2])
history, rejected = {}, {}
for i in range(n):
    t, client = int(data[3 + 2 * i]), data[4 + 2 * i].decode()
    past = history.setdefault(client, [])
    rejected.setdefault(client, 0)
    if sum(1 for s in past if s > t - window) < limit:
        past.append(t)
    else:
        rejected[client] += 1
total = sum(rejected.values())
print(n - total, total)
for c in sorted((c for c in rejected if rejected[c]), key=lambda c: (-rejected[c], c)):
    print(c, len(history[c]), rejected[c])
