# ATTACK: stay under the limit per process but not in total: 2 processes hold 34 MiB each at the
#         same time (68 MiB of data) under a 64 MiB memory limit, then exit 0.
# EXPECT: the limit applies to the whole submission: verdict MLE.
import os
import time

SIZE = 34 << 20
r, w = os.pipe()
children = []
for _ in range(2):
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
while got < 2:
    chunk = os.read(r, 2)
    if not chunk:
        break
    got += len(chunk)
print("HELD", got * SIZE >> 20, "MiB at once", flush=True)
for pid in children:
    os.waitpid(pid, 0)
