# ATTACK: the parent exits at once, leaving a busy child that keeps the pipes open and prints forever.
# EXPECT: the job ends with the parent (the agent kills the orphan): verdict OK, wall time far below the
#         wall limit, little of the orphan's output; nothing left running afterwards.
import os
import sys

if os.fork() == 0:
    n = 0
    while True:
        n += 1
        if n % 2_000_000 == 0:
            print("ORPHAN STILL RUNNING", flush=True)
print("parent exits", flush=True)
sys.exit(0)
