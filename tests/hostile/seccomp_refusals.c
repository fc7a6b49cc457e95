/* ATTACK: the calls Docker's default seccomp profile refuses, tried from inside the sandbox: unshare a
 *         user/mount/network namespace, clone into a new user namespace, mount a tmpfs, keyctl/add_key
 *         (the kernel keyring), ptrace-attach pid 1, personality tricks, bpf.
 *         Under gVisor these reach gVisor's own kernel, and only runsc's --oci-seccomp applies the
 *         profile there (issue 22 item 5): without it unshare(CLONE_NEWUSER) succeeds.
 * EXPECT: every call is refused (EPERM/ENOSYS/EACCES) under runc and runsc; verdict OK. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, long rc) {
    if (rc >= 0) printf("ALLOWED %s\n", what);
    else printf("BLOCKED %s: %s\n", what, strerror(errno));
    fflush(stdout);
}

static char stack[64 * 1024];
static int child(void *arg) { (void)arg; return 0; }

int main(void) {
    report("unshare user", unshare(CLONE_NEWUSER));
    report("unshare mount", unshare(CLONE_NEWNS));
    report("unshare net", unshare(CLONE_NEWNET));
    long pid = clone(child, stack + sizeof stack, CLONE_NEWUSER | SIGCHLD, NULL);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    report("clone user", pid);
    report("mount tmpfs", mount("none", "/tmp", "tmpfs", 0, "size=1m"));
    report("keyctl join", syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, "assay"));
    report("add_key", syscall(SYS_add_key, "user", "assay", "x", 1, -3 /* KEY_SPEC_SESSION_KEYRING */));
    report("ptrace attach 1", ptrace(PTRACE_ATTACH, 1, 0, 0));
    report("bpf", syscall(SYS_bpf, 0, NULL, 0));
    return 0;
}
