# ATTACK: read host secrets: /etc/shadow, the Docker socket, the environment of pid 1 and of the
#         agent, other containers' processes and files, the kernel's memory and logs.
# EXPECT: shadow unreadable, no docker socket, the program's environment is exactly PATH/HOME/LANG and
#         pid 1's holds only those plus HOSTNAME (no host variable), the agent's is unreadable, only this
#         container's processes are visible; verdict OK.
import os

print("ENV", sorted(os.environ))


def read(path, size=4096):
    try:
        with open(path, "rb") as handle:
            data = handle.read(size)
        print("READ", path, len(data), flush=True)
        return data
    except OSError as exc:
        print("DENIED", path, exc.strerror, flush=True)
        return None


read("/etc/shadow")
read("/etc/gshadow")
for sock in ("/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"):
    print("EXISTS" if os.path.exists(sock) else "ABSENT", sock)
for path in ("/var/lib/docker", "/root", "/home", "/etc/docker", "/var/run/docker", "/host"):
    print("EXISTS" if os.path.exists(path) else "ABSENT", path)
    if os.path.isdir(path):
        try:
            print("LISTED", path, os.listdir(path))
        except OSError as exc:
            print("DENIED", path, exc.strerror)
environ1 = read("/proc/1/environ")
if environ1 is not None:
    print("PID1ENV", sorted(item.split(b"=", 1)[0].decode() for item in environ1.split(b"\0") if item))
    print("PID1HOSTNAME", [item.decode() for item in environ1.split(b"\0") if item.startswith(b"HOSTNAME=")])
agent = os.getppid()
read(f"/proc/{agent}/environ")
read(f"/proc/{agent}/cmdline")
print("PIDS", len([p for p in os.listdir("/proc") if p.isdigit()]))
for secret in ("/proc/kcore", "/proc/kmsg", "/proc/sched_debug", "/proc/timer_list", "/proc/keys",
               "/sys/firmware/dmi/tables/DMI", "/dev/mem", "/dev/kmsg", "/sys/kernel/debug",
               "/proc/sys/kernel/random/boot_id"):
    if os.path.isdir(secret):
        try:
            print("LISTED", secret, len(os.listdir(secret)))
        except OSError as exc:
            print("DENIED", secret, exc.strerror)
    else:
        read(secret, 64)
print("HOSTNAME", open("/etc/hostname").read().strip())
