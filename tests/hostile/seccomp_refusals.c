/* ATTACK: the calls the sandbox's seccomp profile (sandbox/seccomp.py) refuses, tried from inside:
 *         unshare a user/mount/network namespace, clone or clone3 into a new user namespace, mount a
 *         tmpfs, the kernel keyring (keyctl, add_key), ptrace (attach a child of its own, which Docker's
 *         default allows, and pid 1), bpf, userfaultfd, io_uring, POSIX message queues, and a seccomp
 *         filter with a user-notification listener. Then a thread must still start.
 *         Under gVisor these reach gVisor's own kernel, and only runsc's --oci-seccomp applies the
 *         profile there (issue 22 item 5): without it unshare(CLONE_NEWUSER) succeeds. With it and
 *         Docker's own profile, clone3 answers EPERM under gVisor and no thread starts.
 * EXPECT: every call refused (EPERM/ENOSYS/EACCES; clone3 with ENOSYS, so that glibc falls back to
 *         clone), "THREAD started", under runc and runsc; verdict OK. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif
#define CLONE_NEWUSER_FLAG 0x10000000ULL

static void report(const char *what, long rc) {
    if (rc >= 0) printf("ALLOWED %s\n", what);
    else printf("BLOCKED %s: %s\n", what, strerror(errno));
    fflush(stdout);
}

static char stack[64 * 1024];
static int child(void *arg) { (void)arg; return 0; }
static void *thread(void *arg) { return arg; }

/* in a child, so that a filter it installs never touches this process */
static long in_child(long (*attempt)(void)) {
    int pipefd[2];
    if (pipe(pipefd) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        long rc = attempt();
        int err = errno;
        if (write(pipefd[1], &rc, sizeof rc) < 0 || write(pipefd[1], &err, sizeof err) < 0) _exit(1);
        _exit(0);
    }
    long rc = -1;
    int err = 0;
    if (read(pipefd[0], &rc, sizeof rc) != sizeof rc || read(pipefd[0], &err, sizeof err) != sizeof err) err = EIO;
    waitpid(pid, NULL, 0);
    close(pipefd[0]);
    close(pipefd[1]);
    errno = err;
    return rc;
}

static long listener(void) {
    struct sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct sock_fprog prog = {1, allow};
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

int main(void) {
    report("unshare user", unshare(CLONE_NEWUSER));
    report("unshare mount", unshare(CLONE_NEWNS));
    report("unshare net", unshare(CLONE_NEWNET));
    long pid = clone(child, stack + sizeof stack, CLONE_NEWUSER | SIGCHLD, NULL);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    report("clone user", pid);
    uint64_t args[11] = {CLONE_NEWUSER_FLAG, 0, 0, 0, SIGCHLD, 0, 0, 0, 0, 0, 0};
    long cloned = syscall(SYS_clone3, args, 88);
    if (cloned == 0) _exit(0);
    if (cloned > 0) waitpid((pid_t)cloned, NULL, 0);
    report("clone3 user", cloned);
    report("mount tmpfs", mount("none", "/tmp", "tmpfs", 0, "size=1m"));
    report("keyctl join", syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, "assay"));
    report("add_key", syscall(SYS_add_key, "user", "assay", "x", 1, -3 /* KEY_SPEC_SESSION_KEYRING */));
    pid_t sleeper = fork();
    if (sleeper == 0) {
        pause();
        _exit(0);
    }
    report("ptrace attach child", ptrace(PTRACE_ATTACH, sleeper, 0, 0));
    kill(sleeper, SIGKILL);
    waitpid(sleeper, NULL, 0);
    report("ptrace attach 1", ptrace(PTRACE_ATTACH, 1, 0, 0));
    report("bpf", syscall(SYS_bpf, 0, NULL, 0));
    report("userfaultfd", syscall(SYS_userfaultfd, 0));
    char params[256] = {0};
    report("io_uring_setup", syscall(SYS_io_uring_setup, 1, params));
    long queue = syscall(SYS_mq_open, "assay-seccomp", O_CREAT | O_RDWR, 0600, NULL);
    if (queue >= 0) syscall(SYS_mq_unlink, "assay-seccomp");
    report("mq_open", queue);
    report("seccomp listener", in_child(listener));
    pthread_t handle;
    int failed = pthread_create(&handle, NULL, thread, NULL);
    if (failed) printf("THREAD failed: %s\n", strerror(failed));
    else {
        pthread_join(handle, NULL);
        printf("THREAD started\n");
    }
    return 0;
}
