#include <stdio.h>
#include <stdlib.h>

#define MOD 1000000007LL

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 0;
    int *from = malloc(sizeof(int) * (m + 1)), *to = malloc(sizeof(int) * (m + 1)), *minutes = malloc(sizeof(int) * (m + 1));
    for (int i = 0; i < m; i++) scanf("%d %d %d", &from[i], &to[i], &minutes[i]);
    int k;
    scanf("%d", &k);
    for (int i = 0; i < k; i++) {
        int customer;
        scanf("%d", &customer);
        /* TODO: the fewest minutes from city 1 to the customer, and the number of such routes modulo MOD */
        printf("-1 0\n");
    }
    free(from); free(to); free(minutes);
    return 0;
}
