"""The interview's page once the interview is over (/ui/interviews/<id>): the final code, the playback of
the pad's session (the integrity player), the interviewers' scorecards (``api.reviews.interview_reviews``)
and, for an interviewer, their own scorecard's form (a refused one comes back with what was typed)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from api.auth import Staff
from api.integrity import render as integrity_render
from api.interviews import playback, service
from api.interviews.models import Interview
from api.models import Invitation
from api.people.models import User
from api.reviews import board, interview_reviews, scorecards
from api.reviews.models import RECOMMENDATION_NAMES, RECOMMENDATIONS


def context(session: Session, staff: Staff, user: User, interview: Interview, invitation: Invitation, *,
            form: dict[str, Any] | None = None, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Empty while the interview is not over."""
    if not service.is_over(interview):
        return {}
    scorecard = scorecards.get(session, invitation.assessment_id)
    shown = [board.interview_review_out(session, r) for r in interview_reviews.visible(session, staff, invitation)
             if r.interview_id == interview.id]
    mine = next((r for r in shown if r.user_id == user.id), None)
    may_score = service.is_listed(session, interview, user)
    if form is None:
        form = {"note": mine.note, "recommendation": mine.recommendation,
                **{f"score_{k}": str(v) for k, v in mine.scores.items()}} if mine else {}
    return {"after": {
        "player_data": playback.player_json(session, interview), "player_script": integrity_render.player_script(),
        "scorecard": scorecard, "criteria_names": {c.key: c.name for c in scorecard.criteria},
        "recommendations": [(key, RECOMMENDATION_NAMES[key]) for key in RECOMMENDATIONS],
        "recommendation_names": RECOMMENDATION_NAMES, "reviews": shown, "mine": mine,
        "may_score": may_score, "form": form, "errors": errors or {}}}
