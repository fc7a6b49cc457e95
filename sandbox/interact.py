"""Relay between two streaming sandbox jobs: each program's stdout is the other's stdin.

Used for interactive problems (the Kattis interactive protocol): the candidate's program and the
package's interactor run in separate containers; only the host connects them.
"""

from __future__ import annotations

import selectors
import time
from typing import Any

from sandbox.container import AgentReply, Box, StreamJob


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

    jobs.append(box_a.open_stream(meta_a, files_a, max_stdout_bytes=max_stdout, on_data=forward(1)))
    jobs.append(box_b.open_stream(meta_b, files_b, max_stdout_bytes=max_stdout, on_data=forward(0)))
    selector = selectors.DefaultSelector()
    for index, job in enumerate(jobs):
        selector.register(job.box.sock, selectors.EVENT_READ, index)
    registered = [selectors.EVENT_READ, selectors.EVENT_READ]
    deadline = time.monotonic() + timeout_s
    while not all(job.finished for job in jobs):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            for job in jobs:
                job.time_out()
            break
        # Input queued for a side that cannot take it yet is written when its socket can (never a
        # blocking write here: the other side's output keeps flowing meanwhile).
        for index, job in enumerate(jobs):
            if job.finished:
                continue
            events = selectors.EVENT_READ | (selectors.EVENT_WRITE if job.wants_write else 0)
            if events != registered[index]:
                selector.modify(job.box.sock, events, index)
                registered[index] = events
        for key, mask in selector.select(min(remaining, 0.5)):
            job = jobs[key.data]
            if job.finished:
                continue
            if mask & selectors.EVENT_WRITE:
                job.flush()
            if not mask & selectors.EVENT_READ:
                continue
            job.pump(0.01)
            if job.finished:
                selector.unregister(job.box.sock)
                # A finished side's stdout has ended; the other side's stdin closes with it.
                jobs[1 - key.data].close_input()
    selector.close()
    return jobs[0].reply or AgentReply(meta=None), jobs[1].reply or AgentReply(meta=None)
