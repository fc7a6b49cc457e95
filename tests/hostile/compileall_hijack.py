# ATTACK: run code at compile time. The Python "compile" step is `python3 -m compileall` in the work
#         dir, and `-m` puts the work dir first on sys.path: a submitted compileall.py replaces the
#         standard module and runs with the compile step's far larger limits (30 s CPU, 1 GiB), skipping
#         the syntax check too. Submitted as compileall.py next to a main.py that looks for the marker.
# EXPECT: candidate code never runs during compilation: no marker file, the run prints "clean".
import os
import time

with open("compile-time-marker", "w") as handle:
    handle.write(f"compile-time code ran as uid {os.getuid()}")
started = time.process_time()
while time.process_time() - started < 1.5:  # CPU the run's limits would never have granted
    pass
