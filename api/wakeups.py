"""Wake-ups for the outboxes' background senders (webhooks, e-mail): a sender registers a callback; a
transaction that queued work calls ``after_commit(session)``, and the callbacks run once that
transaction commits (never on rollback), so a sender looks for work at once instead of at its next poll."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import event as sa_event
from sqlmodel import Session

log = logging.getLogger("assay")


class Wakeups:
    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def add(self, callback: Callable[[], None]) -> None:
        with self._lock:
            self._callbacks.append(callback)

    def remove(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    def wake_all(self) -> None:
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback()
            except Exception:  # pragma: no cover - a wake-up never breaks a commit
                log.exception("%s wake-up failed", self.name)

    def after_commit(self, session: Session) -> None:
        """Wake the senders once ``session``'s transaction commits (once per transaction)."""
        flag = f"{self.name}_wake"
        if session.info.get(flag):
            return
        session.info[flag] = True

        def committed(sess: Session) -> None:
            sess.info.pop(flag, None)
            self.wake_all()

        def rolled_back(sess: Session, _previous: object = None) -> None:  # (session, previous_transaction)
            sess.info.pop(flag, None)

        sa_event.listen(session, "after_commit", committed, once=True)
        sa_event.listen(session, "after_soft_rollback", rolled_back, once=True)
