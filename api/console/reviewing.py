"""What the invitation page shows of reviewing together, as plain data for reviews.html and
decision.html: the board (blind until the viewer has submitted: ``api.reviews.board``), the scorecard's
guidance, who may be assigned, the decision history with people's names, and the suggestion of a pass
threshold. A refused form comes back through ``form`` (what was typed) and ``errors`` (field -> words).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session

from api.auth import Staff
from api.models import Invitation, utcnow
from api.reviews import assignments, board
from api.reviews.models import RECOMMENDATION_NAMES, RECOMMENDATIONS
from api.services import anonymity

DECISION_NAMES = {"advance": "Advance", "hold": "Hold", "reject": "Reject"}


def context(session: Session, staff: Staff, invitation: Invitation, *, form: dict[str, Any] | None = None,
            errors: dict[str, str] | None = None, which: str = "") -> dict[str, Any]:
    """``which``: the form that was refused ("review", "assign" or "decision"), so that only it keeps
    ``form`` and ``errors``."""
    seen = board.board(session, staff, invitation)
    assigned = {row.user_id for row in seen.reviewers}
    choices = [u for u in assignments.eligible(session, assignments.team_of(session, invitation))
               if u.id not in assigned] if seen.may_assign else []
    mine = seen.mine
    review_form = form if which == "review" and form is not None else (
        {"note": mine.note, "recommendation": mine.recommendation,
         **{f"score_{k}": str(v) for k, v in mine.scores.items()}} if mine else {})
    history = [{"row": row, "by": anonymity.decided_by(session, row), "name": DECISION_NAMES.get(row.decision)}
               for row in anonymity.history(session, invitation.id)]
    figures = seen.summary
    by_user = {r.user_id: r for r in seen.reviews}
    return {"reviews": {
        "board": seen, "by_user": by_user, "choices": choices, "figures": figures,
        "criteria_names": {c.key: c.name for c in seen.scorecard.criteria},
        "recommendations": [(key, RECOMMENDATION_NAMES[key]) for key in RECOMMENDATIONS],
        "recommendation_names": RECOMMENDATION_NAMES,
        "default_due": (utcnow() + timedelta(days=assignments.DEFAULT_DUE_DAYS)).date().isoformat(),
        "review_form": review_form, "review_errors": errors if which == "review" else {},
        "assign_form": form if which == "assign" else {}, "assign_errors": errors if which == "assign" else {},
        "decision_form": form if which == "decision" else {},
        "decision_errors": errors if which == "decision" else {},
        "history": history, "decision_names": DECISION_NAMES,
        "suggestion": figures.suggestion if figures is not None else None,
    }}
