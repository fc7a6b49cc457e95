#include <math.h>
#include <stdio.h>

int main(void) {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        double p, rate;
        int n, m;
        scanf("%lf %lf %d %d", &p, &rate, &n, &m);
        double payment = 0, balance = 0, paid_interest = 0, total_interest = 0;
        /* TODO: your solution here */
        printf("%.6f %.6f %.6f %.6f\n", payment, balance, paid_interest, total_interest);
    }
    return 0;
}
