"""Where an invitation stands: its state, the candidate's working time, the best score per problem and
whether any submission is still waiting to be graded.

A leaf of the services: it reads rows and imports no service that writes (invitations, reports, the
webhook and mail outboxes all import it, never the other way round), so none of them needs an import
inside a function to dodge a circle.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.models import PENDING_STATUSES, Invitation, Submission, SubmissionStatus, utcnow
from api.schemas import InvitationState, ReportProblem
from api.services import pools
from api.services import problems as problem_service


def state(invitation: Invitation, now: datetime | None = None) -> InvitationState:
    """invited, started, completed (finished, or the deadline passed), expired (never started) or revoked."""
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


def effective_minutes(invitation: Invitation, duration_minutes: int) -> float:
    """The candidate's working time: the duration times the accommodation multiplier, plus extra minutes."""
    return duration_minutes * invitation.time_multiplier + invitation.extra_minutes


def problem_scores(session: Session, invitation: Invitation) -> list[ReportProblem]:
    """Per problem of the assessment: the best graded submission's points (the earliest among equals;
    for a quiz the last graded one), the maximum, and how many submissions there were."""
    drawn = pools.drawn_slots(session, invitation)
    submissions = session.exec(select(Submission).where(
        col(Submission.invitation_id) == invitation.id, col(Submission.kind) == "submission")
        .order_by(col(Submission.created_at))).all()
    scores = []
    for version, pool in drawn:
        mine = [s for s in submissions if s.problem_version_id == version.id]
        graded = [s for s in mine if s.status == SubmissionStatus.GRADED and s.points is not None]
        quiz = problem_service.summary(version).grader == "quiz"
        if quiz:  # the last answers count: the best of blind guesses would add up
            best = graded[-1] if graded else None
        else:
            best = max(graded, key=lambda s: (s.points or 0.0, -s.created_at.timestamp()), default=None)
        scores.append(ReportProblem(
            slug=version.slug, version=version.version, title=version.title,
            max_points=problem_service.summary(version).max_points,
            points=best.points if best is not None and best.points is not None else 0.0,
            best_submission_id=best.id if best else None,
            last_submission_id=mine[-1].id if mine else None,
            submissions=len(mine), pool=[v.slug for v in pool], kind="quiz" if quiz else "code",
        ))
    return scores


def score(session: Session, invitation: Invitation) -> tuple[float, float]:
    """Total of the best graded submission per problem, and the maximum."""
    problems = problem_scores(session, invitation)
    return sum(p.points for p in problems), sum(p.max_points for p in problems)


def pending_submissions(session: Session, invitation_id: str) -> int:
    """The invitation's submissions still queued or running."""
    return int(session.exec(select(func.count()).select_from(Submission).where(
        col(Submission.invitation_id) == invitation_id, col(Submission.kind) == "submission",
        col(Submission.status).in_(PENDING_STATUSES))).one())


def is_final(session: Session, invitation: Invitation) -> bool:
    """The invitation is over and every submission is graded: its scores will not change any more."""
    return state(invitation) == "completed" and pending_submissions(session, invitation.id) == 0
