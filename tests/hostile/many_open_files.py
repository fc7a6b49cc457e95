# ATTACK: open thousands of files and sockets, then try to raise RLIMIT_NOFILE past its hard limit.
# EXPECT: EMFILE once the nofile ulimit (256) is reached; raising the hard limit fails; verdict OK.
import errno
import os
import resource
import socket

handles = []
stop = None
try:
    for i in range(100_000):
        if i % 2:
            handles.append(socket.socketpair())
        else:
            handles.append(open("/dev/null", "rb"))
except OSError as exc:
    stop = errno.errorcode.get(exc.errno)
count = sum(2 if isinstance(h, tuple) else 1 for h in handles)
for h in handles:
    for f in h if isinstance(h, tuple) else (h,):
        f.close()
print("STOPPED", stop, "opened", count)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
print("NOFILE", soft, hard)
try:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1 << 20, 1 << 20))
    print("RAISED NOFILE")
except (OSError, ValueError) as exc:
    print("RAISE BLOCKED", exc)
