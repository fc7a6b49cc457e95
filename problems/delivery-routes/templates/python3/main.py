import sys

MOD = 1_000_000_007


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    roads = [(int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])) for i in range(m)]
    at = 2 + 3 * m
    customers = [int(x) for x in data[at + 1:at + 1 + int(data[at])]]
    # TODO: the fewest minutes from city 1 to each customer, and the number of such routes modulo MOD
    for customer in customers:
        print(-1, 0)


if __name__ == "__main__":
    main()
