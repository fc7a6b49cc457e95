import sys


def main() -> None:
    lines = sys.stdin.read().splitlines()
    r = int(lines[0])
    routes = [line.split() for line in lines[1:1 + r]]  # [method, pattern, name]
    q = int(lines[1 + r])
    out = []
    for line in lines[2 + r:2 + r + q]:
        method, path = line.split()
        out.append("404")  # TODO: find the most specific route of this method, or 405 / 404
    print("\n".join(out))


if __name__ == "__main__":
    main()
