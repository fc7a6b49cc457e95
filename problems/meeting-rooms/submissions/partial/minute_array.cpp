// Marks every minute of every meeting in an array indexed by time: fine for one day (small group),
// but for times up to 10^9 the array needs gigabytes: over the memory limit.
#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<long long> s(n), e(n);
    long long last = 0;
    for (int i = 0; i < n; ++i) {
        scanf("%lld %lld", &s[i], &e[i]);
        last = std::max(last, e[i]);
    }
    std::vector<long long> diff(last + 1, 0);
    for (int i = 0; i < n; ++i) {
        diff[s[i]] += 1;
        diff[e[i]] -= 1;
    }
    long long rooms = 0, best = 0;
    for (long long t = 0; t <= last; ++t) {
        rooms += diff[t];
        best = std::max(best, rooms);
    }
    printf("%lld\n", best);
}
