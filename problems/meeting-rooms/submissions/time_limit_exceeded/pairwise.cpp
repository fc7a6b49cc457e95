// O(n^2): for each meeting, count the meetings running when it starts. Fast enough up to a few
// thousand meetings, far too slow for 100 000.
#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<long long> s(n), e(n);
    for (int i = 0; i < n; ++i) scanf("%lld %lld", &s[i], &e[i]);
    int best = 0;
    for (int i = 0; i < n; ++i) {
        int running = 0;
        for (int j = 0; j < n; ++j)
            if (s[j] <= s[i] && s[i] < e[j]) ++running;
        best = std::max(best, running);
    }
    printf("%d\n", best);
}
