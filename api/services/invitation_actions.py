"""Staff actions on an invitation, each with its audit record, in the caller's transaction: the REST
routes (api/routes/invitations.py) and the HR console's forms (api/console/actions.py) both call these, so an
action is done, allowed and recorded one way whichever door it came through (``via``: "api" or "console").

Who may (api.permissions, the team's roles): inviting and changing an invitation (extend, extra time,
revoke, resend) is ``Action.INVITE``; seeing a candidate's personal link is ``Action.SEE_CANDIDATE_LINK``
(an admin or ats key, a recruiter, an admin): the link acts as the candidate. Resend queues the e-mail
and never answers with the link. On an anonymised invitation whose name is still masked, the link is
only shown with an explicit reveal, recorded as ``candidate.revealed`` beside ``invitation.link_shown``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Request
from sqlmodel import Session, col, select

from api import audit
from api.audit import AuditEvent
from api.auth import Staff
from api.errors import Conflict, TooLarge
from api.mail import outbox as mail
from api.models import Assessment, Invitation, utcnow
from api.people.teams import Action
from api.permissions import allowed, require
from api.schemas import InvitationCreate
from api.security import SecretBox
from api.services import anonymity, invitation_csv
from api.services import assessments as assessment_service
from api.services import invitations as service

LINK_PAGE_FOR = timedelta(minutes=10)  # the page after Show link shows it again this long (reload, back)


class RevealNeeded(Conflict):
    """The candidate is anonymised: their link reveals who they are, so it needs an explicit reveal."""


def _via(via: str) -> dict[str, str]:
    return {} if via == "api" else {"via": via}


def team_of(session: Session, invitation: Invitation) -> str | None:
    assessment = session.get(Assessment, invitation.assessment_id)
    return assessment.team_id if assessment is not None else None


def may(session: Session, staff: Staff, invitation: Invitation, action: Action) -> bool:
    """Whether ``staff`` may do ``action`` on this invitation (pages show or hide their buttons by it)."""
    return allowed(session, staff, team_of(session, invitation), action)


def needs_reveal(session: Session, staff: Staff, invitation: Invitation) -> bool:
    """True when showing this invitation's link to ``staff`` would lift an anonymity still in force."""
    return staff.role not in anonymity.UNMASKED_ROLES and anonymity.masked(session, invitation)


def create(session: Session, staff: Staff, request: Request, body: InvitationCreate, *, box: SecretBox | None,
           default_days: int, via: str = "api") -> tuple[Invitation, str]:
    """Invite one candidate (``Action.INVITE`` in the assessment's team): the invitation and its token."""
    assessment = assessment_service.get(session, body.assessment_id, staff.scope)
    require(session, staff, assessment.team_id, Action.INVITE)
    invitation, token = service.create(session, body, staff.key_id, box=box, default_days=default_days,
                                       scope=staff.scope)
    audit.record(session, staff, "invitation.created", "invitation", invitation.id, request=request,
                 assessment_id=invitation.assessment_id, email_queued=mail.enabled(session), **_via(via))
    return invitation, token


@dataclass(frozen=True)
class OneInvited:
    """What inviting one candidate did: ``created`` (invitation, token), or the ``existing`` open invitation
    of that address it skipped for; ``withheld`` when that existing one may not be named to this caller
    (an anonymised assessment whose candidates they see masked)."""

    created: tuple[Invitation, str] | None
    existing: Invitation | None = None
    withheld: bool = False


def invite_unless_open(session: Session, staff: Staff, request: Request, body: InvitationCreate, *,
                       box: SecretBox | None, default_days: int, via: str = "api") -> OneInvited:
    """Invite one candidate, unless their address already has an open invitation to the assessment (the
    CSV import skips those rows the same way): then nobody is invited and the existing one is named."""
    assessment = assessment_service.get(session, body.assessment_id, staff.scope)
    require(session, staff, assessment.team_id, Action.INVITE)
    already = invitation_csv.open_invitations(session, body.assessment_id, str(body.candidate.email))
    if already:
        existing = session.get(Invitation, next(iter(already.values())))
        if existing is not None:
            hidden = staff.role not in anonymity.UNMASKED_ROLES and anonymity.masked(session, existing)
            return OneInvited(None, None if hidden else existing, withheld=hidden)
    return OneInvited(create(session, staff, request, body, box=box, default_days=default_days, via=via))


def revoke(session: Session, staff: Staff, request: Request, invitation: Invitation, *, via: str = "api") -> None:
    require(session, staff, team_of(session, invitation), Action.INVITE)
    if invitation.revoked_at is None:
        audit.record(session, staff, "invitation.revoked", "invitation", invitation.id, request=request, **_via(via))
    service.revoke(session, invitation)


def extend(session: Session, staff: Staff, request: Request, invitation: Invitation, expires_at: datetime,
           *, via: str = "api") -> None:
    require(session, staff, team_of(session, invitation), Action.INVITE)
    before = invitation.expires_at
    service.extend(session, invitation, expires_at)
    audit.record(session, staff, "invitation.extended", "invitation", invitation.id, request=request, **_via(via),
                 expires_before=before.isoformat(), expires_at=expires_at.isoformat())


def grant_time(session: Session, staff: Staff, request: Request, invitation: Invitation, time_multiplier: float,
               extra_minutes: int, reason: str, *, via: str = "api") -> None:
    require(session, staff, team_of(session, invitation), Action.INVITE)
    before = {"time_multiplier": invitation.time_multiplier, "extra_minutes": invitation.extra_minutes}
    service.grant_time(session, invitation, time_multiplier, extra_minutes)
    audit.record(session, staff, "invitation.extra_time", "invitation", invitation.id, request=request, **_via(via),
                 before=before, time_multiplier=time_multiplier, extra_minutes=extra_minutes, reason=reason)


def resend(session: Session, staff: Staff, request: Request, invitation: Invitation, box: SecretBox,
           *, via: str = "api") -> bool:
    """Queue the e-mail again; True when the token had to be replaced (see invitations.resend). The
    link is not part of the answer: whoever may see it asks for it with :func:`show_link`."""
    require(session, staff, team_of(session, invitation), Action.INVITE)
    rotated = service.resend(session, invitation, box)
    audit.record(session, staff, "invitation.resent", "invitation", invitation.id, request=request, **_via(via),
                 email_queued=mail.enabled(session), token_replaced=rotated)
    return rotated


def show_link(session: Session, staff: Staff, request: Request, invitation: Invitation, box: SecretBox,
              public_url: str, *, reveal: bool = False, via: str = "api") -> str | None:
    """The candidate's personal link (``Action.SEE_CANDIDATE_LINK``), audited; None for an invitation
    made before tokens were kept (resend gives it one). A masked candidate's link needs ``reveal``
    (else :class:`RevealNeeded`), and the reveal is recorded as ``candidate.revealed``."""
    require(session, staff, team_of(session, invitation), Action.SEE_CANDIDATE_LINK)
    link = service.candidate_link(invitation, box, public_url)
    if link is None:
        return None
    if needs_reveal(session, staff, invitation):
        if not reveal:
            raise RevealNeeded("this candidate is anonymised: their personal link shows who they are; "
                               "ask for it again with reveal to lift the anonymity (recorded in the audit log)")
        audit.record(session, staff, "candidate.revealed", "invitation", invitation.id, request=request,
                     reason="link", candidate_number=anonymity.numbers(session, invitation.assessment_id)
                     .get(invitation.id), **_via(via))
    audit.record(session, staff, "invitation.link_shown", "invitation", invitation.id, request=request, **_via(via))
    return link


def _mine(staff: Staff) -> list[Any]:
    return [col(AuditEvent.actor_key_id) == staff.key_id if staff.key_id is not None
            else col(AuditEvent.actor_key_id).is_(None),
            col(AuditEvent.actor_user_id) == staff.user_id if staff.user_id is not None
            else col(AuditEvent.actor_user_id).is_(None)]


def last_link_shown(session: Session, staff: Staff, invitation: Invitation) -> int | None:
    """The id of the newest ``invitation.link_shown`` record of ``staff`` on this invitation."""
    return session.exec(select(AuditEvent.id).where(
        col(AuditEvent.action) == "invitation.link_shown", col(AuditEvent.target_id) == invitation.id,
        *_mine(staff)).order_by(col(AuditEvent.id).desc()).limit(1)).first()


def link_shown_recently(session: Session, staff: Staff, invitation: Invitation, event_id: int) -> bool:
    """True when audit record ``event_id`` is ``staff``'s Show link of this invitation, at most
    ``LINK_PAGE_FOR`` old: the page after Show link may show the link again without a new record."""
    event = session.get(AuditEvent, event_id)
    if event is None or event.action != "invitation.link_shown" or event.target_id != invitation.id:
        return False
    if event.actor_key_id != staff.key_id or event.actor_user_id != staff.user_id:
        return False
    at = event.at if event.at.tzinfo is not None else event.at.replace(tzinfo=UTC)
    return utcnow() - at <= LINK_PAGE_FOR


@dataclass(frozen=True)
class CsvInvited:
    created: list[tuple[Invitation, str]]  # (invitation, token)
    skipped: list[dict[str, object]]  # line, email, reason
    withheld: int = 0  # skipped rows not listed: the assessment is anonymised for this caller


def invite_csv(session: Session, staff: Staff, request: Request, assessment_id: str, data: bytes,
               expires_at: datetime | None, *, box: SecretBox | None, default_days: int, via: str = "api"
               ) -> CsvInvited:
    """Invite everyone in a CSV file (at most ``invitation_csv.MAX_BYTES``; read one byte more to tell).

    In an anonymised assessment the rows skipped because their address has an open invitation are only
    counted, not listed, for a caller who sees the candidates masked (the list would tell a reviewer
    which addresses are candidates)."""
    if len(data) > invitation_csv.MAX_BYTES:
        raise TooLarge(f"the CSV file is larger than {invitation_csv.MAX_BYTES >> 10} KiB")
    assessment = assessment_service.get(session, assessment_id, staff.scope)  # another team's: as if missing
    require(session, staff, assessment.team_id, Action.INVITE)
    rows = invitation_csv.parse(data)
    created, skipped = invitation_csv.invite_rows(session, assessment_id, rows, expires_at, staff.key_id, box=box,
                                                  default_days=default_days)
    for invitation, _ in created:
        audit.record(session, staff, "invitation.created", "invitation", invitation.id, request=request,
                     assessment_id=assessment_id, source="csv", email_queued=mail.enabled(session), **_via(via))
    if skipped and staff.role not in anonymity.UNMASKED_ROLES and anonymity.is_anonymised(session, assessment_id):
        return CsvInvited(created, [], withheld=len(skipped))
    return CsvInvited(created, skipped)
