import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    views = []
    for line in lines[1:1 + n]:
        visitor, timestamp, path = line.split()
        views.append((visitor, int(timestamp), path))
    # TODO: per visitor: sessions and the longest one; then SESSIONS and BOUNCES
    print("SESSIONS 0")
    print("BOUNCES 0")


if __name__ == "__main__":
    main()
