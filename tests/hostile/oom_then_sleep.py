# ATTACK: blow the memory limit in a child (the OOM killer ends it), then sleep past the wall limit, so
#         that the time limit is the last one to fire.
# EXPECT: the memory limit was exceeded first and the OOM kill is on record: verdict MLE, not TLE.
import os
import time

pid = os.fork()
if pid == 0:
    hoard = []
    while True:
        hoard.append(b"\x04" * (4 << 20))
os.waitpid(pid, 0)
print("child gone", flush=True)
time.sleep(60)
