/* ATTACK: set up its own timers (setitimer REAL/VIRTUAL/PROF, a POSIX CPU-time timer, alarm) with
 *         handlers that swallow every tick and SIGXCPU, then busy-loop forever.
 * EXPECT: timers change nothing: verdict TLE, CPU time at least the limit. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;
static void tick(int sig) { (void)sig; ticks++; }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tick;
    sa.sa_flags = SA_RESTART;
    int sigs[] = {SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGRTMIN, SIGTERM, SIGUSR1};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaction(sigs[i], &sa, NULL);
    struct itimerval every = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &every, NULL);
    setitimer(ITIMER_VIRTUAL, &every, NULL);
    setitimer(ITIMER_PROF, &every, NULL);
    timer_t timer;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN;
    if (timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &timer) == 0) {
        struct itimerspec spec = {{0, 5000000}, {0, 5000000}};
        timer_settime(timer, 0, &spec, NULL);
    }
    printf("timers armed\n");
    fflush(stdout);
    for (volatile unsigned long i = 0;; i++) {
    }
}
