/* ATTACK: multi-process memory bomb in C: 16 processes, each allocating and touching 1 MiB blocks,
 *         so that none of them is much bigger than the agent when the limit is hit.
 * EXPECT: the container's cgroup limit applies to the sum: verdict MLE. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    for (int i = 0; i < 16; i++) {
        if (fork() == 0) {
            for (;;) {
                char *p = malloc(1 << 20);
                if (p) memset(p, 2, 1 << 20);
                usleep(1000);
            }
        }
    }
    while (wait(NULL) > 0) {
    }
    return 0;
}
