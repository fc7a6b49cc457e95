#include <stdio.h>
#include <stdlib.h>

/* Number of windows of codes[0..n-1] with at most k distinct values. */
long long count_windows(int n, int k, const int *codes) {
    /* TODO: your solution here */
    (void)n; (void)k; (void)codes;
    return 0;
}

int main(void) {
    int n, k;
    if (scanf("%d %d", &n, &k) != 2) return 1;
    int *codes = malloc(sizeof *codes * n);
    for (int i = 0; i < n; ++i) scanf("%d", &codes[i]);
    printf("%lld\n", count_windows(n, k, codes));
    free(codes);
    return 0;
}
