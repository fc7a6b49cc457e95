/* ATTACK: kill(-1, SIGKILL): kill every process the program may signal -- the agent runs as the same
 *         uid, so it goes too -- then keep running, hoping nothing enforces the limits any more.
 * EXPECT: the supervisor is out of the program's reach and reports the program's own fate: the busy
 *         loop ends at the CPU limit, verdict TLE. At the very least (a supervisor that can be killed)
 *         the verdict is RE "the program killed the sandbox's supervisor" -- never OK, never JE. */
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
