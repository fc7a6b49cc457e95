import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    m = int(lines[0])
    quotes = []
    for line in lines[1:1 + m]:
        a, b, rate = line.split()
        quotes.append((a, b, float(rate)))
    q = int(lines[1 + m])
    queries = [tuple(line.split()) for line in lines[2 + m:2 + m + q]]
    # TODO: ARBITRAGE if a cycle gains money; else the best rate per query, 1 for a currency to itself, -1 if none
    for a, b in queries:
        print(-1)


if __name__ == "__main__":
    main()
