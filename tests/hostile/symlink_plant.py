# ATTACK: plant symlinks (and hard links) in the work dir to host-looking paths and secrets, hoping the
#         host follows them when it collects results or cleans up.
# EXPECT: nothing is read through them inside (shadow denied, no docker socket), the host never opens
#         a path in the sandbox: the result holds only the program's own stdout; verdict OK.
import os

links = {
    "shadow": "/etc/shadow",
    "docker.sock": "/var/run/docker.sock",
    "host-root": "/proc/1/root",
    "agent-fds": f"/proc/{os.getppid()}/fd",
    "agent-mem": f"/proc/{os.getppid()}/mem",
    "etc": "/etc",
    "var-lib-docker": "/var/lib/docker",
    "loop": "loop",
    "up": "..",
}
os.makedirs("out", exist_ok=True)
for name, target in links.items():
    for where in (".", "out", "/tmp"):
        path = os.path.join(where, name)
        try:
            os.symlink(target, path)
        except OSError as exc:
            print("NOLINK", path, exc.strerror)
try:
    os.link("/etc/shadow", "hard-shadow")
    print("HARDLINK made")
except OSError as exc:
    print("HARDLINK BLOCKED", exc.strerror)
for name in ("shadow", "agent-mem", "hard-shadow"):
    try:
        with open(name, "rb") as handle:
            print("LEAKED", name, handle.read(64))
    except OSError as exc:
        print("BLOCKED", name, exc.strerror)
try:
    print("AGENT FDS", os.listdir("agent-fds"))
except OSError as exc:
    print("BLOCKED agent-fds", exc.strerror)
print("planted", sorted(os.listdir(".")))
