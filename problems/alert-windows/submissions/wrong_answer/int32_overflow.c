/* Correct algorithm, but the total is kept in a 32-bit int: overflows on the large tests. */
#include <stdio.h>

static int cnt[1000001];
static int c[100000];

int main(void) {
    int n, k;
    if (scanf("%d %d", &n, &k) != 2) return 0;
    for (int i = 0; i < n; ++i) scanf("%d", &c[i]);
    int distinct = 0, left = 0;
    int total = 0;
    for (int right = 0; right < n; ++right) {
        if (cnt[c[right]]++ == 0) ++distinct;
        while (distinct > k)
            if (--cnt[c[left++]] == 0) --distinct;
        total += right - left + 1;
    }
    printf("%d\n", total);
    return 0;
}
