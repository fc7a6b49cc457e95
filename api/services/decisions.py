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
from api.services import anonymity
from api.webhooks import outbox as webhooks


def record(session: Session, staff: Any, invitation: Invitation, decision: str, note: str = "",
           request: Request | None = None, via: str = "api") -> InvitationDecision:
    """Record the decision and emit decision.recorded (the caller commits)."""
    row = anonymity.decide(session, staff, invitation, decision, note, request=request, via=via)
    webhooks.decision_recorded(session, invitation, row, str(getattr(staff, "name", staff)))
    return row
