# ATTACK: write outside the work dir -- try to create a file in every directory of the filesystem and
#         to overwrite sensitive files (the agent, /etc/passwd, python3, sysctls, cgroup limits).
# EXPECT: the root filesystem is read-only: only /tmp (tmpfs) and below are writable (plus the private,
#         capped /dev/mqueue or /dev/shm of the IPC namespace); every overwrite fails.
import os

writable = []
for top in ("/",):
    for dirpath, dirnames, _files in os.walk(top):
        if dirpath in ("/proc", "/sys"):
            dirnames[:] = []
            continue
        probe = os.path.join(dirpath, f".assay-probe-{os.getpid()}")
        try:
            fd = os.open(probe, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        except OSError:
            continue
        os.close(fd)
        os.unlink(probe)
        writable.append(dirpath)
for path in writable:
    print("WRITABLE DIR", path)

targets = [
    "/opt/assay/agent.py", "/etc/passwd", "/etc/shadow", "/etc/hosts", "/etc/hostname", "/usr/bin/python3",
    "/usr/sbin/docker-init", "/proc/sys/kernel/hostname", "/proc/sys/vm/drop_caches", "/proc/sysrq-trigger",
    "/proc/sys/kernel/core_pattern", "/sys/kernel/mm/transparent_hugepage/enabled",
    "/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/pids.max",
    "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us",
]
for path in targets:
    try:
        with open(path, "r+b") as handle:
            handle.write(b"0")
        print("OVERWROTE", path)
    except OSError as exc:
        print("BLOCKED", path, exc.strerror)
print("DONE")
