/* ATTACK: outlast the CPU limit: block and ignore SIGXCPU (the RLIMIT_CPU soft-limit signal) and every
 *         catchable signal, then busy-loop forever.
 * EXPECT: the agent's CPU accounting (and the RLIMIT_CPU hard limit's SIGKILL) ends it: verdict TLE. */
#include <signal.h>
#include <stdio.h>

int main(void) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    for (int s = 1; s < NSIG; s++) signal(s, SIG_IGN);
    printf("all signals blocked\n");
    fflush(stdout);
    for (volatile unsigned long i = 0;; i++) {
    }
}
