/* ATTACK: raise every resource limit above its hard limit (CPU, file size, open files, core dumps,
 *         processes), to outlast or outgrow the sandbox.
 * EXPECT: each raise fails with EPERM (lowering stays allowed); verdict OK. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static void raise_limit(const char *name, int resource) {
    struct rlimit old, want;
    getrlimit(resource, &old);
    if (old.rlim_max == RLIM_INFINITY) {
        printf("UNLIMITED %s\n", name);
        return;
    }
    want.rlim_cur = want.rlim_max = old.rlim_max == 0 ? 1 << 20 : old.rlim_max * 4;
    if (setrlimit(resource, &want) == 0) printf("RAISED %s\n", name);
    else printf("BLOCKED %s %s\n", name, strerror(errno));
}

int main(void) {
    raise_limit("RLIMIT_CPU", RLIMIT_CPU);
    raise_limit("RLIMIT_FSIZE", RLIMIT_FSIZE);
    raise_limit("RLIMIT_NOFILE", RLIMIT_NOFILE);
    raise_limit("RLIMIT_CORE", RLIMIT_CORE);
    struct rlimit lower = {64, 64};
    printf(setrlimit(RLIMIT_NOFILE, &lower) == 0 ? "LOWERED RLIMIT_NOFILE\n" : "LOWER FAILED\n");
    return 0;
}
