#include <stdio.h>
#include <string.h>

static char line[1024];

int main(void) {
    int k;
    if (!fgets(line, sizeof line, stdin) || sscanf(line, "%d", &k) != 1) return 1;
    long valid = 0, skipped = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '\0') continue;
        /* TODO: check the line, find its endpoint, latency (ms) and status */
        ++skipped;
    }
    printf("%ld %ld\n", valid, skipped);
    /* TODO: print the first k endpoints: "METHOD PATH REQUESTS ERRORS P95" */
    return 0;
}
