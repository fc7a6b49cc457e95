# The textbook annuity formula without the zero-interest case: ZeroDivisionError on a 0% loan.
import sys

data = sys.stdin.read().split()
for i in range(int(data[0])):
    p, rate, n, m = float(data[1 + 4 * i]), float(data[2 + 4 * i]), int(data[3 + 4 * i]), int(data[4 + 4 * i])
    r = rate / 1200
    payment = p * r / (1 - (1 + r) ** -n)
    g = (1 + r) ** m
    balance = p * g - payment * (g - 1) / r
    print(f"{payment:.6f} {balance:.6f} {payment * m - (p - balance):.6f} {payment * n - p:.6f}")
