import sys


def loan(principal: float, annual_percent: float, months: int, m: int) -> tuple[float, float, float, float]:
    r = annual_percent / 1200.0
    if r == 0.0:
        payment = principal / months
        balance = principal - payment * m
    else:
        growth = (1.0 + r) ** m
        payment = principal * r / (1.0 - (1.0 + r) ** -months)
        balance = principal * growth - payment * (growth - 1.0) / r
    paid_interest = payment * m - (principal - balance)
    total_interest = payment * months - principal
    return payment, balance, paid_interest, total_interest


def main() -> None:
    data = sys.stdin.read().split()
    t = int(data[0])
    out = []
    for i in range(t):
        p, rate, n, m = data[1 + 4 * i : 5 + 4 * i]
        out.append("%.6f %.6f %.6f %.6f" % loan(float(p), float(rate), int(n), int(m)))
    print("\n".join(out))


main()
