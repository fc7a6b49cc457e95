"""Recording a hiring decision and telling the outside of it: ``record`` stores the decision (audited; in
an anonymised assessment the first one reveals the name, see ``api.services.anonymity``) and, in the same
transaction, emits ``decision.recorded`` with each ATS integration's request (Greenhouse's PATCH,
a Lever note, Ashby's assessment.update) through the webhook outbox. Every way of deciding (the REST
API, the console) goes through here."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlmodel import Session

from api.analytics_models import InvitationDecision
from api.models import Invitation
from api.reviews.summary import summary
from api.services import anonymity
from api.webhooks import outbox as webhooks


def record(session: Session, staff: Any, invitation: Invitation, decision: str, note: str = "",
           request: Request | None = None, via: str = "api") -> InvitationDecision:
    """Record the decision and emit decision.recorded (the caller commits)."""
    row = anonymity.decide(session, staff, invitation, decision, note, request=request, via=via)
    webhooks.decision_recorded(session, invitation, row, str(getattr(staff, "name", staff)),
                               scorecard(session, invitation.id))
    return row


def scorecard(session: Session, invitation_id: str) -> dict[str, Any] | None:
    """The reviewers' scorecard summary as decision.recorded carries it (``api.reviews.summary``: figures,
    no reviewer's name), or None when no review was assigned or submitted."""
    found = summary(session, invitation_id)
    if not found.reviews_assigned and not found.reviews_submitted:
        return None
    return {"reviews_submitted": found.reviews_submitted, "reviews_assigned": found.reviews_assigned,
            "criteria": [{"key": c.key, "label": c.name, "mean": c.mean,
                          "spread": None if c.spread is None else float(c.spread), "disagreement": c.disagreement}
                         for c in found.criteria],
            "overall_mean": found.overall_mean, "recommendations": dict(found.recommendations),
            "disagreements": list(found.disagreements), "suggestion": found.suggestion}
