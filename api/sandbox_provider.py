"""One Sandbox per process, made on first use: the API serves reads with Docker down, and the worker
checks its engine and images at start-up through the same holder."""

from __future__ import annotations

import threading
import time

from sandbox import Sandbox, remove_owned


class LazySandbox:
    def __init__(self) -> None:
        self._sandbox: Sandbox | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Sandbox:
        with self._lock:
            if self._sandbox is None:
                self._sandbox = Sandbox()  # its constructor sweeps containers of dead processes on this host
            return self._sandbox

    def ping(self) -> None:
        import docker

        docker.from_env(timeout=5).ping()

    def close(self, *, running_too: bool = False) -> None:
        """Remove the warm pool; with ``running_too``, also the containers of runs still going."""
        with self._lock:
            box, self._sandbox = self._sandbox, None
        if box is None:
            return
        box.close()
        if running_too:  # a container start under way as the pool closed may land a moment later
            quiet = 0
            for _ in range(20):
                quiet = 0 if remove_owned(box.api) else quiet + 1
                if quiet >= 2:
                    break
                time.sleep(0.2)
