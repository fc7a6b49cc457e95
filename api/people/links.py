"""Single-use, expiring links: the first admin's set-up link, a teammate's invitation, a password reset.

The link carries a random token; only its SHA-256 is stored. Using a link marks it used in the same
UPDATE that checks it is unused, so two clicks (or two processes) can never both use it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select, update

from api.models import utcnow
from api.people.models import LinkPurpose, OneTimeLink
from api.security import hash_secret

PREFIX = "lnk_"
LIFETIME = {
    LinkPurpose.SETUP: timedelta(hours=24),
    LinkPurpose.INVITE: timedelta(days=7),
    LinkPurpose.RESET: timedelta(hours=1),
}
WHAT = {LinkPurpose.SETUP: "set-up link", LinkPurpose.INVITE: "invitation link",
        LinkPurpose.RESET: "password reset link"}


class LinkError(Exception):
    """A link that cannot be used; ``reason`` is unknown, used or expired, the message plain words."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Issued:
    link: OneTimeLink
    token: str


def issue(session: Session, purpose: LinkPurpose, *, lifetime: timedelta | None = None,
          now: datetime | None = None, **fields: Any) -> Issued:
    """A new link for ``purpose`` (fields: email, name, user_id, team_id, role, is_admin, created_by)."""
    now = now or utcnow()
    token = PREFIX + secrets.token_urlsafe(32)
    link = OneTimeLink(id=hash_secret(token), purpose=purpose, created_at=now,
                       expires_at=now + (lifetime or LIFETIME[purpose]), **fields)
    session.add(link)
    session.flush()
    return Issued(link, token)


def peek(session: Session, token: str, purpose: LinkPurpose, *, now: datetime | None = None) -> OneTimeLink:
    """The usable link of ``token`` (to show its form), or LinkError saying why not."""
    now = now or utcnow()
    what = WHAT[purpose]
    link = session.get(OneTimeLink, hash_secret(token)) if token.startswith(PREFIX) else None
    if link is None or link.purpose != purpose:
        raise LinkError("unknown", f"This {what} is not valid. Check that the whole link was copied.")
    if link.used_at is not None:
        raise LinkError("used", f"This {what} has already been used. Sign in, or ask for a new one.")
    if link.expires_at <= now:
        raise LinkError("expired", f"This {what} has expired. Ask for a new one"
                        + (" (restart Assay, or run `assay users setup-link`)." if purpose is LinkPurpose.SETUP
                           else "."))
    return link


def use(session: Session, token: str, purpose: LinkPurpose, *, now: datetime | None = None) -> OneTimeLink:
    """Use the link of ``token`` once: LinkError if it is unknown, used or expired (or used meanwhile)."""
    now = now or utcnow()
    link = peek(session, token, purpose, now=now)
    result = session.exec(
        update(OneTimeLink).where(col(OneTimeLink.id) == link.id, col(OneTimeLink.used_at).is_(None))
        .values(used_at=now))
    if result.rowcount != 1:
        raise LinkError("used", f"This {WHAT[purpose]} has already been used. Sign in, or ask for a new one.")
    session.refresh(link)
    return link


def withdraw_unused(session: Session, purpose: LinkPurpose, *, email: str | None = None) -> None:
    """Mark every unused link of ``purpose`` (for ``email``) used: a new one replaces them."""
    statement = update(OneTimeLink).where(col(OneTimeLink.purpose) == purpose, col(OneTimeLink.used_at).is_(None))
    if email is not None:
        statement = statement.where(col(OneTimeLink.email) == email)
    session.exec(statement.values(used_at=utcnow()))


def newest_unused(session: Session, purpose: LinkPurpose) -> OneTimeLink | None:
    return session.exec(select(OneTimeLink).where(OneTimeLink.purpose == purpose, col(OneTimeLink.used_at).is_(None))
                        .order_by(col(OneTimeLink.created_at).desc())).first()
