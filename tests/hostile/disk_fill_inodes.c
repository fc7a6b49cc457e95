/* ATTACK: exhaust inodes and space: create empty files in /tmp as fast as possible for a second, then
 *         write a big file into every directory that might be writable.
 * EXPECT: creation stops with an error or after the second, writes outside /tmp fail, /tmp holds at most
 *         its 64 MiB cap: verdict OK (TLE tolerated; MLE too, as tmpfs pages count against the
 *         container's memory); the host's disk and /tmp are untouched. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    char path[256];
    signal(SIGXFSZ, SIG_IGN);  /* EFBIG instead of death at RLIMIT_FSIZE */
    long made = 0;
    int err = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        snprintf(path, sizeof path, "/tmp/i%ld", made);
        int fd = open(path, O_CREAT | O_WRONLY, 0600);
        if (fd < 0) { err = errno; break; }
        close(fd);
        made++;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= 1 && made % 1024 == 0) break;  /* enough: 1 s of creations */
    }
    printf("CREATED %ld files, stop: %s\n", made, err ? strerror(err) : "time");
    static char block[1 << 20];
    memset(block, 0x5a, sizeof block);
    const char *dirs[] = {"/tmp", "/tmp/box", "/dev/shm", "/dev/mqueue", "/var/tmp", "/run", "/", NULL};
    for (int i = 0; dirs[i]; i++) {
        snprintf(path, sizeof path, "%s/big", dirs[i]);
        int fd = open(path, O_CREAT | O_WRONLY, 0600);
        if (fd < 0) { printf("DIR %s: %s\n", dirs[i], strerror(errno)); continue; }
        long total = 0;
        for (int k = 0; k < 256; k++) {
            ssize_t w = write(fd, block, sizeof block);
            if (w <= 0) break;
            total += w;
        }
        close(fd);
        printf("DIR %s: wrote %ld MiB\n", dirs[i], total >> 20);
    }
    return 0;
}
