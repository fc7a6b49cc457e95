/* ATTACK: PTRACE_ATTACH to pid 1 (docker-init, same uid, dumpable): a tracer could inject code into
 *         init, e.g. make it fork helpers that are not the agent's descendants.
 * EXPECT: the attach fails (EPERM); verdict OK. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

int main(void) {
    if (ptrace(PTRACE_ATTACH, 1, 0, 0) == 0) {
        int status;
        waitpid(1, &status, __WALL);
        long word = ptrace(PTRACE_PEEKUSER, 1, 0, 0);
        printf("ATTACHED pid 1 (peek %ld)\n", word);
        ptrace(PTRACE_DETACH, 1, 0, 0);
    } else {
        printf("BLOCKED attach pid 1: %s\n", strerror(errno));
    }
    if (ptrace(PTRACE_SEIZE, 1, 0, 0) == 0) {
        printf("SEIZED pid 1\n");
        ptrace(PTRACE_DETACH, 1, 0, 0);
    } else {
        printf("BLOCKED seize pid 1: %s\n", strerror(errno));
    }
    return 0;
}
