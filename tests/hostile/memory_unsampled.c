/* ATTACK: hold more than the test's memory limit (64 MiB) in ways the agent's sampling of the
 *         container's anonymous memory and scratch does not see or does not catch in time (issue 22
 *         item 13): first 48 MiB of anonymous memory (under the limit) plus ~128 MiB of page tables
 *         (one byte read every 2 MiB of a 64 GiB read-only mapping: the zero page is free, its page
 *         tables are not), held at once; then a burst of 8 processes of 24 MiB each that meet at a
 *         barrier and exit at once, shorter than one sampling interval.
 *         In submission isolation the container is sized for the compile (1 GiB), so only a cgroup
 *         limit set to the test's own (the host's `docker update` before each test) stops either.
 * EXPECT: under runc neither "HELD" line: the memory cgroup OOM-kills the program; verdict MLE.
 *         (A test's own container has that limit anyway.) Under runsc the limit cannot be updated
 *         and sampling is the bound (docs/deployment.md). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MiB (1UL << 20)
#define CHILDREN 8

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* every page written through a volatile pointer: the compiler may not elide the memory */
static volatile char *touched(size_t size) {
    volatile char *block = malloc(size);
    if (block)
        for (size_t offset = 0; offset < size; offset += 4096) block[offset] = 1;
    return block;
}

static void page_tables(void) {
    size_t anon = 48 * MiB;
    volatile char *held = touched(anon);
    if (!held) return;
    size_t span = 64UL << 30;
    volatile char *sparse = mmap(NULL, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (sparse == MAP_FAILED) {
        printf("NO MAPPING\n");
        return;
    }
    long sum = 0;
    for (size_t offset = 0; offset < span; offset += 2 * MiB) sum += sparse[offset];
    printf("HELD 48 MiB anonymous + 128 MiB page tables (%ld)\n", sum);
    fflush(stdout);
    munmap((void *)sparse, span);
    free((void *)held);
}

static void burst(void) {
    int ready[2], go[2];
    if (pipe(ready) || pipe(go)) return;
    double started = now_ms();
    for (int i = 0; i < CHILDREN; i++) {
        if (fork() == 0) {
            close(ready[0]);
            close(go[1]);
            volatile char *block = touched(24 * MiB);
            if (!block) _exit(1);
            if (write(ready[1], "r", 1) != 1) _exit(1);
            char byte;
            if (read(go[0], &byte, 1) < 0) _exit(1);  /* EOF when the parent closes go */
            _exit(block[4096] == 1 ? 0 : 1);
        }
    }
    close(ready[1]);
    close(go[0]);
    int met = 0;
    char byte;
    while (met < CHILDREN && read(ready[0], &byte, 1) == 1) met++;
    double peak = now_ms();
    close(go[1]);
    while (wait(NULL) > 0) {
    }
    if (met == CHILDREN)
        printf("HELD burst of %d x 24 MiB (ramp %.1f ms, gone %.1f ms later)\n", CHILDREN, peak - started,
               now_ms() - peak);
    else
        printf("BURST stopped: %d of %d\n", met, CHILDREN);
    fflush(stdout);
}

int main(void) {
    page_tables();
    burst();
    return 0;
}
