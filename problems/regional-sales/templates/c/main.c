#include <stdio.h>
#include <string.h>

static char line[4096];

int main(void) {
    if (!fgets(line, sizeof line, stdin)) return 0; /* header */
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0') continue;
        /* TODO: split the CSV fields (mind quoted fields) and aggregate per region */
    }
    /* TODO: print "REGION,ORDERS,UNITS,REVENUE" lines, then the TOTAL line */
    return 0;
}
