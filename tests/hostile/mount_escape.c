/* ATTACK: escape the filesystem view: mount tmpfs/proc/bind mounts, remount / read-write, unmount /tmp,
 *         enter new namespaces (user, mount), chroot, pivot_root.
 * EXPECT: no capability and the default seccomp profile: every call fails; verdict OK. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, int rc) {
    if (rc == 0) printf("ALLOWED %s\n", what);
    else printf("BLOCKED %s: %s\n", what, strerror(errno));
}

int main(void) {
    report("mkdir /tmp/m", mkdir("/tmp/m", 0700));
    report("mount tmpfs", mount("none", "/tmp/m", "tmpfs", 0, "size=1g"));
    report("mount proc", mount("proc", "/tmp/m", "proc", 0, NULL));
    report("bind /", mount("/", "/tmp/m", NULL, MS_BIND | MS_REC, NULL));
    report("remount / rw", mount(NULL, "/", NULL, MS_REMOUNT, NULL));
    report("umount /tmp", umount2("/tmp", MNT_DETACH));
    report("umount /proc", umount2("/proc", MNT_DETACH));
    report("unshare user", unshare(CLONE_NEWUSER));
    report("unshare mount", unshare(CLONE_NEWNS));
    report("unshare pid", unshare(CLONE_NEWPID));
    report("chroot", chroot("/tmp"));
    report("pivot_root", (int)syscall(SYS_pivot_root, "/tmp", "/tmp/m"));
    return 0;
}
