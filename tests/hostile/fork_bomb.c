/* ATTACK: fork bomb in C, much faster than Python: every process forks forever, from the very first
 *         instruction (racing the agent, which still has to start its stdin thread).
 * EXPECT: the pids limit stops the growth, the CPU/wall limit ends the job: verdict TLE (RE
 *         tolerated), never OK and never JE (a judge error would blame the sandbox, not the program). */
#include <unistd.h>

int main(void) {
    for (;;) fork();
}
