"""The executor interface routes and services depend on."""

from __future__ import annotations

from abc import ABC, abstractmethod

from sqlmodel import Session

from api.models import Submission


class Executor(ABC):
    @abstractmethod
    def start(self) -> None:
        """Begin grading; queued or interrupted submissions from before a restart are picked up."""

    @abstractmethod
    def submit(self, session: Session, submission_id: str) -> None:
        """Schedule grading of a stored submission or run (its ``kind`` picks the lane, see lanes.py).
        Called inside the transaction that stores it: a distributed executor enqueues in that same
        transaction; the in-process one after commit."""

    @abstractmethod
    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop taking work; let running gradings finish up to ``timeout_s``."""

    def queue_depth(self) -> int:
        return 0

    def queue_position(self, session: Session, submission: Submission) -> int | None:
        """How many items of its lane start before this queued one; None when it is not queued."""
        return None
