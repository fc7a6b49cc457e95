#include <stdio.h>
#include <string.h>

/* Returns 1 when the build of commit is bad. */
static int ask(long long commit) {
    char reply[16];
    printf("? %lld\n", commit);
    fflush(stdout);
    if (scanf("%15s", reply) != 1) return 0;
    return strcmp(reply, "bad") == 0;
}

int main(void) {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        long long n;
        scanf("%lld", &n);
        /* TODO: find the first bad commit with at most ceil(log2(n)) calls to ask() */
        long long answer = n;
        printf("! %lld\n", answer);
        fflush(stdout);
    }
    (void)ask;
    return 0;
}
