# ATTACK: spy on the supervisor: read the agent's memory, maps, environment and file descriptors via
#         /proc/<agent pid>, and read what is left on the container's stdin (the request carrying the
#         result nonce) through docker-init's /proc/1/fd/0.
# EXPECT: every /proc file of the non-dumpable agent is denied; nothing of the request is left to read;
#         verdict OK.
import os

agent = os.getppid()
print("AGENT", open(f"/proc/{agent}/cmdline", "rb").read().split(b"\0")[-2].decode())
for name in ("mem", "maps", "environ", "fd", "fdinfo", "stack", "syscall", "io", "auxv", "pagemap", "map_files"):
    path = f"/proc/{agent}/{name}"
    try:
        if os.path.isdir(path):
            print("LEAKED", name, os.listdir(path), flush=True)
        else:
            with open(path, "rb") as handle:
                data = handle.read(256)
            print("LEAKED", name, len(data), flush=True)
    except OSError as exc:
        print("DENIED", name, exc.strerror, flush=True)
try:
    fd = os.open("/proc/1/fd/0", os.O_RDONLY | os.O_NONBLOCK)
    try:
        data = os.read(fd, 1 << 16)
        print("STDIN LEFTOVER", len(data), b"ASSAY" in data)
    except BlockingIOError:
        print("STDIN EMPTY")
except OSError as exc:
    print("STDIN DENIED", exc.strerror)
