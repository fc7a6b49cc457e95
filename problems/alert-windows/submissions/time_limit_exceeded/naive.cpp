// O(n * window) with a hash set per start: what a first attempt usually looks like.
#include <cstdio>
#include <unordered_set>
#include <vector>

int main() {
    int n, k;
    if (scanf("%d %d", &n, &k) != 2) return 0;
    std::vector<int> c(n);
    for (auto &x : c) scanf("%d", &x);
    long long total = 0;
    for (int left = 0; left < n; ++left) {
        std::unordered_set<int> seen;
        for (int right = left; right < n; ++right) {
            seen.insert(c[right]);
            if ((int)seen.size() > k) break;
            ++total;
        }
    }
    printf("%lld\n", total);
}
