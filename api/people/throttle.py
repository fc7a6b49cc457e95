"""Brute-force limits on sign-in.

Per account (stored on the user, so every API process sees it): after ``ACCOUNT_LIMIT`` wrong
passwords in a row the account is locked for ``LOCK_MINUTES``; a right password resets the count.
Per client address (in this process): at most ``ADDRESS_LIMIT`` failures in ``ADDRESS_WINDOW_S``, so
one address cannot try many accounts either.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta

from api.models import utcnow
from api.people.models import User

ACCOUNT_LIMIT = 5
LOCK_MINUTES = 15
ADDRESS_LIMIT = 30
ADDRESS_WINDOW_S = 15 * 60


def locked_for(user: User, now: datetime | None = None) -> timedelta | None:
    """How long ``user`` stays locked (None: not locked)."""
    now = now or utcnow()
    if user.locked_until is None or _aware(user.locked_until) <= now:
        return None
    return _aware(user.locked_until) - now


def record_failure(user: User, now: datetime | None = None) -> None:
    now = now or utcnow()
    user.failed_logins += 1
    if user.failed_logins >= ACCOUNT_LIMIT:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        user.failed_logins = 0


def record_success(user: User, now: datetime | None = None) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now or utcnow()


class AddressThrottle:
    """Failures per client address in a sliding window (thread-safe, in memory)."""

    def __init__(self, limit: int = ADDRESS_LIMIT, window_s: float = ADDRESS_WINDOW_S) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._failures.setdefault(address, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may try again (None: it may now)."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(address, now)
            if len(times) < self.limit:
                return None
            return max(1, int(times[0] + self.window_s - now) + 1)

    def failed(self, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent(address, now).append(now)
            if len(self._failures) > 100_000:  # bounded memory: forget the quiet addresses
                for key in [k for k, v in self._failures.items() if not v]:
                    del self._failures[key]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
