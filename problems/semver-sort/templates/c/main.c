#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tags[25000][128];

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    for (int i = 0; i < n; i++) {
        if (scanf("%127s", tags[i]) != 1) break;
    }
    /* TODO: keep the valid versions, sort them by precedence (stable), then list the invalid tags
       (numbers can be far larger than 64 bits) */
    for (int i = 0; i < n; i++) printf("%s\n", tags[i]);
    return 0;
}
