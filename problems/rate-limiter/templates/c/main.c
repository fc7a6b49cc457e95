#include <stdio.h>

int main(void) {
    long n, limit;
    long long window;
    if (scanf("%ld %ld %lld", &n, &limit, &window) != 3) return 1;
    long accepted = 0, rejected = 0;
    for (long i = 0; i < n; ++i) {
        long long t;
        char client[33];
        scanf("%lld %32s", &t, client);
        /* TODO: accept or reject this request */
        ++accepted;
    }
    printf("%ld %ld\n", accepted, rejected);
    /* TODO: print "client accepted rejected" for every throttled client, most rejected first */
    return 0;
}
