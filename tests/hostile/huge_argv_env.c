/* ATTACK: execve with a huge argv and a huge environment (hundreds of MiB of strings).
 * EXPECT: the kernel refuses with E2BIG (or the memory limit ends it); nothing else happens:
 *         verdict OK (or MLE). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void attempt(const char *label, int nargs, int nenv, size_t len) {
    char *s = malloc(len + 1);
    memset(s, 'x', len);
    s[len] = 0;
    char **argv = calloc(nargs + 2, sizeof *argv);
    char **envp = calloc(nenv + 1, sizeof *envp);
    argv[0] = "/bin/true";
    for (int i = 1; i <= nargs; i++) argv[i] = s;
    for (int i = 0; i < nenv; i++) envp[i] = s;
    pid_t pid = fork();
    if (pid == 0) {
        execve("/bin/true", argv, envp);
        _exit(errno == E2BIG ? 7 : 8);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("%s: %s\n", label, WIFEXITED(status) && WEXITSTATUS(status) == 7 ? "E2BIG"
                              : WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "EXECUTED"
                              : "OTHER");
    fflush(stdout);
    free(argv);
    free(envp);
    free(s);
}

int main(void) {
    attempt("argv 100000 x 4096", 100000, 0, 4096);
    attempt("env 100000 x 4096", 0, 100000, 4096);
    attempt("one arg of 1 MiB", 1, 0, 1 << 20);
    attempt("argv 2000000 x 1", 2000000, 0, 1);
    return 0;
}
