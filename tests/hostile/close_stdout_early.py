# ATTACK: close stdout and stderr at once, then linger and exit 0 (an agent that waits for EOF on the
#         pipes plus process exit could hang, one that waits only for EOF could report too early).
# EXPECT: no hang: verdict OK with empty output, wall time well under the limit.
import os
import time

os.close(1)
os.close(2)
time.sleep(0.3)
os._exit(0)
