// Reads the codes into a 1000-element buffer with checked access: fine on the samples, crashes on the rest.
#include <cstdio>
#include <cstring>
#include <vector>

int main() {
    int n, k;
    if (scanf("%d %d", &n, &k) != 2) return 0;
    std::vector<int> cnt(1000001, 0);
    std::vector<int> c(1000);
    for (int i = 0; i < n; ++i) scanf("%d", &c.at(i));
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
