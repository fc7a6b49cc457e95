# ATTACK: sleep far past the wall-clock limit (uses no CPU, so the CPU limit never fires).
# EXPECT: killed at the wall limit: verdict TLE, wall time about the wall limit, well before the sleep ends.
import time

print("sleeping", flush=True)
time.sleep(120)
print("WOKE UP")
