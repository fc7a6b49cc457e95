"""One build of an image at a time on a host: an exclusive ``fcntl`` lock per image name, in
``/var/tmp/assay-image-locks/`` (beside the base image's lock), held while it is built.

Whoever gets the lock looks again for the image before building it (another process may just have
built it), so several processes that need the same image (`assay images build`, a worker grading in a
language built on demand, `assay problems verify`) build it once. Locks are per host: workers on other
Docker hosts build their own copy on their own engine.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sandbox.base_image import WORK_ROOT


def lock_path(name: str) -> Path:
    """The lock file of the image ``name`` (``<prefix>-<language>``)."""
    folder = WORK_ROOT / "assay-image-locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.lock"


@contextmanager
def build_lock(name: str) -> Iterator[None]:
    """Held while the image ``name`` is built by anyone on this host (waits until it is free)."""
    with open(lock_path(name), "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def build_locked(name: str) -> bool:
    """Whether some process on this host is building the image ``name`` right now."""
    try:
        with open(lock_path(name), "rb") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except FileNotFoundError:
        return False
    return False
