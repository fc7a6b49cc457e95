/* ATTACK: kill(-1, SIGKILL): kill every process the program may signal -- the agent runs as the same
 *         uid, so it goes too -- then keep running, hoping nothing enforces the limits any more.
 * EXPECT: the container ends with its supervisor: verdict RE ("the program killed the sandbox's
 *         supervisor"), promptly (no wait for the wall limit beyond the host's timer), never OK/JE. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
    kill(1, SIGKILL);
    kill(-1, SIGKILL);
    for (volatile unsigned long i = 0;; i++) {
    }
}
