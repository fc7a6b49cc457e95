/* ATTACK: freeze the supervisor: SIGSTOP the agent (same uid), then busy-loop for far longer than the
 *         CPU limit, wake the agent and exit 0, hoping the overrun goes unnoticed.
 * EXPECT: the CPU is measured from the kernel's accounting, and the host timer backs the agent up:
 *         verdict TLE, never OK. */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    pid_t agent = getppid();
    if (kill(agent, SIGSTOP) != 0) perror("kill(agent, SIGSTOP)");
    else printf("agent stopped\n");
    fflush(stdout);
    while (cpu_seconds() < 1.8) {
    }
    kill(agent, SIGCONT);
    printf("agent resumed after %.1f s of CPU\n", cpu_seconds());
    return 0;
}
