#include <cstdio>
#include <vector>

int main() {
    int n, k;
    if (scanf("%d %d", &n, &k) != 2) return 0;
    std::vector<int> c(n);
    for (auto &x : c) scanf("%d", &x);
    static int cnt[1000001];
    int distinct = 0, left = 0;
    long long total = 0;
    for (int right = 0; right < n; ++right) {
        if (cnt[c[right]]++ == 0) ++distinct;
        while (distinct > k)
            if (--cnt[c[left++]] == 0) --distinct;
        total += right - left + 1;
    }
    printf("%lld\n", total);
}
