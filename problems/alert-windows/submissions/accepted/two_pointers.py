import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    codes = data[2 : 2 + n]
    count: dict[bytes, int] = {}
    distinct = 0
    left = 0
    total = 0
    for right in range(n):
        c = codes[right]
        seen = count.get(c, 0)
        if seen == 0:
            distinct += 1
        count[c] = seen + 1
        while distinct > k:
            d = codes[left]
            count[d] -= 1
            if count[d] == 0:
                distinct -= 1
            left += 1
        total += right - left + 1
    print(total)


main()
