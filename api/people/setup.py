"""The first minutes: a one-time set-up link for the first admin, printed by ``assay serve`` on a
database with no person yet (and on demand by ``assay users setup-link``).

Two API processes that start together must not print two links of which one no longer works: the link
is made under a write lock (PostgreSQL: an advisory lock; SQLite: the write transaction an UPDATE
opens), and a process that finds a link made moments ago by another one prints none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, update

from api.models import utcnow
from api.people import links, users
from api.people.models import LinkPurpose, OneTimeLink, User

SETUP_PATH = "/ui/setup/"
RECENT = timedelta(seconds=60)
_LOCK_ID = 7355609  # pg_advisory_xact_lock key of the set-up link (api.migrate uses 7355608)


@dataclass(frozen=True)
class SetupLink:
    url: str | None  # None: another process made one moments ago (see its output)
    expires_in: timedelta


def setup_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{SETUP_PATH}{token}"


def _write_lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=_LOCK_ID))  # type: ignore[call-overload]  # a text() statement
    else:  # an UPDATE opens SQLite's write transaction, matching rows or not: writers queue here
        session.exec(update(OneTimeLink).where(col(OneTimeLink.id) == "").values(used_at=None))


def first_start(engine: Engine, base_url: str) -> SetupLink | None:
    """A set-up link when nobody can sign in yet (no user at all); None once someone can."""
    with Session(engine) as session:
        _write_lock(session)
        if users.any_user(session):
            return None
        newest = links.newest_unused(session, LinkPurpose.SETUP)
        if newest is not None and newest.created_at > utcnow() - RECENT:
            return SetupLink(None, newest.expires_at - utcnow())
        token = _replace(session)
        session.commit()
    return SetupLink(setup_url(base_url, token), links.LIFETIME[LinkPurpose.SETUP])


def on_demand(engine: Engine, base_url: str) -> SetupLink:
    """A new set-up link (``assay users setup-link``): for a first admin, or a new one when every admin
    is locked out. Older unused set-up links stop working."""
    with Session(engine) as session:
        _write_lock(session)
        token = _replace(session)
        session.commit()
    return SetupLink(setup_url(base_url, token), links.LIFETIME[LinkPurpose.SETUP])


def _replace(session: Session) -> str:
    links.withdraw_unused(session, LinkPurpose.SETUP)
    return links.issue(session, LinkPurpose.SETUP, is_admin=True).token


def complete(session: Session, token: str, *, name: str, email: str, password: str) -> User:
    """The set-up form: the link is used once and its admin account made (PasswordRejected, LinkError and
    the users errors say what is wrong; nothing is used up then)."""
    link = links.peek(session, token, LinkPurpose.SETUP)
    user = users.create(session, email=email, name=name, password=password, is_admin=link.is_admin)
    links.use(session, token, LinkPurpose.SETUP)
    return user
