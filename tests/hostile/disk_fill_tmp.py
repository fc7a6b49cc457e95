# ATTACK: fill /tmp (and the work dir) with data until something gives.
# EXPECT: /tmp is a size-capped tmpfs: writes stop with ENOSPC (or EFBIG from RLIMIT_FSIZE) after at
#         most the cap; verdict OK; the host's disk and /tmp are untouched.
import errno
import os

block = b"\xaa" * (1 << 20)
written = 0
stop = None
for root in ("/tmp", "/tmp/box"):
    n = 0
    while stop is None:
        try:
            with open(os.path.join(root, f"fill-{n}"), "wb") as handle:
                for _ in range(16):
                    handle.write(block)
                    written += len(block)
        except OSError as exc:
            stop = exc.errno
        n += 1
        if written > (1 << 30):
            break
print("STOPPED", errno.errorcode.get(stop, stop), "after", written >> 20, "MiB", flush=True)
try:
    with open("/tmp/box/after-fill", "wb") as handle:
        handle.write(block)
    print("SMALL WRITE OK")
except OSError as exc:
    print("SMALL WRITE FAILED", errno.errorcode.get(exc.errno))
