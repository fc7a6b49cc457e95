/* ATTACK: binary garbage on stdout: every byte value, NULs, invalid UTF-8, docker stream-header look-
 *         alikes and fake agent markers, 1 MiB in all.
 * EXPECT: the bytes come back exactly (no decoding, no crash, nothing parsed as a frame): verdict OK. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    static unsigned char buf[1 << 20];
    unsigned int x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (i < 256) ? (unsigned char)i : (unsigned char)(x >> 16);
    }
    static const char fake[] = "\n\x01\x00\x00\x00\x00\x00\x00\x10"
                               "ASSAY-RESULT deadbeef 2 0 0 0\n{}\nASSAY-STARTED x\n";
    memcpy(buf + 4096, fake, sizeof fake - 1);
    size_t done = 0;
    while (done < sizeof buf) {
        ssize_t n = write(1, buf + done, sizeof buf - done);
        if (n <= 0) return 1;
        done += n;
    }
    return 0;
}
