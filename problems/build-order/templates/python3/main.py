import sys


def main() -> None:
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    names = data[2 : 2 + n]
    dependencies = [(data[2 + n + 2 * k], data[3 + n + 2 * k]) for k in range(m)]  # (a, b): a needs b
    # TODO: print a build order, one name per line, or CYCLE and the targets of a cycle
    print("\n".join(names))


if __name__ == "__main__":
    main()
