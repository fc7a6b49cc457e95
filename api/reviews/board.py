"""What one caller sees of a candidate's reviews: the REST answer and the console's panel are both this,
so the blind rule is applied in one place. Until the caller may see scores (``scoring.may_see_scores``)
the board lists who is assigned and whether they have submitted, and the caller's own review, nothing of
anyone else's scores, recommendation or note, and no summary.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlmodel import Session

from api.auth import Staff
from api.models import Invitation, utcnow
from api.people.models import User
from api.people.teams import Action
from api.permissions import allowed
from api.reviews import assignments, interview_reviews, scorecards, scoring
from api.reviews.models import InterviewReview, Review, ReviewAssignment
from api.reviews.summary import ReviewSummary, summary

BLIND = "Scores stay hidden until you submit your own review (so that nobody anchors on another's)."
NOT_ASSIGNED = "Scores are shown to the assigned reviewers once they have submitted, and to recruiters and " \
               "hiring managers."


class AssignmentOut(BaseModel):
    user_id: str
    name: str
    email: str
    assigned_at: datetime
    due_at: datetime
    submitted_at: datetime | None
    overdue: bool


class ReviewOut(BaseModel):
    id: str
    user_id: str
    reviewer: str = Field(description="the reviewer's name")
    revision: int = Field(description="1 as first submitted; each edit adds one (earlier ones are kept)")
    scores: dict[str, int]
    recommendation: str
    note: str
    submitted_at: datetime = Field(description="when this revision was submitted")
    first_submitted_at: datetime | None
    interview_id: str | None = Field(None, description="set on an interviewer's scorecard of a live interview "
                                                       "(null: a screening review)")


class ReviewBoard(BaseModel):
    invitation_id: str
    scorecard: scorecards.ScorecardData
    reviewers: list[AssignmentOut]
    can_see_scores: bool
    hidden_because: str | None = Field(description="why the others' scores are not shown, if they are not")
    mine: ReviewOut | None = Field(description="the caller's own review, if they have submitted one")
    reviews: list[ReviewOut] = Field(description="every submitted review (empty while the caller may not see them)")
    summary: ReviewSummary | None = Field(description="spread and disagreements (null while hidden)")
    interview_reviews: list[ReviewOut] = Field(default_factory=list, description=(
        "the interviewers' scorecards of live interviews, each marked with its interview_id (the same blind "
        "rule; not counted in the screening summary)"))
    may_review: bool = Field(description="the caller is assigned and may submit (or edit) a review")
    may_assign: bool
    may_edit_scorecard: bool
    may_decide: bool


def review_out(session: Session, review: Review, assignment: ReviewAssignment | None) -> ReviewOut:
    user = session.get(User, review.user_id)
    return ReviewOut(id=review.id, user_id=review.user_id, reviewer=user.name if user else "unknown",
                     revision=review.revision, scores=review.scores, recommendation=review.recommendation,
                     note=review.note, submitted_at=review.submitted_at,
                     first_submitted_at=assignment.submitted_at if assignment else None)


def interview_review_out(session: Session, review: InterviewReview) -> ReviewOut:
    user = session.get(User, review.user_id)
    return ReviewOut(id=review.id, user_id=review.user_id, reviewer=user.name if user else "unknown",
                     revision=review.revision, scores=review.scores, recommendation=review.recommendation,
                     note=review.note, submitted_at=review.submitted_at, first_submitted_at=None,
                     interview_id=review.interview_id)


def assignment_out(session: Session, row: ReviewAssignment) -> AssignmentOut:
    user = session.get(User, row.user_id)
    return AssignmentOut(user_id=row.user_id, name=user.name if user else "unknown",
                         email=user.email if user else "", assigned_at=row.assigned_at, due_at=row.due_at,
                         submitted_at=row.submitted_at, overdue=row.submitted_at is None and row.due_at < utcnow())


def may_edit_scorecard(session: Session, staff: Staff, team_id: str | None) -> bool:
    return (allowed(session, staff, team_id, Action.CREATE_ASSESSMENT)
            or allowed(session, staff, team_id, Action.ASSIGN_REVIEWERS))


def board(session: Session, staff: Staff, invitation: Invitation) -> ReviewBoard:
    team_id = assignments.team_of(session, invitation)
    rows = assignments.of_invitation(session, invitation.id)
    by_user = {row.user_id: row for row in rows}
    reviews = scoring.current(session, invitation.id)
    visible = scoring.may_see_scores(session, staff, invitation)
    mine_row = by_user.get(staff.user_id or "")
    mine = reviews.get(staff.user_id or "")
    hidden = None if visible else (BLIND if mine_row is not None else NOT_ASSIGNED)
    ordered = sorted(reviews.values(), key=lambda r: (by_user[r.user_id].submitted_at if r.user_id in by_user
                                                      else r.submitted_at, r.user_id))
    return ReviewBoard(
        invitation_id=invitation.id, scorecard=scorecards.get(session, invitation.assessment_id),
        reviewers=[assignment_out(session, row) for row in rows], can_see_scores=visible, hidden_because=hidden,
        mine=review_out(session, mine, mine_row) if mine is not None else None,
        reviews=[review_out(session, r, by_user.get(r.user_id)) for r in ordered] if visible else [],
        summary=summary(session, invitation.id) if visible else None,
        may_review=mine_row is not None and allowed(session, staff, team_id, Action.REVIEW),
        may_assign=allowed(session, staff, team_id, Action.ASSIGN_REVIEWERS),
        may_edit_scorecard=may_edit_scorecard(session, staff, team_id),
        may_decide=allowed(session, staff, team_id, Action.DECIDE),
        interview_reviews=[interview_review_out(session, r)
                           for r in interview_reviews.visible(session, staff, invitation)])
