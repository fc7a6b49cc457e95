"""Runs an interactor and records which side of the interaction ended first (Kattis' rule needs it).

Shipped into the INTERACTOR's container by graders/interactive.py and run as

    python3 -I -S -B .assay-interact.py <record dir> <interactor command...>

The interactor's stdout and stderr are ours (inherited; this process lets go of its own stdout),
its stdin is a pipe from this process, which passes the candidate's output through. When the
candidate's output ends (its program exited or closed stdout), or the interactor exits, whichever
this process sees first is written to ``<record dir>/.assay-first``: "program" or "interactor".
The order is exact where it matters: the interactor can only learn that the candidate's output
ended from this process, so an interactor that exits because the program died is always seen
after that EOF ("program"), and one that exits on its own before it is seen as "interactor".

This process exits as the interactor did (same code, or killed by the same signal), so the sandbox
judges the interactor, not this wrapper. Standard library only; runs in every sandbox image.
"""

import os
import selectors
import signal
import subprocess
import sys

RECORD = ".assay-first"
EOF_GRACE_S = 0.5


def main() -> None:
    record_dir, command = sys.argv[1], sys.argv[2:]
    child = subprocess.Popen(command, stdin=subprocess.PIPE)
    assert child.stdin is not None  # stdin=PIPE
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # only the interactor holds the pipe to the candidate: its exit is an EOF there
    os.close(devnull)
    feed = child.stdin.fileno()
    os.set_blocking(0, False)
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ)
    try:
        exited = os.pidfd_open(child.pid)
        selector.register(exited, selectors.EVENT_READ)
        wait = None
    except (AttributeError, OSError):
        wait = 0.002
    first = None
    while first is None:
        selector.select(wait)
        if child.poll() is not None:
            first = "interactor"
            break
        try:
            data = os.read(0, 1 << 16)
        except BlockingIOError:
            continue
        if not data:
            # Checked again: if the interactor is gone already, it went first (it cannot have seen
            # this EOF, which only we can give it).
            # The interactor cannot know of this EOF yet (its stdin is still open), so an exit within a
            # short grace is its own: a verdict written, then a slow interpreter shutdown under load.
            if child.poll() is None:
                try:
                    child.wait(timeout=EOF_GRACE_S)
                except subprocess.TimeoutExpired:
                    pass
            first = "interactor" if child.poll() is not None else "program"
            break
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(feed, view):]
        except OSError:  # the interactor closed its input or exited; poll() will say which
            pass
    try:
        with open(os.path.join(record_dir, RECORD), "w") as handle:
            handle.write(first)
    except OSError:
        pass
    try:
        child.stdin.close()
    except OSError:
        pass
    selector.unregister(0)
    os.close(0)
    status = child.wait()
    if status < 0:
        try:
            signal.signal(-status, signal.SIG_DFL)
        except (OSError, ValueError):  # SIGKILL, SIGSTOP: no handler to reset
            pass
        os.kill(os.getpid(), -status)
    os._exit(status & 0xFF)


if __name__ == "__main__":
    main()
