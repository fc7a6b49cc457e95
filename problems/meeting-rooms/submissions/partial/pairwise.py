# O(n^2): for each meeting, count the meetings running when it starts. Passes the small group and
# the smaller medium tests, too slow beyond.
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
meetings = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
best = 0
for s, _ in meetings:
    running = 0
    for s2, e2 in meetings:
        if s2 <= s < e2:
            running += 1
    best = max(best, running)
print(best)
