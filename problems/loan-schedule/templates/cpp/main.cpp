#include <cmath>
#include <cstdio>

int main() {
    int t;
    if (std::scanf("%d", &t) != 1) return 1;
    while (t--) {
        double p, rate;
        int n, m;
        std::scanf("%lf %lf %d %d", &p, &rate, &n, &m);
        double payment = 0, balance = 0, paidInterest = 0, totalInterest = 0;
        // TODO: your solution here
        std::printf("%.6f %.6f %.6f %.6f\n", payment, balance, paidInterest, totalInterest);
    }
}
