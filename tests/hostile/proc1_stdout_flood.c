/* ATTACK: endless output straight onto the container's stdout (docker-init's fd 1, reached through
 *         /proc/1/fd/1), bypassing the agent's pipe and its output cap.
 * EXPECT: the host stops reading at its cap: verdict OLE (or TLE when the flood is slow), never OK;
 *         the host's memory stays bounded. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    static char buf[1 << 16];
    memset(buf, 'F', sizeof buf);
    int fd = open("/proc/1/fd/1", O_WRONLY);
    if (fd < 0) { perror("BLOCKED open /proc/1/fd/1"); fd = 1; }
    for (;;) {
        if (write(fd, buf, sizeof buf) < 0) { perror("write"); return 0; }
    }
}
