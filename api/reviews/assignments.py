"""Who reviews which candidate, by when. The recruiter (``Action.ASSIGN_REVIEWERS``; the caller checks)
assigns team members who may review (``Action.REVIEW``); each assignment has a due date (by default
``DEFAULT_DUE_DAYS`` days on). What the e-mails and the "My reviews" queue read is here too: a
person's open assignments, and those overdue.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from api import audit
from api.errors import Conflict, NotFound, Unprocessable
from api.models import Assessment, Invitation, utcnow
from api.people.models import User
from api.people.teams import Action, can, members
from api.people.teams import get as get_team
from api.reviews import hooks
from api.reviews.models import ReviewAssignment

DEFAULT_DUE_DAYS = 3


def team_of(session: Session, invitation: Invitation) -> str | None:
    assessment = session.get(Assessment, invitation.assessment_id)
    return assessment.team_id if assessment is not None else None


def of_invitation(session: Session, invitation_id: str) -> list[ReviewAssignment]:
    return list(session.exec(select(ReviewAssignment).where(ReviewAssignment.invitation_id == invitation_id)
                             .order_by(col(ReviewAssignment.assigned_at), col(ReviewAssignment.id))).all())


def of(session: Session, invitation_id: str, user_id: str | None) -> ReviewAssignment | None:
    if user_id is None:
        return None
    return session.exec(select(ReviewAssignment).where(ReviewAssignment.invitation_id == invitation_id,
                                                       ReviewAssignment.user_id == user_id)).first()


def eligible(session: Session, team_id: str | None) -> list[User]:
    """The team's active members who may review (the choices of the assign form)."""
    if team_id is None:
        return []
    team = get_team(session, team_id)
    return [user for user, _ in members(session, team) if user.active and can(session, user, team_id, Action.REVIEW)]


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


def assign(session: Session, staff: Any, invitation: Invitation, user_id: str, due_at: datetime | None = None,
           *, via: str = "api") -> ReviewAssignment:
    """Assign ``user_id`` to review ``invitation`` (or change the due date of their assignment); audited.
    Refused (422, field ``user_id``) unless they are an active member of the team who may review."""
    team_id = team_of(session, invitation)
    user = session.get(User, user_id)
    if user is None or not user.active or team_id is None or not can(session, user, team_id, Action.REVIEW):
        raise Unprocessable("pick a member of this team who may review (a reviewer or a hiring manager)",
                            errors=[{"field": "user_id", "message": "not a reviewer of this team"}])
    now = utcnow()
    due = _as_utc(due_at) if due_at is not None else now + timedelta(days=DEFAULT_DUE_DAYS)
    if due <= now:
        raise Unprocessable("the due date is in the past: pick a later one",
                            errors=[{"field": "due_at", "message": "in the past"}])
    row = of(session, invitation.id, user_id)
    new = row is None
    if row is None:
        row = ReviewAssignment(invitation_id=invitation.id, user_id=user_id, due_at=due,
                               assigned_by_user_id=getattr(staff, "user_id", None),
                               assigned_by_key_id=getattr(staff, "key_id", None))
    else:
        row.due_at = due
    session.add(row)
    session.flush()
    audit.record(session, staff, "review.assigned", "invitation", invitation.id, via=via, reviewer=user.display,
                 reviewer_user_id=user.id, due_at=due.isoformat(), changed=not new or None)
    if new:
        for listener in hooks.assigned:
            listener(session, row)
    return row


def unassign(session: Session, staff: Any, invitation: Invitation, user_id: str, *, via: str = "api") -> None:
    """Remove an assignment not yet submitted (a submitted review stays, with its assignment); audited."""
    row = of(session, invitation.id, user_id)
    if row is None:
        raise NotFound(f"no reviewer {user_id!r} is assigned to this candidate")
    if row.submitted_at is not None:
        raise Conflict("this reviewer has submitted their review: it stays on the record")
    session.delete(row)
    session.flush()
    user = session.get(User, user_id)
    audit.record(session, staff, "review.unassigned", "invitation", invitation.id, via=via,
                 reviewer=user.display if user else user_id, reviewer_user_id=user_id)


def for_user(session: Session, user_id: str, *, open_only: bool = True) -> list[ReviewAssignment]:
    """A person's assignments, the soonest due first (``open_only``: not yet submitted, candidate not revoked):
    the "My reviews" queue."""
    query = select(ReviewAssignment).join(Invitation, col(Invitation.id) == ReviewAssignment.invitation_id).where(
        ReviewAssignment.user_id == user_id)
    if open_only:
        query = query.where(col(ReviewAssignment.submitted_at).is_(None), col(Invitation.revoked_at).is_(None))
    return list(session.exec(query.order_by(col(ReviewAssignment.due_at), col(ReviewAssignment.id))).all())


def overdue(session: Session, now: datetime | None = None) -> list[ReviewAssignment]:
    """Assignments past their due date and not submitted (candidate not revoked), the longest overdue first.
    The reminder sender sets ``reminded_at`` (``mark_reminded``) to avoid repeating itself."""
    now = now or utcnow()
    query = (select(ReviewAssignment).join(Invitation, col(Invitation.id) == ReviewAssignment.invitation_id)
             .where(col(ReviewAssignment.submitted_at).is_(None), col(ReviewAssignment.due_at) < now,
                    col(Invitation.revoked_at).is_(None))
             .order_by(col(ReviewAssignment.due_at), col(ReviewAssignment.id)))
    return list(session.exec(query).all())


def mark_reminded(session: Session, assignment: ReviewAssignment, at: datetime | None = None) -> None:
    assignment.reminded_at = at or utcnow()
    session.add(assignment)
