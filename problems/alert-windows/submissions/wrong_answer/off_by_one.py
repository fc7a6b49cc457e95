# Counts windows with FEWER than K distinct codes (strict comparison).
import sys

data = sys.stdin.buffer.read().split()
n, k = int(data[0]), int(data[1])
codes = data[2 : 2 + n]
count: dict[bytes, int] = {}
left = total = 0
for right in range(n):
    count[codes[right]] = count.get(codes[right], 0) + 1
    while len(count) >= k and left <= right:
        d = codes[left]
        count[d] -= 1
        if count[d] == 0:
            del count[d]
        left += 1
    total += right - left + 1
print(total)
