# ATTACK: fork bomb -- every process forks forever and keeps forking when fork() fails.
# EXPECT: the pids limit makes fork() fail (EAGAIN); the CPU/wall limit ends the job:
#         verdict TLE (RE tolerated), never OK or JE; nothing survives the job.
import os

first = os.getpid()
reported = False
while True:
    try:
        os.fork()
    except OSError as exc:
        if os.getpid() == first and not reported:
            reported = True
            print("FORK LIMITED", exc.errno, flush=True)
