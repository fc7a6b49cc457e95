"""An interviewer's scorecard of a live interview (issue 24): the assessment's scorecard (the same
criteria, 1-4 levels, recommendation and note as a screening review, checked by
``scoring.check``), filled from the interview's page once it is over. Append-only like reviews: an
edit adds a revision and the highest counts.

Who may submit: the interview's interviewers (the caller checks, with the interview at hand; this module
knows interviews only by id). Who sees them: the same blind rule as screening reviews
(``scoring.may_see_scores``), and an interviewer sees every scorecard of an interview once they have
submitted their own for it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff
from api.errors import Forbidden, Unprocessable
from api.models import Invitation, utcnow
from api.reviews import scorecards, scoring
from api.reviews.models import InterviewReview
from api.reviews.text import normalise


def current(session: Session, invitation_id: str) -> list[InterviewReview]:
    """Every interviewer's scorecard as it stands (the highest revision), in order of submission."""
    rows = session.exec(select(InterviewReview).where(col(InterviewReview.invitation_id) == invitation_id)
                        .order_by(col(InterviewReview.revision))).all()
    latest = {(row.interview_id, row.user_id): row for row in rows}
    return sorted(latest.values(), key=lambda r: (r.submitted_at, r.id))


def history(session: Session, interview_id: str, user_id: str) -> list[InterviewReview]:
    return list(session.exec(select(InterviewReview).where(col(InterviewReview.interview_id) == interview_id,
                                                           col(InterviewReview.user_id) == user_id)
                             .order_by(col(InterviewReview.revision))).all())


def visible(session: Session, staff: Staff, invitation: Invitation) -> list[InterviewReview]:
    """The scorecards ``staff`` may see: all of them under the screening blind rule; otherwise their own,
    and every scorecard of an interview they submitted theirs for."""
    rows = current(session, invitation.id)
    if scoring.may_see_scores(session, staff, invitation):
        return rows
    mine = {r.interview_id for r in rows if r.user_id == staff.user_id}
    return [r for r in rows if r.interview_id in mine]


def submit(session: Session, staff: Staff, invitation: Invitation, interview_id: str, scores: dict[str, Any],
           recommendation: str, note: str = "") -> InterviewReview:
    """Submit (or revise) the caller's scorecard of interview ``interview_id`` of ``invitation``; audited.
    The caller has checked that they are one of its interviewers and that it is over."""
    if staff.user_id is None:
        raise Forbidden("a scorecard is a person's: sign in to the console as yourself")
    note = normalise(note)
    scorecard = scorecards.get(session, invitation.assessment_id)
    errors = scoring.check(scorecard, scores, recommendation, note)
    if errors:
        raise Unprocessable("the scorecard was not submitted: " + "; ".join(e["message"] for e in errors),
                            errors=errors)
    previous = history(session, interview_id, staff.user_id)
    review = InterviewReview(interview_id=interview_id, invitation_id=invitation.id, user_id=staff.user_id,
                             revision=len(previous) + 1,
                             scores={c.key: int(scores[c.key]) for c in scorecard.criteria},
                             recommendation=recommendation, note=note, submitted_at=utcnow())
    session.add(review)
    session.flush()
    audit.record(session, staff, "interview.review_submitted", "invitation", invitation.id, via="console",
                 interview=interview_id, revision=review.revision, recommendation=recommendation)
    return review
