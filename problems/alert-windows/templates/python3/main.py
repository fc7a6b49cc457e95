import sys


def count_windows(k: int, codes: list[int]) -> int:
    """Number of windows (contiguous stretches) of codes with at most k distinct values."""
    # TODO: your solution here
    return 0


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    codes = [int(x) for x in data[2 : 2 + n]]
    print(count_windows(k, codes))


if __name__ == "__main__":
    main()
