/* ATTACK (correctness): a program that relies on the default action of SIGALRM to stop itself:
 *         alarm(1), then wait. A sandbox that lets its own ignored signals leak into the program
 *         changes the program's behaviour.
 * EXPECT: SIGALRM has its default action in the program: killed by SIGALRM after 1 s: verdict RE,
 *         signal SIGALRM (not a wall-clock TLE). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    struct sigaction old;
    sigaction(SIGALRM, NULL, &old);
    printf("SIGALRM disposition at start: %s\n", old.sa_handler == SIG_IGN ? "IGNORED" : "DEFAULT");
    fflush(stdout);
    alarm(1);
    for (;;) pause();
}
