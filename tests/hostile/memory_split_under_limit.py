# ATTACK: stay under the limit per process but not in total: 3 processes hold 24 MiB each at the
#         same time (72 MiB of data) under a 64 MiB memory limit, then exit 0.
# EXPECT: the limit applies to the whole submission: verdict MLE.
import os
import time

SIZE = 24 << 20
r, w = os.pipe()
children = []
for _ in range(3):
    pid = os.fork()
    if pid == 0:
        os.close(r)
        data = bytearray(SIZE)  # zero-filled: every page touched
        data[-1] = 3
        os.write(w, b"x")
        time.sleep(0.6)
        os._exit(0 if data[-1] == 3 else 1)
    children.append(pid)
os.close(w)
got = 0
while got < 3:
    chunk = os.read(r, 3)
    if not chunk:
        break
    got += len(chunk)
print("HELD", got * SIZE >> 20, "MiB at once", flush=True)
for pid in children:
    os.waitpid(pid, 0)
