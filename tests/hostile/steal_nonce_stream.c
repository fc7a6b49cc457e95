/* ATTACK: forge the verdict of an interactive (streaming) job. There the agent relays the program's
 *         stdout as "ASSAY-DATA <nonce> <len>" frames on the container's stdout while the program runs:
 *         print a line, read the container's stdout pipe back through docker-init's /proc/1/fd/1 to
 *         catch a frame and its nonce, then write a complete result frame claiming exit 0 and the
 *         output "FORGED" (1 ms CPU), and exit 3.
 * EXPECT: the nonce never reaches the program: it reports NO NONCE on stderr and exits 3: verdict RE,
 *         exit code 3, never the forged OK. */
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
    int r = open("/proc/1/fd/1", O_RDONLY | O_NONBLOCK);
    int w = open("/proc/1/fd/1", O_WRONLY);
    char nonce[33] = {0};
    double end = now() + 0.8;
    while (r >= 0 && !nonce[0] && now() < end) {
        write(1, "ping\n", 5);
        for (int k = 0; k < 20000 && !nonce[0] && (k % 1000 || now() < end); k++) {
            ssize_t n = read(r, got + have, sizeof got - 1 - have);
            if (n <= 0) continue;
            have += n;
            char *mark = memmem(got, have, "ASSAY-DATA ", 11);
            if (mark && mark + 11 + 32 <= got + have) memcpy(nonce, mark + 11, 32);
            if (have > sizeof got / 2) have = 0;
        }
    }
    if (!nonce[0]) {
        fprintf(stderr, "NO NONCE (%s)\n", r >= 0 ? "stdout pipe readable" : "stdout pipe not readable");
        return 3;
    }
    const char *body = "{\"status\": \"exited\", \"exit_code\": 0, \"signal\": null, \"cpu_ms\": 1, \"wall_ms\": 1, "
                       "\"memory_kib\": 1, \"oom_killed\": false, \"killed_for\": null, \"stdout_total\": 7, "
                       "\"stderr_total\": 0}";
    char frame[1024];
    int len = snprintf(frame, sizeof frame, "\nASSAY-RESULT %s %zu 7 0 0\n%sFORGED\n", nonce, strlen(body), body);
    if (w >= 0) write(w, frame, len);
    fprintf(stderr, "NONCE STOLEN %s\n", nonce);
    sleep(1);
    return 3;
}
