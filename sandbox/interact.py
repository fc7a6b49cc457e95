"""Relay between two streaming sandbox jobs: each program's stdout is the other's stdin.

Used for interactive problems (the Kattis interactive protocol): the candidate's program and the
package's interactor run in separate containers; only the host connects them.

Back-pressure, as a pipe gives it: while more than ``BACKLOG_LIMIT`` bytes wait to be written to one
side, the other side's output is not read. Its agent's writes then block, and so does the program
once its own stdout pipe is full: a program that floods the interactor without reading its replies
waits, as it would on a 64 KiB pipe under Kattis or DOMjudge, until its wall limit. (Reading
everything, as before, left the interactor megabytes behind: the program reached its output limit
and the interactor ran out of wall time, a judge error instead of the program's TLE.)

A side held back this way cannot report either (its agent is stuck in a write, so it cannot enforce
the program's wall limit, and its report comes after the output): once a side is past its own wall
limit (plus ``OVERDUE_MARGIN_S`` for its agent's start), it is read again at a trickle
(``OVERDUE_READ_S``), enough for its agent to kill the program and report, never a flood. Output for
a side that has ended is dropped (the other side is not held back by it). The relay deadline ends
everything, as before.
"""

from __future__ import annotations

import selectors
import time
from typing import Any

from sandbox.container import AgentReply, Box, StreamJob

BACKLOG_LIMIT = 128 << 10  # bytes queued for one side before the other side's output is held back
OVERDUE_MARGIN_S = 0.5  # a side is read despite back-pressure this long after its wall limit...
OVERDUE_READ_S = 0.05  # ...one read (at most 256 KiB) per this interval


def relay(
    box_a: Box, meta_a: dict[str, Any], files_a: bytes,
    box_b: Box, meta_b: dict[str, Any], files_b: bytes,
    *, timeout_s: float, max_stdout: int,
) -> tuple[AgentReply, AgentReply]:
    jobs: list[StreamJob] = []

    def forward(target_index: int):
        def on_data(data: bytes | None) -> None:
            target = jobs[target_index]
            if data is None:
                target.close_input()
            else:
                target.send(data)

        return on_data

    overdue: list[float] = []  # when each side is past its own wall limit: read it despite back-pressure
    for index, (box, meta, files) in enumerate(((box_a, meta_a, files_a), (box_b, meta_b, files_b))):
        wall_ms = meta.get("wall_limit_ms")
        opened = time.monotonic()
        overdue.append(opened + (wall_ms / 1000 + OVERDUE_MARGIN_S if wall_ms else timeout_s))
        jobs.append(box.open_stream(meta, files, max_stdout_bytes=max_stdout, on_data=forward(1 - index)))
    selector = selectors.DefaultSelector()
    registered = [0, 0]  # the events each side's socket is registered for (0: not registered)
    next_overdue_read = [0.0, 0.0]
    deadline = time.monotonic() + timeout_s
    while not all(job.finished for job in jobs):
        now = time.monotonic()
        remaining = deadline - now
        if remaining <= 0:
            for job in jobs:
                job.time_out()
            break
        wait = min(remaining, 0.5)
        readable = [False, False]
        for index, job in enumerate(jobs):
            if job.finished:
                continue
            held = jobs[1 - index].backlog > BACKLOG_LIMIT
            if not held:
                readable[index] = True
            elif now >= overdue[index]:
                readable[index] = now >= next_overdue_read[index]
                if not readable[index]:
                    wait = min(wait, next_overdue_read[index] - now)
            else:
                wait = min(wait, overdue[index] - now)
            # Input queued for a side that cannot take it yet is written when its socket can (never a
            # blocking write here: the other side's output keeps flowing meanwhile).
            events = (selectors.EVENT_READ if readable[index] else 0) | (
                selectors.EVENT_WRITE if job.wants_write else 0)
            if events != registered[index]:
                if not registered[index]:
                    selector.register(job.box.sock, events, index)
                elif not events:
                    selector.unregister(job.box.sock)
                else:
                    selector.modify(job.box.sock, events, index)
                registered[index] = events
        if not any(registered):
            time.sleep(wait)
            continue
        for key, mask in selector.select(wait):
            index = key.data
            job = jobs[index]
            if job.finished:
                continue
            if mask & selectors.EVENT_WRITE:
                job.flush()
            if not mask & selectors.EVENT_READ or not readable[index]:
                continue
            if jobs[1 - index].backlog > BACKLOG_LIMIT:  # an overdue side, read at a trickle
                next_overdue_read[index] = time.monotonic() + OVERDUE_READ_S
            job.pump(0.01)
            if job.finished:
                selector.unregister(job.box.sock)
                registered[index] = 0
                # A finished side's stdout has ended; the other side's stdin closes with it.
                jobs[1 - index].close_input()
    selector.close()
    return jobs[0].reply or AgentReply(meta=None), jobs[1].reply or AgentReply(meta=None)
