/* ATTACK: memory bomb in C: allocate and touch 4 MiB blocks forever.
 * EXPECT: the cgroup OOM killer ends it: verdict MLE (always). */
#include <stdlib.h>
#include <string.h>

int main(void) {
    for (;;) {
        char *p = malloc(4 << 20);
        if (p) memset(p, 1, 4 << 20);
    }
}
