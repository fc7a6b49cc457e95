// Month-by-month simulation of the schedule (no closed form for the balance).
#include <cmath>
#include <cstdio>

int main() {
    int t;
    if (scanf("%d", &t) != 1) return 0;
    while (t--) {
        double p, rate;
        int n, m;
        scanf("%lf %lf %d %d", &p, &rate, &n, &m);
        double r = rate / 1200.0;
        double payment = r == 0.0 ? p / n : p * r / (1.0 - std::pow(1.0 + r, -n));
        double balance = p, interest = 0.0;
        for (int k = 0; k < m; ++k) {
            double i = balance * r;
            interest += i;
            balance += i - payment;
        }
        printf("%.6f %.6f %.6f %.6f\n", payment, balance, interest, payment * n - p);
    }
}
