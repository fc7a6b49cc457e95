/* ATTACK: print, close stdout, keep writing into the closed descriptor (EBADF), reopen fd 1 onto
 *         /dev/null, then exit with code 3.
 * EXPECT: no hang, a defined verdict: RE with exit code 3 and exactly the first line of output. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    write(1, "first line\n", 11);
    close(1);
    for (int i = 0; i < 10000; i++) write(1, "lost\n", 5);
    int fd = open("/dev/null", O_WRONLY);
    if (fd != 1) dup2(fd, 1);
    write(1, "to devnull\n", 11);
    return 3;
}
