# ATTACK: stop the supervisor through pid 1: docker-init forwards SIGTSTP to its child, the agent; the
#         program then exits 0 at once, hoping for an OK with nobody measuring.
# EXPECT: the agent never reports, the host timer fires: verdict TLE (never OK, never a hang).
import os
import signal

os.kill(1, signal.SIGTSTP)
print("sent SIGTSTP to pid 1", flush=True)
