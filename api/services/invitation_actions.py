"""Staff actions on an invitation, each with its audit record, in the caller's transaction: the REST
routes (api/routes/invitations.py) and the HR console's forms (api/console/actions.py) both call these, so an
action is done and recorded one way whichever door it came through (``via``: "api" or "console")."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from sqlmodel import Session

from api import audit
from api.auth import Staff
from api.errors import TooLarge
from api.mail import outbox as mail
from api.models import Invitation
from api.security import SecretBox
from api.services import assessments as assessment_service
from api.services import invitation_csv
from api.services import invitations as service


def _via(via: str) -> dict[str, str]:
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


def invite_csv(session: Session, staff: Staff, request: Request, assessment_id: str, data: bytes,
               expires_at: datetime | None, *, box: SecretBox | None, default_days: int, via: str = "api"
               ) -> tuple[list[tuple[Invitation, str]], list[dict[str, object]]]:
    """Invite everyone in a CSV file (at most ``invitation_csv.MAX_BYTES``; read one byte more to tell):
    (invitation, token) pairs and the skipped rows."""
    if len(data) > invitation_csv.MAX_BYTES:
        raise TooLarge(f"the CSV file is larger than {invitation_csv.MAX_BYTES >> 10} KiB")
    assessment_service.get(session, assessment_id, staff.scope)  # another team's: as if it did not exist
    rows = invitation_csv.parse(data)
    created, skipped = invitation_csv.invite_rows(session, assessment_id, rows, expires_at, staff.key_id, box=box,
                                                  default_days=default_days)
    for invitation, _ in created:
        audit.record(session, staff, "invitation.created", "invitation", invitation.id, request=request,
                     assessment_id=assessment_id, source="csv", email_queued=mail.enabled(session), **_via(via))
    return created, skipped
