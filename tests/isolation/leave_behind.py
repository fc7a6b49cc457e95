# ATTACK (submission isolation): a test leaves things behind for the next test of the same submission
# in the same container: a daemon (double fork, new session, ignoring signals it can ignore) that keeps
# writing files, burning CPU and holding memory; files (hidden, nested, in an unreadable directory,
# outside the work directory); a fifo with a writer blocked on it; a unix socket; System V IPC objects
# (shm, msg, sem); lowered rlimits, a raised nice value, an idle scheduling policy and a narrowed CPU
# affinity -- on itself and, through prlimit/setpriority/sched_setaffinity, on the agent (pid 1, same uid);
# (issue 22) a System V namespace filled to the brim, so that the agent's probe object under gVisor
# fails ("ipcfill"); a loopback TCP connection closed into TIME_WAIT, which outlives the process by
# 60 s ("tcp"); a POSIX message queue, which outlives it for good ("mqueue").
# EXPECT: the next test sees none of it (probe.py prints what it printed in a fresh container), runs
# with its own limits, and gets its own verdict (OK) and CPU time; this test itself is OK.
import ctypes
import os
import resource
import signal
import socket
import sys
import time

libc = ctypes.CDLL(None, use_errno=True)
what = sys.stdin.read().split()


def daemon(body):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
                signal.signal(signum, signal.SIG_IGN)
            os.closerange(0, 3)
            try:
                body()
            finally:
                os._exit(0)
        os._exit(0)
    os.wait()


if "daemon" in what:
    def spin():
        hog = bytearray(48 << 20)  # held memory, counted against the next test if it survived
        for i in range(0, len(hog), 4096):
            hog[i] = 1
        n = 0
        while True:
            n += 1
            if n % 200000 == 0:
                try:
                    with open(f"/tmp/daemon-{n}", "w") as handle:
                        handle.write("still here")
                except OSError:
                    pass
    daemon(spin)
    daemon(lambda: time.sleep(3600))

if "files" in what:
    for path in ("/tmp/left.txt", "/tmp/.hidden", "/tmp/box/.cache/answer", "/tmp/deep/a/b/c.txt"):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write("answer of an earlier test")
    os.makedirs("/tmp/locked/inner")
    with open("/tmp/locked/inner/secret", "w") as handle:
        handle.write("x")
    os.chmod("/tmp/locked/inner", 0)
    os.chmod("/tmp/locked", 0)
    os.symlink("/etc/passwd", "/tmp/link")
    with open("main.py", "a") as handle:  # its own program, for the next test
        handle.write("\nprint('TAMPERED')\n")

if "fifo" in what:
    os.mkfifo("/tmp/fifo")
    os.mkfifo("/tmp/box/.fifo")
    daemon(lambda: open("/tmp/fifo", "w").write("from an earlier test\n"))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind("/tmp/sock")
    sock.listen()
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    abstract.bind("\0assay-leftover")
    abstract.listen()
    daemon(lambda: (abstract.accept(), time.sleep(3600)))

if "ipc" in what:
    shm = libc.shmget(0x5EC12E7, 4096, 0o1600)
    msg = libc.msgget(0x5EC12E8, 0o1600)
    sem = libc.semget(0x5EC12E9, 1, 0o1600)
    print("IPC MADE", shm >= 0, msg >= 0, sem >= 0)

if "ipcfill" in what:  # the keyed segment the probe looks for, then private ones until the kernel says no
    libc.shmget(0x5EC12E7, 4096, 0o1600)
    made = 0
    while made < 40000 and libc.shmget(0, 1, 0o600) >= 0:
        made += 1
    print("IPC FILLED", made > 0, libc.shmget(0, 1, 0o600) < 0)

if "tcp" in what:  # the side that closes first waits in TIME_WAIT, on a port the next test could probe
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 45678))
    server.listen()
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.bind(("127.0.0.1", 45679))
    client.connect(("127.0.0.1", 45678))
    accepted, _ = server.accept()
    client.close()
    time.sleep(0.05)
    accepted.close()
    server.close()

if "mqueue" in what:
    queue = libc.mq_open(b"/assay-left", os.O_CREAT | os.O_RDWR, 0o600, None)
    print("MQUEUE", "made" if queue >= 0 else "refused")

if "rlimit" in what:
    class Rlimit(ctypes.Structure):
        _fields_ = [("cur", ctypes.c_uint64), ("max", ctypes.c_uint64)]
    for res, value in ((resource.RLIMIT_NOFILE, 20), (resource.RLIMIT_FSIZE, 4096),
                       (resource.RLIMIT_NPROC, 5), (resource.RLIMIT_STACK, 1 << 20),
                       (resource.RLIMIT_AS, 1 << 30), (resource.RLIMIT_CORE, 0)):
        for pid in (0, 1):  # soft and hard, on itself and on the agent
            new = Rlimit(value, value)
            print("PRLIMIT", pid, res, libc.prlimit(pid, res, ctypes.byref(new), None) == 0)
    for pid in (0, 1):
        try:
            os.setpriority(os.PRIO_PROCESS, pid, 19)
            print("RENICED", pid)
        except OSError as exc:
            print("RENICE DENIED", pid, exc.errno)
    for pid in (0, 1):
        try:
            os.sched_setaffinity(pid, {0})
            print("AFFINITY SET", pid)
        except OSError as exc:
            print("AFFINITY DENIED", pid, exc.errno)
        try:
            os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
            print("POLICY SET", pid)
        except OSError as exc:
            print("POLICY DENIED", pid, exc.errno)

if "inject" in what:  # gVisor lets a program open pid 1's stdio: write a request of its own
    try:
        with open("/proc/1/fd/0", "wb") as handle:
            handle.write(b"ASSAY-REQUEST 2 0 0\n{}")
        print("INJECTED")
    except OSError as exc:
        print("INJECT DENIED", exc.errno)

print("LEFT", " ".join(what))
