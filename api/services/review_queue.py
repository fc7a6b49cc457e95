"""A person's review queue, the console's "My reviews" page (api.console.my_reviews): the candidates
assigned to them, open ones first (the overdue at the top, then the soonest due), submitted ones below
(the latest first); the count of open ones is the header link's badge.

Only assignments in the teams the person may still see are listed (someone moved out of a team no
longer sees its candidates); a revoked candidate's open review is left out. In an anonymised assessment
the candidate is "Candidate #N" until a decision reveals the name (api.services.review_mail).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from api.models import Assessment, Invitation, utcnow
from api.people.models import Team, User
from api.people.teams import ALLOWED, Action, memberships, visible_team_ids
from api.reviews import assignments
from api.reviews.models import ReviewAssignment
from api.services import review_mail


@dataclass(frozen=True)
class QueueItem:
    assignment_id: str
    invitation_id: str
    candidate: str  # the name, or "Candidate #N" while it is masked
    assessment: str
    team: str
    assigned_at: datetime
    due_at: datetime
    submitted_at: datetime | None
    overdue: bool
    path: str  # the console page where they review


@dataclass(frozen=True)
class Queue:
    open: list[QueueItem]
    done: list[QueueItem]
    teams: list[Team]  # the teams the person reviews in (the filter's choices)
    team: Team | None  # the filter chosen

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.open)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def queue(session: Session, user: User, team: Team | None = None, now: datetime | None = None) -> Queue:
    """``user``'s assignments (in ``team`` only, when given; the caller checked it is theirs)."""
    now = now or utcnow()
    visible = visible_team_ids(session, user)
    items: list[QueueItem] = []
    for assignment in assignments.for_user(session, user.id, open_only=False):
        invitation = session.get(Invitation, assignment.invitation_id)
        assessment = session.get(Assessment, invitation.assessment_id) if invitation is not None else None
        if invitation is None or assessment is None:
            continue
        if visible is not None and assessment.team_id not in visible:
            continue
        if team is not None and assessment.team_id != team.id:
            continue
        if assignment.submitted_at is None and invitation.revoked_at is not None:
            continue
        owner = session.get(Team, assessment.team_id) if assessment.team_id else None
        due = _aware(assignment.due_at)
        items.append(QueueItem(
            assignment_id=assignment.id, invitation_id=invitation.id,
            candidate=review_mail.candidate_label(session, invitation), assessment=assessment.title,
            team=owner.name if owner is not None else "", assigned_at=_aware(assignment.assigned_at), due_at=due,
            submitted_at=_aware(assignment.submitted_at) if assignment.submitted_at else None,
            overdue=assignment.submitted_at is None and due < now, path=review_mail.review_path(invitation.id)))
    open_items = sorted((i for i in items if i.submitted_at is None), key=lambda i: (i.due_at, i.assignment_id))
    done = sorted((i for i in items if i.submitted_at is not None),
                  key=lambda i: (i.submitted_at or now, i.assignment_id), reverse=True)
    return Queue(open=open_items, done=done, teams=reviewing_teams(session, user), team=team)


def reviewing_teams(session: Session, user: User) -> list[Team]:
    """The teams where ``user``'s role may review."""
    return [m.team for m in memberships(session, user) if m.role in ALLOWED[Action.REVIEW]]


def open_count(session: Session, user: User) -> int | None:
    """The header badge: ``user``'s open reviews (as the page lists them); None when they neither review
    in a team nor have any assignment (no link then)."""
    visible = visible_team_ids(session, user)
    count = 0
    for assignment in assignments.for_user(session, user.id, open_only=True):  # not revoked, not submitted
        invitation = session.get(Invitation, assignment.invitation_id)
        assessment = session.get(Assessment, invitation.assessment_id) if invitation is not None else None
        count += assessment is not None and (visible is None or assessment.team_id in visible)
    if count or reviewing_teams(session, user):
        return count
    ever = session.exec(select(ReviewAssignment.id).where(col(ReviewAssignment.user_id) == user.id)).first()
    return 0 if ever is not None else None
