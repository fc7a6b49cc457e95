"""A reviewer's review: a 1-4 score per criterion of the scorecard, an overall recommendation and a note;
and who may see whose scores.

Blind scoring: a reviewer assigned to a candidate sees nobody else's scores, recommendation or note until
they have submitted their own; after that they see everyone's. Whoever is not assigned to the candidate
sees the submitted reviews if they may decide or assign reviewers (recruiters, hiring managers, admins,
and API keys of those roles); a reviewer who is not assigned sees none.

Editing: a reviewer may change their review after submitting. Each change is a new revision (the table
is append-only), the highest counts, and the report says it was edited and when, since by then the
reviewer may have seen the others' scores.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff
from api.errors import Forbidden, Unprocessable
from api.models import Invitation, utcnow
from api.people.models import User
from api.people.teams import Action
from api.permissions import allowed
from api.reviews import assignments, hooks, scorecards
from api.reviews.models import RECOMMENDATIONS, Review, ReviewAssignment
from api.reviews.text import normalise
from api.webhooks import outbox

MAX_NOTE = 4000


def current(session: Session, invitation_id: str) -> dict[str, Review]:
    """user id -> their review as it stands (the highest revision)."""
    rows = session.exec(select(Review).where(Review.invitation_id == invitation_id)
                        .order_by(col(Review.user_id), col(Review.revision))).all()
    return {row.user_id: row for row in rows}


def history(session: Session, invitation_id: str, user_id: str) -> list[Review]:
    """Every revision of one reviewer's review, the first first."""
    return list(session.exec(select(Review).where(Review.invitation_id == invitation_id, Review.user_id == user_id)
                             .order_by(col(Review.revision))).all())


def revisions(session: Session, invitation_id: str) -> dict[str, int]:
    """user id -> how many revisions their review has."""
    rows = session.exec(select(Review.user_id, func.count()).where(Review.invitation_id == invitation_id)
                        .group_by(col(Review.user_id))).all()
    return {user_id: count for user_id, count in rows}


def may_see_scores(session: Session, staff: Staff, invitation: Invitation) -> bool:
    """The blind rule (see the module's text)."""
    team_id = assignments.team_of(session, invitation)
    mine = assignments.of(session, invitation.id, staff.user_id)
    if mine is not None:
        return mine.submitted_at is not None
    return (allowed(session, staff, team_id, Action.DECIDE)
            or allowed(session, staff, team_id, Action.ASSIGN_REVIEWERS))


def _errors(scorecard: scorecards.ScorecardData, scores: dict[str, Any], recommendation: str, note: str
            ) -> list[dict[str, str]]:
    errors = []
    keys = [c.key for c in scorecard.criteria]
    for criterion in scorecard.criteria:
        value = scores.get(criterion.key)
        if value in (None, ""):
            errors.append({"field": f"scores.{criterion.key}", "message": f"score {criterion.name} from 1 to 4"})
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if str(number) != str(value).strip() or number not in scorecards.LEVELS:
            errors.append({"field": f"scores.{criterion.key}", "message": f"{criterion.name}: a whole number 1 to 4"})
    for key in scores:
        if key not in keys:
            errors.append({"field": f"scores.{key}", "message": f"{key!r} is not a criterion of this scorecard"})
    if recommendation not in RECOMMENDATIONS:
        errors.append({"field": "recommendation", "message": "pick a recommendation"})
    if len(note) > MAX_NOTE:
        errors.append({"field": "note", "message": f"at most {MAX_NOTE} characters (this one has {len(note)})"})
    return errors


def check(scorecard: scorecards.ScorecardData, scores: dict[str, Any], recommendation: str, note: str
          ) -> list[dict[str, str]]:
    """Every problem of a review's fields (field, message): the same checks for a screening review and an
    interviewer's scorecard (``api.reviews.interview_reviews``)."""
    return _errors(scorecard, scores, recommendation, note)


def submit(session: Session, staff: Staff, invitation: Invitation, scores: dict[str, Any], recommendation: str,
           note: str = "", *, via: str = "api") -> Review:
    """Submit (or revise) the caller's review of ``invitation``. The caller must be a person assigned to
    it (the route has checked ``Action.REVIEW``). Emits ``review.submitted``; audited; tells the hooks."""
    if staff.user_id is None:
        raise Forbidden("a review is a person's: sign in to the console as yourself (an API key cannot review)")
    assignment = assignments.of(session, invitation.id, staff.user_id)
    if assignment is None:
        raise Forbidden("you are not assigned to review this candidate: the recruiter assigns reviewers")
    note = normalise(note)
    scorecard = scorecards.get(session, invitation.assessment_id)
    errors = _errors(scorecard, scores, recommendation, note)
    if errors:
        raise Unprocessable("the review was not submitted: " + "; ".join(e["message"] for e in errors),
                            errors=errors)
    previous = history(session, invitation.id, staff.user_id)
    review = Review(invitation_id=invitation.id, user_id=staff.user_id, revision=len(previous) + 1,
                    scores={c.key: int(scores[c.key]) for c in scorecard.criteria},
                    recommendation=recommendation, note=note, submitted_at=utcnow())
    session.add(review)
    first = assignment.submitted_at is None
    if first:
        assignment.submitted_at = review.submitted_at
        session.add(assignment)
    session.flush()
    audit.record(session, staff, "review.submitted", "invitation", invitation.id, via=via, revision=review.revision,
                 recommendation=recommendation)
    _emit(session, invitation, review)
    for listener in hooks.submitted:
        listener(session, review)
    if first and _all_in(session, invitation.id):
        for done in hooks.all_submitted:
            done(session, invitation.id)
    return review


def _all_in(session: Session, invitation_id: str) -> bool:
    rows = assignments.of_invitation(session, invitation_id)
    return bool(rows) and all(row.submitted_at is not None for row in rows)


def _emit(session: Session, invitation: Invitation, review: Review) -> None:
    user = session.get(User, review.user_id)
    rows: list[ReviewAssignment] = assignments.of_invitation(session, invitation.id)
    outbox.emit(session, "review.submitted", {
        "invitation_id": invitation.id, "assessment_id": invitation.assessment_id,
        "external_id": invitation.external_id, "review_id": review.id, "revision": review.revision,
        "reviewer": {"user_id": review.user_id, "name": user.name if user else ""},
        "scores": review.scores, "recommendation": review.recommendation, "submitted_at": review.submitted_at,
        "reviews_submitted": sum(1 for r in rows if r.submitted_at is not None), "reviews_assigned": len(rows),
    }, invitation_id=invitation.id, dedup_key=f"review.submitted:{review.id}")
