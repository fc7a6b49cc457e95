#include <cstdio>
#include <vector>

const long long MOD = 1000000007LL;

int main() {
    int n, m;
    if (std::scanf("%d %d", &n, &m) != 2) return 0;
    std::vector<int> from(m), to(m), minutes(m);
    for (int i = 0; i < m; i++) std::scanf("%d %d %d", &from[i], &to[i], &minutes[i]);
    int k;
    std::scanf("%d", &k);
    for (int i = 0; i < k; i++) {
        int customer;
        std::scanf("%d", &customer);
        // TODO: the fewest minutes from city 1 to the customer, and the number of such routes modulo MOD
        std::printf("-1 0\n");
    }
}
