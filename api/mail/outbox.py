"""The mail outbox: rows written in the caller's transaction, sent later by the mail sender.
(Placeholder: filled in by the mail work.)"""

from __future__ import annotations

from sqlmodel import Session

from api.models import Invitation


def enabled() -> bool:
    """True when SMTP is configured (invitation e-mails are sent); False: the console shows the link."""
    return False


def invitation_created(session: Session, invitation: Invitation) -> None:
    """Queue the invitation e-mail and its reminder (no-op when SMTP is not configured)."""


def invitation_resent(session: Session, invitation: Invitation) -> None:
    """Queue the invitation e-mail again (no-op when SMTP is not configured)."""


def invitation_closed(session: Session, invitation: Invitation) -> None:
    """The invitation was revoked, started or finished: pending reminders are cancelled."""
