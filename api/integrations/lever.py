"""Lever: moving an opportunity into a configured stage invites the candidate to an assessment; the
final score is written back to the opportunity as a note.

Followed (Lever's public developer documentation, https://hire.lever.co/developer/documentation, and
its assessment use case, https://hire.lever.co/developer/usecases):

- the assessment use case: listen to the *Candidate Stage Change* webhook; when the opportunity moves
  to the configured stage, invite the candidate with the opportunity's contact information; when the
  assessment is complete, leave a note on the opportunity with a summary;
- webhooks (#webhooks): a POST of ``{"triggeredAt", "event", "signature", "token", "data"}``; for
  ``candidateStageChange`` the data has ``opportunityId``, ``candidateId``, ``contactId``,
  ``fromStageId``, ``toStageId``. *Securing webhooks*: ``signature`` is the hex HMAC-SHA256 of
  ``token`` + ``triggeredAt`` under the webhook's signature token; a non-2xx answer makes Lever retry;
- the API (https://api.lever.co/v1, HTTP Basic with the API key as the username, no password):
  ``GET /opportunities/:opportunity`` (``name``, ``emails``) and ``POST /opportunities/:opportunity/notes``
  (``{"value": text}``; ``perform_as`` a query parameter).

Endpoints, under ``/integrations/lever/``:

- ``POST webhooks``: the Lever webhook's URL (Settings > Integrations and API > Webhooks, *Candidate
  Stage Change*). Its requests are authenticated by their signature (``ASSAY_LEVER_SIGNATURE_TOKEN``),
  anything else is a 401 problem. A move into a stage of ``ASSAY_LEVER_STAGES``
  (``<stage id>=<assessment id>,...``) reads the opportunity and creates the invitation (source lever,
  external id ``lever-opportunity-<id>``); other events and stages are acknowledged and ignored.
  Idempotent: one invitation per opportunity and assessment, however often Lever sends the event or
  the candidate re-enters the stage. Lever unreachable: 502, so Lever sends the event again;
- ``GET invitations/{invitation_id}`` (ats, Bearer; audited): the candidate's token for the
  organisation's mailer when Assay sends no e-mail, and the note's delivery.

When the scores are final, the note (``POST {ASSAY_LEVER_API_URL}/opportunities/<id>/notes``, with
``perform_as=ASSAY_LEVER_PERFORM_AS`` when set, only to a host of ``ASSAY_LEVER_CALLBACK_HOSTS``, with
``ASSAY_LEVER_API_KEY``) goes through the webhook outbox in the transaction of
``invitation.completed``, with its retries. A recorded decision leaves one more note (the decision, its
reason, who decided, the score and the reviewers' scorecard summary) in the transaction of
``decision.recorded``. Enabled when ``ASSAY_LEVER_API_KEY`` and
``ASSAY_LEVER_SIGNATURE_TOKEN`` are set. Table ``lever_invitations`` (migration 0009_lever).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic import Field as PydanticField
from sqlalchemy import UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from api import audit
from api.auth import Ats
from api.deps import SessionDep, SettingsDep
from api.errors import NotFound, Unauthorized, Unprocessable
from api.integrations import decision
from api.integrations.base import (
    Delivery,
    Integration,
    Outgoing,
    basic_auth,
    delivery_state,
    event_of,
    fetch_json,
    validation_problem,
)
from api.models import Assessment, Invitation, utcnow
from api.schemas import InvitationCreate
from api.services import invitations as invitation_service
from api.webhooks.guard import host_allowed

log = logging.getLogger("assay.lever")
router = APIRouter(prefix="/integrations/lever", tags=["lever"])
TARGET = "lever"
ACTOR = "lever webhook"  # the audit log's actor: the signature, not an API key, authenticates Lever


class LeverInvitation(SQLModel, table=True):
    """An invitation created when a Lever opportunity entered a configured stage."""

    __tablename__ = "lever_invitations"
    __table_args__ = (UniqueConstraint("opportunity_id", "assessment_id"),)

    invitation_id: str = Field(foreign_key="invitations.id", primary_key=True)
    opportunity_id: str = Field(index=True)
    assessment_id: str
    stage_id: str
    candidate_id: str | None = None  # Lever's contact/candidate id
    note_url: str  # where the result note goes (ASSAY_LEVER_API_URL when it was created)
    token_enc: str  # the candidate's invitation token, encrypted, for the organisation's mailer
    created_at: datetime = Field(default_factory=utcnow)


class StageChangeData(BaseModel):
    model_config = ConfigDict(extra="allow")
    opportunityId: str = PydanticField(min_length=1, max_length=200)  # Lever's field names (camelCase)
    toStageId: str = PydanticField(min_length=1, max_length=200)
    fromStageId: str | None = PydanticField(None, max_length=200)
    candidateId: str | None = PydanticField(None, max_length=200)
    contactId: str | None = PydanticField(None, max_length=200)


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "triggeredAt": 1764855000000, "event": "candidateStageChange", "token": "3f0c1d2e...",
        "signature": "<hex HMAC-SHA256 of token + triggeredAt>",
        "data": {"opportunityId": "250d8f03-738a-4bba-a671-8a3d73477145", "toStageId": "applicant-new",
                 "fromStageId": "lead-new", "candidateId": "250d8f03-...", "contactId": "250d8f03-..."}}]})
    triggeredAt: int
    event: str = PydanticField(min_length=1, max_length=100)
    token: str = PydanticField(min_length=1, max_length=500)
    signature: str = PydanticField(min_length=1, max_length=500)
    data: dict[str, Any] = PydanticField(default_factory=dict)


def signature(signature_token: str, token: str, triggered_at: int | str) -> str:
    """Lever's webhook signature: hex HMAC-SHA256 of token + triggeredAt under the signature token."""
    return hmac.new(signature_token.encode(), f"{token}{triggered_at}".encode(), hashlib.sha256).hexdigest()


def stage_map(value: str) -> dict[str, str]:
    """``ASSAY_LEVER_STAGES``: ``stage=assessment,stage=assessment`` as a dict."""
    pairs = (item.split("=", 1) for item in value.split(",") if "=" in item)
    return {stage.strip(): assessment.strip() for stage, assessment in pairs if stage.strip() and assessment.strip()}


def _contact(opportunity: Any, opportunity_id: str) -> tuple[str, str]:
    data = opportunity.get("data") if isinstance(opportunity, dict) else None
    if not isinstance(data, dict):
        raise Unprocessable(f"Lever's opportunity {opportunity_id!r} came back without its data")
    emails = [e for e in data.get("emails") or [] if isinstance(e, str) and "@" in e]
    name = str(data.get("name") or "").strip()
    if not emails:
        raise Unprocessable(f"Lever's opportunity {opportunity_id!r} has no e-mail address to invite",
                            errors=[{"field": "data.opportunityId", "message": "the opportunity has no e-mail"}])
    return name or emails[0], emails[0]


@router.post("/webhooks", summary="Lever: the Candidate Stage Change webhook (signed)")
def webhook(body: WebhookIn, request: Request, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    if not hmac.compare_digest(signature(settings.lever_signature_token, body.token, body.triggeredAt),
                               body.signature.lower()):
        raise Unauthorized("the signature does not verify: HMAC-SHA256 of token + triggeredAt under "
                           "ASSAY_LEVER_SIGNATURE_TOKEN (the webhook's signature token)")
    if body.event != "candidateStageChange":
        return {"status": "ignored", "reason": f"event {body.event!r} does not invite"}
    try:
        data = StageChangeData.model_validate(body.data)
    except ValidationError as exc:
        raise validation_problem(exc, "data.") from None
    assessment_id = stage_map(settings.lever_stages).get(data.toStageId)
    if assessment_id is None:
        return {"status": "ignored", "reason": f"stage {data.toStageId!r} is not one of ASSAY_LEVER_STAGES"}
    existing = session.exec(select(LeverInvitation).where(
        LeverInvitation.opportunity_id == data.opportunityId, LeverInvitation.assessment_id == assessment_id)).first()
    if existing is not None:  # the same event again, or the stage entered again: invited once
        return {"status": "already_invited", "invitation_id": existing.invitation_id}
    if session.get(Assessment, assessment_id) is None:
        raise NotFound(f"ASSAY_LEVER_STAGES maps stage {data.toStageId!r} to assessment {assessment_id!r}, "
                       "which does not exist")
    api = settings.lever_api_url.rstrip("/")
    opportunity_url = f"{api}/opportunities/{quote(data.opportunityId, safe='')}"
    note_url = f"{opportunity_url}/notes"
    if settings.lever_perform_as:
        note_url += "?" + urlencode({"perform_as": settings.lever_perform_as})
    session.commit()  # no transaction held open while Lever answers
    opportunity = fetch_json(request, opportunity_url, hosts=settings.lever_callback_hosts,
                             hosts_setting="ASSAY_LEVER_CALLBACK_HOSTS", label="Lever",
                             headers={"authorization": basic_auth(settings.lever_api_key)},
                             timeout_s=settings.webhook_timeout_seconds)
    name, email = _contact(opportunity, data.opportunityId)
    try:
        create = InvitationCreate.model_validate({
            "assessment_id": assessment_id, "candidate": {"name": name[:200], "email": email},
            "expires_at": utcnow() + timedelta(days=settings.lever_invitation_days),
            "external_id": f"lever-opportunity-{data.opportunityId}"[:200]})
    except ValidationError as exc:
        raise validation_problem(exc, "opportunity: ") from None
    box = request.app.state.webhook_box
    invitation, token = invitation_service.create(session, create, None, source="lever", box=box)
    session.add(LeverInvitation(
        invitation_id=invitation.id, opportunity_id=data.opportunityId, assessment_id=assessment_id,
        stage_id=data.toStageId, candidate_id=data.contactId or data.candidateId, note_url=note_url,
        token_enc=box.encrypt(token)))
    audit.record(session, ACTOR, "lever.candidate_invited", "invitation", invitation.id, request=request,
                 opportunity_id=data.opportunityId, stage_id=data.toStageId, assessment_id=assessment_id)
    try:
        session.commit()
    except IntegrityError:  # the same event, handled meanwhile by a concurrent request
        session.rollback()
        again = session.exec(select(LeverInvitation).where(
            LeverInvitation.opportunity_id == data.opportunityId,
            LeverInvitation.assessment_id == assessment_id)).first()
        if again is None:
            raise
        return {"status": "already_invited", "invitation_id": again.invitation_id}
    return {"status": "invited", "invitation_id": invitation.id}


@router.get("/invitations/{invitation_id}",
            summary="the candidate's link and token (for a mailer), the status, the note's delivery; audited (ats)")
def show_invitation(invitation_id: str, request: Request, session: SessionDep, settings: SettingsDep,
                    staff: Ats) -> dict[str, Any]:
    row = session.get(LeverInvitation, invitation_id)
    if row is None:
        raise NotFound(f"no Lever invitation {invitation_id!r}")
    invitation = invitation_service.get(session, row.invitation_id)
    shown = {
        "invitation_id": row.invitation_id, "opportunity_id": row.opportunity_id, "stage_id": row.stage_id,
        "assessment_id": row.assessment_id, "note_delivery": delivery_state(session, row.invitation_id, TARGET),
        "invitation": invitation_service.out(session, invitation, settings.resolved_public_url),
        "candidate_token": request.app.state.webhook_box.decrypt(row.token_enc) if row.token_enc else None,
    }
    if row.token_enc:
        audit.record(session, staff, "lever.token_viewed", "invitation", row.invitation_id, request=request)
        session.commit()
    return shown


# ---------------------------------------------------------------------- the seam


def note_text(data: dict[str, Any]) -> str:
    """The note left on the opportunity: assessment, score, per-problem points, the report's link."""
    def num(value: float) -> str:
        return f"{value:g}"

    how = "finished by the candidate" if data["reason"] == "finished" else "time ran out"
    lines = [f"Assay assessment \"{data['assessment_title']}\" completed ({how}): "
             f"{num(data['total_points'])} / {num(data['max_points'])} points ({num(data['score_percent'])}%)."]
    lines += [f"- {p['title']}: {num(p['points'])} / {num(p['max_points'])}" for p in data["problems"]]
    lines.append(f"Report: {data['report_url']}")
    return "\n".join(lines)


class LeverCallback:
    label = "Lever"
    hosts_setting = "ASSAY_LEVER_CALLBACK_HOSTS"

    def __init__(self, api_key: str, hosts: str) -> None:
        self.api_key = api_key
        self.hosts = hosts

    def build(self, url: str, payload: str) -> Outgoing:
        event_type, data = event_of(payload)
        text = decision.note_text(data) if event_type == "decision.recorded" else note_text(data)
        body = json.dumps({"value": text}).encode()
        return Outgoing(body, {"authorization": basic_auth(self.api_key), "content-type": "application/json"})

    def rejected(self, status_code: int, excerpt: str) -> str | None:
        return None


def _deliveries(session: Session, invitation: Invitation) -> list[Delivery]:
    row = session.get(LeverInvitation, invitation.id)
    return [] if row is None else [Delivery(TARGET, "POST", row.note_url)]


def _decision_deliveries(session: Session, invitation: Invitation) -> list[Delivery]:
    """A decision: one more note on the opportunity, whenever it is recorded."""
    return _deliveries(session, invitation)


def erase_candidate(session: Session, invitation_id: str) -> None:
    """Candidate-data deletion: the kept token and Lever's id of the person."""
    row = session.get(LeverInvitation, invitation_id)
    if row is not None:
        row.candidate_id = None
        row.token_enc = ""
        session.add(row)


def _enabled(settings: Any) -> bool:
    return bool(settings.lever_api_key and settings.lever_signature_token)


def _callback(settings: Any) -> LeverCallback:
    if not host_allowed(settings.lever_api_url, settings.lever_callback_hosts):
        log.warning("ASSAY_LEVER_API_URL's host is not in ASSAY_LEVER_CALLBACK_HOSTS: Lever will not be called")
    return LeverCallback(settings.lever_api_key, settings.lever_callback_hosts)


INTEGRATION = Integration(name=TARGET, label="Lever", router=router, enabled=_enabled, callback=_callback,
                          deliveries=_deliveries, erase=erase_candidate, decision_deliveries=_decision_deliveries)
