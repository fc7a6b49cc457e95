"""Staff actions on an invitation, each with its audit record, in the caller's transaction: the REST
routes (api/routes/invitations.py) and the HR console's forms (api/web/console.py) both call these, so an
action is done and recorded one way whichever door it came through (``via``: "api" or "console")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from sqlmodel import Session

from api import audit
from api.auth import Staff
from api.mail import outbox as mail
from api.models import Invitation
from api.security import SecretBox
from api.services import invitations as service


def _via(via: str) -> dict[str, Any]:
    return {} if via == "api" else {"via": via}


def revoke(session: Session, staff: Staff, request: Request, invitation: Invitation, *, via: str = "api") -> None:
    if invitation.revoked_at is None:
        audit.record(session, staff, "invitation.revoked", "invitation", invitation.id, request=request, **_via(via))
    service.revoke(session, invitation)


def extend(session: Session, staff: Staff, request: Request, invitation: Invitation, expires_at: datetime,
           *, via: str = "api") -> None:
    before = invitation.expires_at
    service.extend(session, invitation, expires_at)
    audit.record(session, staff, "invitation.extended", "invitation", invitation.id, request=request, **_via(via),
                 expires_before=before.isoformat(), expires_at=expires_at.isoformat())


def grant_time(session: Session, staff: Staff, request: Request, invitation: Invitation, time_multiplier: float,
               extra_minutes: int, reason: str, *, via: str = "api") -> None:
    before = {"time_multiplier": invitation.time_multiplier, "extra_minutes": invitation.extra_minutes}
    service.grant_time(session, invitation, time_multiplier, extra_minutes)
    audit.record(session, staff, "invitation.extra_time", "invitation", invitation.id, request=request, **_via(via),
                 before=before, time_multiplier=time_multiplier, extra_minutes=extra_minutes, reason=reason)


def resend(session: Session, staff: Staff, request: Request, invitation: Invitation, box: SecretBox,
           *, via: str = "api") -> bool:
    """Queue the e-mail again; True when the token had to be replaced (see invitations.resend)."""
    rotated = service.resend(session, invitation, box)
    audit.record(session, staff, "invitation.resent", "invitation", invitation.id, request=request, **_via(via),
                 email_queued=mail.enabled(session), token_replaced=rotated)
    return rotated
