"""Invitations: who is invited to which assessment, until when; the candidate's token; the timer.

``state``, ``effective_minutes`` and ``score`` are api.services.progress's (a leaf module the outboxes
and reports use too), named here for this module's callers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.errors import Conflict, NotFound, Unprocessable
from api.mail import outbox as mail
from api.models import Assessment, Invitation, Submission, utcnow
from api.schemas import InvitationCreate, InvitationOut
from api.scope import EVERY_TEAM, Scope
from api.security import TOKEN_PREFIX, SecretBox, hash_secret, new_secret
from api.services import assessments as assessment_service
from api.services import candidate_links, pools
from api.services.progress import effective_minutes, score, state
from api.webhooks import outbox as webhooks

DEFAULT_DAYS = 14  # expiry of an invitation created without one (ASSAY_INVITATION_DAYS)
MAX_MULTIPLIER = 4.0
MAX_EXTRA_MINUTES = 24 * 60


def default_expiry(days: int = DEFAULT_DAYS) -> datetime:
    """Midnight UTC at the end of the day ``days`` from now: a date a candidate can remember."""
    moment = utcnow() + timedelta(days=days)
    return moment.replace(hour=23, minute=59, second=0, microsecond=0)


def create(session: Session, body: InvitationCreate, key_id: int | None, *, source: str = "api",
           box: SecretBox | None = None, default_days: int = DEFAULT_DAYS,
           scope: Scope = EVERY_TEAM) -> tuple[Invitation, str]:
    """Store an invitation and return it with the candidate's token (shown once). With ``box`` the token
    is also kept encrypted, so that e-mails and resends can carry the link later. The assessment must be
    in ``scope``."""
    assessment_service.get(session, body.assessment_id, scope)
    expires_at = body.expires_at or default_expiry(default_days)
    if expires_at <= utcnow():
        raise Unprocessable("expires_at is in the past", errors=[{"field": "expires_at", "message": "in the past"}])
    token = new_secret(TOKEN_PREFIX)
    invitation = Invitation(
        assessment_id=body.assessment_id,
        candidate_name=body.candidate.name,
        candidate_email=str(body.candidate.email),
        external_id=body.external_id,
        token_hash=hash_secret(token),
        token_enc=box.encrypt(token) if box is not None else None,
        expires_at=expires_at,
        created_by=key_id,
    )
    session.add(invitation)
    session.flush()
    pools.draw(session, invitation)
    webhooks.invitation_created(session, invitation, source)
    mail.invitation_created(session, invitation)
    return invitation, token


def candidate_link(invitation: Invitation, box: SecretBox, public_url: str) -> str | None:
    """The candidate's personal link, if the token was kept (invitations made before 0005 were not)."""
    if invitation.token_enc is None:
        return None
    return candidate_links.link(public_url, box.decrypt(invitation.token_enc))


def rotate_token(session: Session, invitation: Invitation, box: SecretBox) -> str:
    """A new token for the invitation; the old link stops working."""
    token = new_secret(TOKEN_PREFIX)
    invitation.token_hash = hash_secret(token)
    invitation.token_enc = box.encrypt(token)
    session.add(invitation)
    return token


def resend(session: Session, invitation: Invitation, box: SecretBox) -> bool:
    """Queue the invitation e-mail again. Returns True when the token had to be replaced (an invitation
    made before tokens were kept: its old link no longer works)."""
    current = state(invitation)
    if current not in ("invited", "started"):
        raise Conflict(f"this invitation is {current}; only an open invitation can be resent"
                       + (" (extend it first)" if current == "expired" else ""))
    rotated = invitation.token_enc is None
    if rotated:
        rotate_token(session, invitation, box)
    session.flush()
    mail.invitation_resent(session, invitation)
    return rotated


def _set_deadline(session: Session, invitation: Invitation) -> None:
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None and invitation.started_at is not None
    working = timedelta(minutes=effective_minutes(invitation, assessment.duration_minutes))
    invitation.deadline_at = min(invitation.started_at + working, invitation.expires_at)


def extend(session: Session, invitation: Invitation, expires_at: datetime) -> Invitation:
    """Move the invitation's expiry (an expired, never started one opens again). A started candidate's
    deadline is recomputed: it was capped by the old expiry."""
    current = state(invitation)
    if current in ("completed", "revoked"):
        raise Conflict(f"this invitation is {current}; its deadline cannot be changed")
    if expires_at.tzinfo is None:
        raise Unprocessable("expires_at needs a timezone", errors=[{"field": "expires_at", "message": "no timezone"}])
    if expires_at <= utcnow():
        raise Unprocessable("expires_at is in the past", errors=[{"field": "expires_at", "message": "in the past"}])
    invitation.expires_at = expires_at
    if invitation.started_at is not None:
        _set_deadline(session, invitation)
    session.add(invitation)
    session.flush()
    mail.invitation_extended(session, invitation)  # the reminder moves with the expiry
    return invitation


def grant_time(session: Session, invitation: Invitation, time_multiplier: float, extra_minutes: int) -> Invitation:
    """Set the accommodation (replaces an earlier one); a started candidate's deadline moves with it."""
    current = state(invitation)
    if current not in ("invited", "started"):
        raise Conflict(f"this invitation is {current}; extra time can only be given before or during the assessment")
    if not 1.0 <= time_multiplier <= MAX_MULTIPLIER:
        raise Unprocessable(f"time_multiplier must be between 1 and {MAX_MULTIPLIER:g}",
                            errors=[{"field": "time_multiplier", "message": "out of range"}])
    if not 0 <= extra_minutes <= MAX_EXTRA_MINUTES:
        raise Unprocessable(f"extra_minutes must be between 0 and {MAX_EXTRA_MINUTES}",
                            errors=[{"field": "extra_minutes", "message": "out of range"}])
    invitation.time_multiplier = time_multiplier
    invitation.extra_minutes = extra_minutes
    if invitation.started_at is not None:
        _set_deadline(session, invitation)
    session.add(invitation)
    return invitation


def get(session: Session, invitation_id: str, scope: Scope = EVERY_TEAM) -> Invitation:
    """The invitation, if its assessment is in ``scope`` (another team's answers as a missing one)."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or not _in_scope(session, invitation, scope):
        raise NotFound(f"invitation {invitation_id!r} does not exist")
    return invitation


def _in_scope(session: Session, invitation: Invitation, scope: Scope) -> bool:
    if scope.teams is None:
        return True
    assessment = session.get(Assessment, invitation.assessment_id)
    return assessment is not None and scope.allows(assessment.team_id)


def revoke(session: Session, invitation: Invitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        session.add(invitation)
        mail.invitation_closed(session, invitation)


def start(session: Session, invitation: Invitation, *, consent: bool = False) -> Invitation:
    """Start the timer (idempotent). ``consent``: the candidate ticked the landing page's consent box."""
    current = state(invitation)
    if current == "started":
        return invitation  # idempotent
    if current != "invited":
        raise Conflict(f"this invitation is {current}; it cannot be started")
    now = utcnow()
    invitation.started_at = now
    if consent:
        invitation.consented_at = now
    _set_deadline(session, invitation)
    session.add(invitation)
    webhooks.invitation_started(session, invitation)
    mail.invitation_closed(session, invitation)
    return invitation


def finish(session: Session, invitation: Invitation) -> Invitation:
    current = state(invitation)
    if current == "completed":
        return invitation
    if current != "started":
        raise Conflict(f"this invitation is {current}; only a started invitation can be finished")
    invitation.finished_at = utcnow()
    session.add(invitation)
    session.flush()
    webhooks.invitation_finished(session, invitation)
    return invitation


def list_for(session: Session, assessment_id: str | None, offset: int, limit: int,
             scope: Scope = EVERY_TEAM) -> tuple[list[Invitation], int]:
    query = select(Invitation)
    count = select(func.count()).select_from(Invitation)
    if scope.teams is not None:
        visible = select(Assessment.id).where(scope.clause(Assessment.team_id))
        query = query.where(col(Invitation.assessment_id).in_(visible))
        count = count.where(col(Invitation.assessment_id).in_(visible))
    if assessment_id is not None:
        query = query.where(col(Invitation.assessment_id) == assessment_id)
        count = count.where(col(Invitation.assessment_id) == assessment_id)
    rows = session.exec(query.order_by(col(Invitation.created_at).desc()).offset(offset).limit(limit)).all()
    return list(rows), session.exec(count).one()


def out(session: Session, invitation: Invitation, public_url: str) -> InvitationOut:
    points, max_points = score(session, invitation)
    return InvitationOut(
        id=invitation.id, assessment_id=invitation.assessment_id,
        candidate={"name": invitation.candidate_name, "email": invitation.candidate_email},
        external_id=invitation.external_id, state=state(invitation),
        expires_at=invitation.expires_at, started_at=invitation.started_at,
        deadline_at=invitation.deadline_at, finished_at=invitation.finished_at,
        created_at=invitation.created_at,
        candidate_url=candidate_links.app_url(public_url),
        consented_at=invitation.consented_at,
        time_multiplier=invitation.time_multiplier, extra_minutes=invitation.extra_minutes,
        score=points, max_score=max_points)


def submissions_of(session: Session, invitation_id: str, kind: str = "submission") -> list[Submission]:
    return list(session.exec(
        select(Submission).where(col(Submission.invitation_id) == invitation_id, col(Submission.kind) == kind)
        .order_by(col(Submission.created_at))
    ).all())
