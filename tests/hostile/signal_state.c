/* ATTACK (correctness): the state a program starts with is the supervisor's business. The agent
 *         ignores SIGPIPE and handles SIGINT itself and starts programs without a fork hook (vfork,
 *         then prlimit sets the limits and execs the program), so an ignored or blocked signal could
 *         leak into the program, or the CPU rlimit could be missing.
 * EXPECT: no signal ignored or blocked at start, a finite RLIMIT_CPU: verdict OK with
 *         "ignored= blocked= cpu_limited=1". */
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

int main(void) {
    printf("ignored=");
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction old;
        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN) printf("%d,", sig);
    }
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    printf(" blocked=");
    for (int sig = 1; sig < NSIG; sig++) {
        if (sigismember(&mask, sig) == 1) printf("%d,", sig);
    }
    struct rlimit cpu;
    getrlimit(RLIMIT_CPU, &cpu);
    printf(" cpu_limited=%d\n", cpu.rlim_cur != RLIM_INFINITY);
    return 0;
}
