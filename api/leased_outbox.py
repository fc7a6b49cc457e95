"""The leased outbox, shared by the mail sender (api/mail/sender.py) and the webhook delivery worker
(api/webhooks/worker.py): rows of a table with ``id``, ``status``, ``next_attempt_at``,
``locked_until`` and ``claim`` columns are

- claimed with a lease: a conditional UPDATE that re-checks each row is still pending, due and
  unleased, so any number of senders in any number of processes can share one database and of two
  racing for a row exactly one gets it (``LeasedRows.claim``); a sender that dies leaves a lease that
  expires, and the row goes again;
- renewed while work on them takes longer than planned (``renew``), released when the outcome is
  recorded (``RELEASED``), or all at once when a single process starts (``release_all``);
- retried with exponential backoff (``backoff``: the next delay from a schedule, +-15% jitter);
- worked on by a ``Poller``: a thread that runs a step again at once while there is work, and
  otherwise sleeps until the next row is due, its poll interval passes, or a commit wakes it.
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, select

from api.models import utcnow
from api.wakeups import Wakeups

log = logging.getLogger("assay")

RELEASED: dict[str, Any] = {"locked_until": None, "claim": None}  # the values that end a lease


def backoff(schedule: Sequence[float], tries: int, scale: float = 1.0,
            retry_after_s: float | None = None) -> float | None:
    """Seconds until the next attempt after ``tries`` failed ones (``schedule[tries - 1]`` times
    ``scale``, +-15% jitter; never sooner than ``retry_after_s``, capped at a day); None when the
    schedule is spent."""
    if tries > len(schedule):
        return None
    delay = schedule[tries - 1] * scale * random.uniform(0.85, 1.15)
    if retry_after_s is not None:
        delay = max(delay, min(retry_after_s, 24 * 3600.0))
    return delay


def _aware(moment: datetime | str) -> datetime:
    if isinstance(moment, str):  # SQLite may hand back text
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class LeasedRows:
    """Leases on the rows of ``model``. ``eligible``: conditions a due row must meet besides its own
    columns (webhooks: the endpoint is enabled), with ``joined`` adding what they need to a query."""

    def __init__(self, model: Any, lease: timedelta, *, eligible: Sequence[Any] = (),
                 joined: Callable[[Any], Any] = lambda query: query) -> None:
        self.model = model
        self.lease = lease
        self.eligible = list(eligible)
        self.joined = joined

    def lease_free(self, now: datetime) -> Any:
        return or_(self.model.locked_until.is_(None), self.model.locked_until < now)

    def waiting(self, now: datetime) -> list[Any]:
        """Pending, unleased and eligible, due or not."""
        return [self.model.status == "pending", self.lease_free(now), *self.eligible]

    def due(self, now: datetime) -> list[Any]:
        return [*self.waiting(now), self.model.next_attempt_at <= now]

    def due_ids(self, session: Session, now: datetime, limit: int) -> list[int]:
        """Up to ``limit`` due rows, the longest-waiting first."""
        query = self.joined(select(self.model.id)).where(*self.due(now))
        return list(session.exec(query.order_by(self.model.next_attempt_at).limit(limit)).all())

    def claim(self, session: Session, limit: int, now: datetime | None = None) -> str | None:
        """Lease up to ``limit`` due rows; returns the claim token the leased rows now carry (read
        them with ``model.claim == token``), or None when nothing is due. The caller commits."""
        now = now or utcnow()
        ids = self.due_ids(session, now, limit)
        if not ids:
            return None
        token = uuid.uuid4().hex
        m = self.model
        session.exec(update(m).where(m.id.in_(ids), m.status == "pending", m.next_attempt_at <= now,
                                     self.lease_free(now))
                     .values(locked_until=now + self.lease, claim=token))
        return token

    def renew(self, session: Session, token: str, now: datetime | None = None) -> int:
        """Extend the lease of the rows still held under ``token``; returns how many."""
        now = now or utcnow()
        m = self.model
        result = session.exec(update(m).where(m.claim == token, m.status == "pending")
                              .values(locked_until=now + self.lease))
        return int(result.rowcount)

    def release_all(self, session: Session) -> None:
        """End every lease (one process alone on its database, at start: leases a dead one left)."""
        m = self.model
        session.exec(update(m).where(m.locked_until.is_not(None)).values(**RELEASED))

    def seconds_to_next(self, session: Session, poll_s: float, floor_s: float) -> float:
        """How long until the next waiting row is due: at most ``poll_s``, at least ``floor_s``."""
        now = utcnow()
        query = self.joined(select(self.model.next_attempt_at)).where(*self.waiting(now))
        soonest = session.exec(query.order_by(self.model.next_attempt_at).limit(1)).first()
        if soonest is None:
            return poll_s
        return min(poll_s, max(floor_s, (_aware(soonest) - now).total_seconds()))


class Poller:
    """A daemon thread that calls ``step()`` until stopped. ``step`` returns None to run again at
    once (there may be more work), or the seconds to wait; a commit that queued work (``wakeups``) or
    ``wake()`` ends the wait early. An error in a step is logged and retried after ``poll_s``."""

    def __init__(self, name: str, step: Callable[[], float | None], wakeups: Wakeups, poll_s: float) -> None:
        self.name = name
        self.step = step
        self.wakeups = wakeups
        self.poll_s = poll_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self.wakeups.add(self.wake)
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self.wakeups.remove(self.wake)
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout_s)
            self._thread = None

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                wait = self.step()
            except Exception:
                log.exception("%s: retrying shortly", self.name)
                wait = self.poll_s
            if wait is None:
                continue
            self._wake.wait(wait)
