# Kahn's algorithm, but it never checks that every target was built: with a cycle it prints a
# partial order instead of CYCLE.
import sys
from collections import deque

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
names = data[2 : 2 + n]
index = {name: i for i, name in enumerate(names)}
users = [[] for _ in range(n)]
pending = [0] * n
for k in range(m):
    a, b = index[data[2 + n + 2 * k]], index[data[3 + n + 2 * k]]
    users[b].append(a)
    pending[a] += 1
ready = deque(i for i in range(n) if pending[i] == 0)
order = []
while ready:
    b = ready.popleft()
    order.append(names[b])
    for a in users[b]:
        pending[a] -= 1
        if pending[a] == 0:
            ready.append(a)
print("\n".join(order))
