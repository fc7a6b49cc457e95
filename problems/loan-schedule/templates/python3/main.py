import sys


def schedule(principal: float, annual_percent: float, n: int, m: int) -> tuple[float, float, float, float]:
    """(monthly payment, balance after m payments, interest paid in m months, total interest)."""
    # TODO: your solution here
    return 0.0, 0.0, 0.0, 0.0


def main() -> None:
    data = sys.stdin.read().split()
    t = int(data[0])
    for i in range(t):
        p, rate, n, m = float(data[1 + 4 * i]), float(data[2 + 4 * i]), int(data[3 + 4 * i]), int(data[4 + 4 * i])
        print("%.6f %.6f %.6f %.6f" % schedule(p, rate, n, m))


if __name__ == "__main__":
    main()
