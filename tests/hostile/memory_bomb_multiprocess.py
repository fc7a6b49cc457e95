# ATTACK: memory bomb spread over 8 processes, each small, together far over the limit.
# EXPECT: the container's cgroup limit applies to the sum: verdict MLE.
import os
import time

children = []
for _ in range(8):
    pid = os.fork()
    if pid == 0:
        hoard = []
        while True:
            hoard.append(b"\x02" * (2 << 20))
            time.sleep(0.005)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
print("all children gone")
