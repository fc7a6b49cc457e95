/* Longest common subsequence of two DNA strings: the classic O(n*m) DP with two rows.
 * Input: "n m" then the two strings, one per line. Output: the LCS length. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    char *a = malloc(n + 1), *b = malloc(m + 1);
    if (scanf("%s %s", a, b) != 2) return 1;
    int *prev = calloc(m + 1, sizeof *prev), *cur = calloc(m + 1, sizeof *cur);
    for (int i = 0; i < n; i++) {
        cur[0] = 0;
        for (int j = 1; j <= m; j++) {
            if (a[i] == b[j - 1]) cur[j] = prev[j - 1] + 1;
            else cur[j] = cur[j - 1] > prev[j] ? cur[j - 1] : prev[j];
        }
        int *t = prev;
        prev = cur;
        cur = t;
    }
    printf("%d\n", prev[m]);
    return 0;
}
