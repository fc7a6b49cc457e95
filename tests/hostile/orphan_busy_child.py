# ATTACK: a child busy-loops while its parent only waits (the parent itself uses no CPU); the parent
#         exits 0 once the child has burnt 1.5 s of CPU (over the limit), leaving the child running.
# EXPECT: the child's CPU counts: verdict TLE; the child does not outlive the job.
import os
import time

child = os.fork()
if child == 0:
    while True:
        pass
ticks = os.sysconf("SC_CLK_TCK")
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    with open(f"/proc/{child}/stat", "rb") as handle:
        fields = handle.read().rsplit(b")", 1)[1].split()
    if (int(fields[11]) + int(fields[12])) / ticks >= 1.5:
        break
    time.sleep(0.02)
print("parent done", flush=True)
