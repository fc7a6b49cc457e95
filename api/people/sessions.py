"""Console sessions, kept on the server: the cookie holds a random token, the table its SHA-256.

A session ends when it expires, when its person signs out, changes their password or is deactivated
(every session of theirs at once), or after ``idle`` without a request. Each lookup checks all of it,
so a revoked session is refused at its very next request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select, update

from api.models import utcnow
from api.people.models import StaffSession, User
from api.security import hash_secret

PREFIX = "ses_"
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often


@dataclass(frozen=True)
class Current:
    """The signed-in person of a request."""

    session: StaffSession
    user: User


def start(session: Session, user: User, *, hours: float, mfa_pending: bool = False, user_agent: str = "",
          address: str = "") -> tuple[StaffSession, str]:
    """A new session for ``user``; returns it and the token for the cookie (shown once)."""
    token = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = StaffSession(id=hash_secret(token), user_id=user.id, created_at=now, last_seen_at=now,
                       expires_at=now + timedelta(hours=hours), mfa_pending=mfa_pending,
                       csrf_token=secrets.token_urlsafe(24), user_agent=user_agent[:300], address=address[:64])
    session.add(row)
    session.flush()
    return row, token


def lookup(session: Session, token: str | None, *, idle: timedelta | None = None,
           now: datetime | None = None) -> Current | None:
    """The live session of ``token`` and its active user, or None (unknown, ended, idle, deactivated)."""
    if not token or not token.startswith(PREFIX):
        return None
    now = now or utcnow()
    row = session.get(StaffSession, hash_secret(token))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if idle is not None and row.last_seen_at + idle <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
    return Current(row, user)


def passed_mfa(session: Session, row: StaffSession) -> None:
    row.mfa_pending = False
    session.add(row)


def revoke(session: Session, row: StaffSession) -> None:
    row.revoked_at = utcnow()
    session.add(row)


def revoke_all(session: Session, user_id: str) -> int:
    """End every live session of ``user_id``; returns how many."""
    result = session.exec(
        update(StaffSession)
        .where(col(StaffSession.user_id) == user_id, col(StaffSession.revoked_at).is_(None))
        .values(revoked_at=utcnow()))
    return int(result.rowcount or 0)


def live(session: Session, user_id: str) -> list[StaffSession]:
    now = utcnow()
    return list(session.exec(select(StaffSession).where(
        StaffSession.user_id == user_id, col(StaffSession.revoked_at).is_(None),
        StaffSession.expires_at > now)).all())
