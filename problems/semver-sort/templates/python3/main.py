import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    tags = lines[1:1 + n]
    # TODO: keep the valid versions, sort them by precedence (stable), then list the invalid tags
    for tag in tags:
        print(tag)


if __name__ == "__main__":
    main()
