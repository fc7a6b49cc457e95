"""Invitations: who is invited to which assessment, until when; the candidate's token; the timer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from api.errors import Conflict, NotFound, Unprocessable
from api.models import Assessment, Invitation, Submission, utcnow
from api.schemas import InvitationCreate
from api.security import TOKEN_PREFIX, hash_secret, new_secret
from api.services import assessments as assessment_service
from api.webhooks import outbox as webhooks


def create(session: Session, body: InvitationCreate, key_id: int | None,
           *, source: str = "api") -> tuple[Invitation, str]:
    assessment_service.get(session, body.assessment_id)
    if body.expires_at <= utcnow():
        raise Unprocessable("expires_at is in the past", errors=[{"field": "expires_at", "message": "in the past"}])
    token = new_secret(TOKEN_PREFIX)
    invitation = Invitation(
        assessment_id=body.assessment_id,
        candidate_name=body.candidate.name,
        candidate_email=str(body.candidate.email),
        external_id=body.external_id,
        token_hash=hash_secret(token),
        expires_at=body.expires_at,
        created_by=key_id,
    )
    session.add(invitation)
    session.flush()
    webhooks.invitation_created(session, invitation, source)
    return invitation, token


def get(session: Session, invitation_id: str) -> Invitation:
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound(f"invitation {invitation_id!r} does not exist")
    return invitation


def state(invitation: Invitation, now: datetime | None = None) -> str:
    now = now or utcnow()
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.finished_at is not None:
        return "completed"
    if invitation.started_at is not None:
        if invitation.deadline_at is not None and now >= invitation.deadline_at:
            return "completed"
        return "started"
    if now >= invitation.expires_at:
        return "expired"
    return "invited"


def revoke(session: Session, invitation: Invitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        session.add(invitation)


def start(session: Session, invitation: Invitation) -> Invitation:
    current = state(invitation)
    if current == "started":
        return invitation  # idempotent
    if current != "invited":
        raise Conflict(f"this invitation is {current}; it cannot be started")
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    now = utcnow()
    invitation.started_at = now
    invitation.deadline_at = min(now + timedelta(minutes=assessment.duration_minutes), invitation.expires_at)
    session.add(invitation)
    webhooks.invitation_started(session, invitation)
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


def list_for(session: Session, assessment_id: str | None, offset: int, limit: int) -> tuple[list[Invitation], int]:
    query = select(Invitation)
    count = select(func.count()).select_from(Invitation)
    if assessment_id is not None:
        query = query.where(Invitation.assessment_id == assessment_id)
        count = count.where(Invitation.assessment_id == assessment_id)
    rows = session.exec(query.order_by(Invitation.created_at.desc()).offset(offset).limit(limit)).all()  # type: ignore[attr-defined]
    return list(rows), session.exec(count).one()


def score(session: Session, invitation: Invitation) -> tuple[float, float]:
    """Total of the best graded submission per problem, and the maximum."""
    from api.services import reports

    problems = reports.problem_scores(session, invitation)
    return sum(p["points"] for p in problems), sum(p["max_points"] for p in problems)


def out(session: Session, invitation: Invitation, public_url: str, *, with_score: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": invitation.id, "assessment_id": invitation.assessment_id,
        "candidate": {"name": invitation.candidate_name, "email": invitation.candidate_email},
        "external_id": invitation.external_id, "state": state(invitation),
        "expires_at": invitation.expires_at, "started_at": invitation.started_at,
        "deadline_at": invitation.deadline_at, "finished_at": invitation.finished_at,
        "created_at": invitation.created_at,
        "candidate_url": f"{public_url}/v1/me",
    }
    if with_score:
        data["score"], data["max_score"] = score(session, invitation)
    return data


def submissions_of(session: Session, invitation_id: str, kind: str = "submission") -> list[Submission]:
    return list(session.exec(
        select(Submission).where(Submission.invitation_id == invitation_id, Submission.kind == kind)
        .order_by(Submission.created_at)
    ).all())
