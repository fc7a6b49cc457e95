import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    k = int(lines[0])
    valid = skipped = 0
    for line in lines[1:]:
        if not line:
            continue
        # TODO: check the line, find its endpoint, latency (ms) and status
        skipped += 1
    print(valid, skipped)
    # TODO: print the first k endpoints: "METHOD PATH REQUESTS ERRORS P95"


if __name__ == "__main__":
    main()
