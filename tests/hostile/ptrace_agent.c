/* ATTACK: take over the supervisor: PTRACE_ATTACH/SEIZE the agent (same uid), read its memory with
 *         process_vm_readv and /proc/<agent>/mem, list its file descriptors.
 * EXPECT: the agent is non-dumpable: every attempt fails (EPERM/EACCES); verdict OK. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
    pid_t agent = getppid();
    char path[64], buf[64];
    printf("agent pid %d\n", agent);
    if (ptrace(PTRACE_ATTACH, agent, 0, 0) == 0) printf("ATTACHED agent\n");
    else printf("BLOCKED attach: %s\n", strerror(errno));
    if (ptrace(PTRACE_SEIZE, agent, 0, 0) == 0) printf("SEIZED agent\n");
    else printf("BLOCKED seize: %s\n", strerror(errno));
    struct iovec local = {buf, sizeof buf}, remote = {(void *)0x400000, sizeof buf};
    if (process_vm_readv(agent, &local, 1, &remote, 1, 0) >= 0) printf("READ agent memory\n");
    else printf("BLOCKED process_vm_readv: %s\n", strerror(errno));
    snprintf(path, sizeof path, "/proc/%d/mem", agent);
    int fd = open(path, O_RDONLY);
    if (fd >= 0) printf("OPENED %s\n", path);
    else printf("BLOCKED open mem: %s\n", strerror(errno));
    snprintf(path, sizeof path, "/proc/%d/fd", agent);
    DIR *dir = opendir(path);
    if (dir) printf("LISTED %s\n", path);
    else printf("BLOCKED list fds: %s\n", strerror(errno));
    snprintf(path, sizeof path, "/proc/%d/fd/0", agent);
    fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd >= 0) printf("OPENED %s\n", path);
    else printf("BLOCKED open fd 0: %s\n", strerror(errno));
    return 0;
}
