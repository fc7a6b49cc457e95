# ATTACK: daemonize (fork, setsid, fork again, close stdio, ignore signals) and keep running.
# EXPECT: the daemon dies with the job: verdict OK quickly (the job does not wait for the wall limit);
#         no container keeps running a process afterwards.
import os
import signal
import sys
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGUSR1):
            signal.signal(signum, signal.SIG_IGN)
        devnull = os.open("/dev/null", os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        while True:
            with open("/tmp/daemon-heartbeat", "w") as handle:
                handle.write(str(time.time()))
            time.sleep(0.05)
    os._exit(0)
os.wait()
print("daemon started", flush=True)
sys.exit(0)
