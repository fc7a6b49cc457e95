"""A warm pool of pre-started, single-use containers, one queue per container spec.

Starting a container costs a few hundred milliseconds; the pool pays that in the background so a
test case only waits for its own run. Every container still serves exactly one job: taken from the
pool, used once, then killed and removed. Idle entries are recycled after ``idle_s``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sandbox import metrics
from sandbox.container import Box, ContainerSpec

log = logging.getLogger(__name__)


@dataclass
class PoolStats:
    hits: int = 0
    misses: int = 0
    started: int = 0
    start_failures: int = 0
    recycled: int = 0
    destroyed: int = 0
    dead: int = 0  # warm containers found ended when taken (e.g. after an engine restart)


class WarmPool:
    def __init__(
        self,
        start: Callable[[ContainerSpec], Box],
        destroy: Callable[[Box], None],
        *,
        size: int,
        idle_s: float,
        starters: int = 2,
        on_maintenance: Callable[[], object] | None = None,
    ) -> None:
        self._start = start
        self._destroy = destroy
        self.size = size
        self.idle_s = idle_s
        self.stats = PoolStats()
        self._ready: dict[ContainerSpec, deque[Box]] = {}
        self._pending: dict[ContainerSpec, int] = {}
        self._last_used: dict[ContainerSpec, float] = {}
        self._lock = threading.Condition()
        self._starters = ThreadPoolExecutor(max_workers=max(1, starters), thread_name_prefix="pool-start")
        self._reapers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pool-remove")
        self._closed = False
        self._on_maintenance = on_maintenance
        self._maintenance = threading.Thread(target=self._maintain, name="pool-maintain", daemon=True)
        self._maintenance.start()

    # ------------------------------------------------------------------ public

    def acquire(self, spec: ContainerSpec, *, wait_s: float = 10.0) -> tuple[Box, bool]:
        """A started container for ``spec`` and whether it came warm from the pool."""
        began = time.monotonic()
        deadline = began + wait_s
        with self._lock:
            if self._closed:  # the process is stopping: no new containers
                raise RuntimeError("the sandbox is closed")
            self._last_used[spec] = time.monotonic()
            while True:
                queue = self._ready.get(spec)
                while queue and not queue[0].alive():  # ended while waiting (an engine restart ends all)
                    self._reapers.submit(self._destroy_one, queue.popleft())
                    self.stats.dead += 1
                if queue:
                    box = queue.popleft()
                    self.stats.hits += 1
                    self._refill_locked(spec)
                    metrics.pool_hit(spec.runtime, time.monotonic() - began)
                    return box, True
                # A start already under way is nearer to done than a fresh one.
                if self._pending.get(spec, 0) > 0 and self.size > 0 and time.monotonic() < deadline:
                    self._lock.wait(timeout=max(0.0, deadline - time.monotonic()))
                    continue
                break
            self.stats.misses += 1
            self._refill_locked(spec, extra=0)
        metrics.pool_miss()
        box = self._start(spec)
        metrics.cold_started(spec.runtime, time.monotonic() - began)
        with self._lock:
            self.stats.started += 1
        return box, False

    def release(self, box: Box) -> None:
        """Kill and remove a used container, in the background."""
        self._reapers.submit(self._destroy_one, box)

    def prewarm(self, spec: ContainerSpec) -> None:
        with self._lock:
            self._last_used[spec] = time.monotonic()
            self._refill_locked(spec)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            boxes = [box for queue in self._ready.values() for box in queue]
            self._ready.clear()
            self._lock.notify_all()
        self._starters.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            boxes += [box for queue in self._ready.values() for box in queue]
            self._ready.clear()
        for box in boxes:
            self._reapers.submit(self._destroy_one, box)
        self._reapers.shutdown(wait=True)

    def idle_count(self) -> int:
        with self._lock:
            return sum(len(queue) for queue in self._ready.values())

    # ------------------------------------------------------------------ internals

    def _refill_locked(self, spec: ContainerSpec, extra: int = 0) -> None:
        if self._closed or self.size <= 0:
            return
        have = len(self._ready.get(spec, ())) + self._pending.get(spec, 0)
        for _ in range(self.size + extra - have):
            self._pending[spec] = self._pending.get(spec, 0) + 1
            self._starters.submit(self._start_one, spec)

    def _start_one(self, spec: ContainerSpec) -> None:
        box: Box | None = None
        try:
            box = self._start(spec)
        except Exception as exc:  # logged; the job that needs one starts its own and sees the error
            log.warning("warm pool: starting a container for %s failed: %s", spec.image, exc)
        with self._lock:
            self._pending[spec] -= 1
            if box is None:
                self.stats.start_failures += 1
            elif self._closed:
                self._reapers.submit(self._destroy_one, box)
            else:
                self.stats.started += 1
                self._ready.setdefault(spec, deque()).append(box)
            self._lock.notify_all()

    def _destroy_one(self, box: Box) -> None:
        try:
            self._destroy(box)
        except Exception as exc:  # the sweep removes what we could not
            log.warning("removing sandbox container %s failed: %s", box.container_id[:12], exc)
        with self._lock:
            self.stats.destroyed += 1

    def _maintain(self) -> None:
        last_sweep = 0.0
        while True:
            time.sleep(1.0)
            with self._lock:
                if self._closed:
                    return
                now = time.monotonic()
                for spec, queue in list(self._ready.items()):
                    stale = self._last_used.get(spec, 0) < now - self.idle_s
                    while queue and (stale or queue[0].started_at < now - self.idle_s):
                        self._reapers.submit(self._destroy_one, queue.popleft())
                        self.stats.recycled += 1
                    if not stale:
                        self._refill_locked(spec)
            if self._on_maintenance and time.monotonic() - last_sweep > 30:
                last_sweep = time.monotonic()
                try:
                    self._on_maintenance()
                except Exception as exc:
                    log.warning("sandbox sweep failed: %s", exc)
