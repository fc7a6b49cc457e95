# ATTACK: gain privileges -- setuid(0)/setgid(0), setgroups, a user namespace, chroot, chown of a
#         root file, setuid binaries (no-new-privileges must neuter them), raising oom protection.
# EXPECT: no capability at all (CapEff/CapPrm/CapBnd/CapAmb are 0), NoNewPrivs is 1, uid/gid not 0,
#         every attempt fails; verdict OK.
import ctypes
import os
import stat
import subprocess
import sys

status = {}
for line in open("/proc/self/status"):
    key, _, value = line.partition(":")
    status[key] = value.strip()
for key in ("CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp"):
    print("STATUS", key, status.get(key))
print("IDS", os.getuid(), os.geteuid(), os.getgid(), os.getegid(), sorted(os.getgroups()))
libc = ctypes.CDLL(None, use_errno=True)


def attempt(label, action):
    try:
        result = action()
    except OSError as exc:
        print("BLOCKED", label, exc.strerror, flush=True)
        return
    if isinstance(result, int) and result < 0:
        print("BLOCKED", label, os.strerror(ctypes.get_errno()), flush=True)
    else:
        print("ALLOWED", label, result, flush=True)


attempt("setuid(0)", lambda: os.setuid(0))
attempt("setgid(0)", lambda: os.setgid(0))
attempt("seteuid(0)", lambda: os.seteuid(0))
attempt("setresuid(0,0,0)", lambda: os.setresuid(0, 0, 0))
attempt("setgroups([0])", lambda: os.setgroups([0]))


def in_child(label, action):
    """Namespace and root changes stick to the caller: try each in a throwaway child."""
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        attempt(label, action)
        os._exit(0)
    os.waitpid(pid, 0)


in_child("unshare(CLONE_NEWUSER)", lambda: libc.unshare(0x10000000))
in_child("unshare(CLONE_NEWNS)", lambda: libc.unshare(0x00020000))
in_child("unshare(CLONE_NEWNET)", lambda: libc.unshare(0x40000000))
in_child("chroot(/tmp)", lambda: os.chroot("/tmp"))
attempt("chown /tmp/box to 0", lambda: os.chown("/tmp/box", 0, 0))
attempt("sethostname", lambda: libc.sethostname(b"pwned", 5))
def write_file(path, text):
    fd = os.open(path, os.O_WRONLY)
    try:
        return os.write(fd, text.encode())
    finally:
        os.close(fd)


attempt("oom_score_adj -1000", lambda: write_file("/proc/self/oom_score_adj", "-1000"))
attempt("nice -20", lambda: os.setpriority(os.PRIO_PROCESS, 0, -20))
attempt("mknod /tmp/sda", lambda: os.mknod("/tmp/sda", 0o600 | stat.S_IFBLK, os.makedev(8, 0)))
attempt("open block device 8:0", lambda: os.open("/tmp/sda", os.O_RDONLY))

setuid_bins = []
for root in ("/bin", "/sbin", "/usr/bin", "/usr/sbin"):
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode) and mode & (stat.S_ISUID | stat.S_ISGID):
            setuid_bins.append(path)
print("SETUID BINARIES", setuid_bins, flush=True)
# no-new-privileges: a setuid binary runs with the caller's ids; `id -u` under su proves it
for path in [p for p in setuid_bins if os.path.basename(p) in ("su", "mount", "passwd")][:3]:
    try:
        out = subprocess.run([path, "-c", "id -u"], capture_output=True, timeout=0.5, stdin=subprocess.DEVNULL)
        print("RAN", path, out.returncode, out.stdout[:40], flush=True)
    except Exception as exc:  # noqa: BLE001
        print("RAN", path, type(exc).__name__, flush=True)
probe = subprocess.run(["/usr/bin/python3", "-c", "import os; print(os.geteuid())"], capture_output=True)
print("CHILD EUID", probe.stdout.decode().strip())
