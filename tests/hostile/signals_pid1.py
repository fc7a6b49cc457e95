# ATTACK: signal pid 1 (docker-init) with every signal docker-init would not forward into a stop,
#         including SIGKILL and SIGSTOP, then check whether init and the agent still live.
# EXPECT: pid 1 ignores what it must (SIGKILL/SIGSTOP from inside the namespace never reach it); a
#         signal it forwards may kill the agent. Either way the verdict is defined: OK (everything
#         survived) or RE (the program killed the supervisor) -- never JE, never a hang.
import os
import signal
import time

skip = {signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU, signal.SIGCHLD}
sent = []
for signum in range(1, signal.SIGRTMAX + 1):
    if signum in skip:
        continue
    try:
        os.kill(1, signum)
        sent.append(signum)
    except OSError as exc:
        print("SIGNAL", signum, "refused", exc.strerror)
time.sleep(0.3)
print("SENT", len(sent), flush=True)
try:
    os.kill(1, 0)
    print("INIT ALIVE", flush=True)
except OSError:
    print("INIT GONE", flush=True)
