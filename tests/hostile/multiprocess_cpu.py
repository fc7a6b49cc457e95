# ATTACK: spread the CPU over 6 processes so that no single process reaches the CPU limit.
# EXPECT: CPU time of all processes counts: verdict TLE, CPU time at least the limit.
import os

for _ in range(6):
    if os.fork() == 0:
        while True:
            pass
print("6 workers spinning", flush=True)
for _ in range(6):
    os.wait()
