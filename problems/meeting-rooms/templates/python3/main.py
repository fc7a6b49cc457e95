import sys


def min_rooms(meetings: list[tuple[int, int]]) -> int:
    """Fewest rooms for meetings [s, e) (half-open: back-to-back meetings can share a room)."""
    # TODO: your solution here
    return 0


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    meetings = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
    print(min_rooms(meetings))


if __name__ == "__main__":
    main()
