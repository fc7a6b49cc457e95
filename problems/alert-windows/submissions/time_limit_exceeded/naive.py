# O(n * window): for every start, extend to the right until a (K+1)-th code appears.
import sys

data = sys.stdin.buffer.read().split()
n, k = int(data[0]), int(data[1])
codes = data[2 : 2 + n]
total = 0
for left in range(n):
    seen = set()
    for right in range(left, n):
        seen.add(codes[right])
        if len(seen) > k:
            break
        total += 1
print(total)
