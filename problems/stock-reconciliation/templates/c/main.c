#include <stdio.h>
#include <string.h>

int main(void) {
    int n, m, k;
    char sku[32], id[32], kind[16], arg[32], qty[32];
    long long q;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; ++i) scanf("%31s %lld", sku, &q); /* opening stock */
    scanf("%d", &m);
    for (int i = 0; i < m; ++i) {
        scanf("%31s %15s %31s", id, kind, arg); /* arg: the SKU, or the target of a VOID */
        if (strcmp(kind, "VOID") != 0) scanf("%31s", qty); /* "+5", "-3" for ADJUST */
        /* TODO: book the entry */
    }
    scanf("%d", &k);
    for (int i = 0; i < k; ++i) scanf("%31s %lld", sku, &q); /* physical count */
    /* TODO: print the differences */
    printf("TOTAL 0 0\n");
    return 0;
}
