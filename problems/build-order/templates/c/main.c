#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME 48

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    char (*names)[NAME] = malloc(sizeof *names * n);
    for (int i = 0; i < n; ++i) scanf("%47s", names[i]);
    char (*dep_a)[NAME] = malloc(sizeof *dep_a * (m + 1));
    char (*dep_b)[NAME] = malloc(sizeof *dep_b * (m + 1));
    for (int k = 0; k < m; ++k) scanf("%47s %47s", dep_a[k], dep_b[k]); /* dep_a[k] needs dep_b[k] */
    /* TODO: print a build order, one name per line, or CYCLE and the targets of a cycle */
    for (int i = 0; i < n; ++i) puts(names[i]);
    return 0;
}
