import sys


def main() -> None:
    data = sys.stdin.read().split()
    e, s = int(data[0]), int(data[1])
    engineers = []  # (name, limit, set of shifts)
    at = 2
    for _ in range(e):
        name, limit, k = data[at], int(data[at + 1]), int(data[at + 2])
        engineers.append((name, limit, {int(x) for x in data[at + 3:at + 3 + k]}))
        at += 3 + k
    # TODO: one engineer per shift, each available for it and within their limit; or IMPOSSIBLE
    print("IMPOSSIBLE")


if __name__ == "__main__":
    main()
