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
from sqlmodel import Field, Session, SQLModel, col, delete, select

from api import audit
from api.auth import Ats, TeamAdmin
from api.deps import SessionDep, SettingsDep
from api.errors import ApiError, NotFound, Unauthorized, Unprocessable
from api.integrations import decision
from api.integrations.base import (
    CallbackContext,
    Delivery,
    Integration,
    Outgoing,
    basic_auth,
    delivery_state,
    event_of,
    fetch_json,
    retry_failed,
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
FUTURE_SKEW_S = 300  # a triggeredAt this far ahead of our clock still passes (clocks differ)


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
    emails = [e for e in data.get("emails") or [] if isinstance(e, str) and "@" in e] if isinstance(data, dict) else []
    if not isinstance(data, dict) or not emails:
        log.warning("Lever opportunity %s has no e-mail address to invite", opportunity_id)
        raise Unprocessable("Lever's opportunity cannot be invited: it has no e-mail address")
    name = str(data.get("name") or "").strip()
    return name or emails[0], emails[0]


class LeverWebhookToken(SQLModel, table=True):
    """A Lever webhook request seen: its ``token`` (Lever's, one per request) and a hash of its body, kept
    for twice the time window, so a captured request cannot be sent again with another body."""

    __tablename__ = "lever_webhook_tokens"

    token: str = Field(primary_key=True)
    body_hash: str
    received_at: datetime = Field(default_factory=utcnow, index=True)


RECEIVED = {"status": "received"}  # the one answer to an accepted request: it says nothing of what was done
REFUSED = "the request is refused: a signed, recent Lever webhook request is required"


def body_hash(body: WebhookIn) -> str:
    """SHA-256 of the request's JSON (keys sorted, compact): the same request sent again hashes the same."""
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _check_fresh(session: Session, body: WebhookIn, window_s: int) -> None:
    """Refuse (401, one wording for every reason) a request whose signature does not verify, whose
    ``triggeredAt`` is outside the window, or whose token came before with another body. Lever sending
    the same request again (same token, same body) passes, and is handled idempotently."""
    now = utcnow()
    age_s = now.timestamp() - body.triggeredAt / 1000
    if not -FUTURE_SKEW_S <= age_s <= window_s:
        log.warning("Lever webhook refused: triggeredAt %s is outside the %d s window", body.triggeredAt, window_s)
        raise Unauthorized(REFUSED)
    digest = body_hash(body)
    seen = session.get(LeverWebhookToken, body.token)
    if seen is None:
        session.exec(delete(LeverWebhookToken).where(
            col(LeverWebhookToken.received_at) < now - timedelta(seconds=2 * window_s + FUTURE_SKEW_S)))
        session.add(LeverWebhookToken(token=body.token, body_hash=digest, received_at=now))
        try:
            session.commit()
        except IntegrityError:  # the same token, stored meanwhile by a concurrent request
            session.rollback()
            seen = session.get(LeverWebhookToken, body.token)
    if seen is not None and not hmac.compare_digest(seen.body_hash, digest):
        log.warning("Lever webhook refused: token %s... came before with another body", body.token[:8])
        raise Unauthorized(REFUSED)


def _stage_of(opportunity: Any) -> str | None:
    """The opportunity's current stage id, as Lever's API gives it (an id, or an object with ``id``)."""
    data = opportunity.get("data") if isinstance(opportunity, dict) else None
    stage = data.get("stage") if isinstance(data, dict) else None
    if isinstance(stage, dict):
        stage = stage.get("id")
    return stage if isinstance(stage, str) else None


@router.post("/webhooks", summary="Lever: the Candidate Stage Change webhook (signed)")
def webhook(body: WebhookIn, request: Request, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """Every accepted request is answered ``{"status": "received"}`` whatever it led to (an invitation,
    one made before, an event or stage that invites nobody, a candidate no longer in the stage): the
    answer tells a sender nothing of the stage mapping or of who was invited. The audit log and the
    server log say what happened."""
    if not hmac.compare_digest(signature(settings.lever_signature_token, body.token, body.triggeredAt),
                               body.signature.lower()):
        log.warning("Lever webhook refused: the signature does not verify")
        raise Unauthorized(REFUSED)
    _check_fresh(session, body, settings.lever_webhook_window_seconds)
    if body.event != "candidateStageChange":
        return RECEIVED
    if not body.data.get("opportunityId"):  # Lever's connection test when the webhook is saved
        log.info("Lever webhook: a signed request without an opportunity (Lever's connection test)")
        return RECEIVED
    try:
        data = StageChangeData.model_validate(body.data)
    except ValidationError as exc:
        raise validation_problem(exc, "data.") from None
    assessment_id = stage_map(settings.lever_stages).get(data.toStageId)
    if assessment_id is None:
        return RECEIVED
    existing = session.exec(select(LeverInvitation).where(
        LeverInvitation.opportunity_id == data.opportunityId, LeverInvitation.assessment_id == assessment_id)).first()
    if existing is not None:  # the same event again, or the stage entered again: invited once
        return RECEIVED
    if session.get(Assessment, assessment_id) is None:
        log.error("ASSAY_LEVER_STAGES maps stage %r to assessment %r, which does not exist", data.toStageId,
                  assessment_id)
        raise ApiError("the Lever integration is not configured right; the server log says how to fix it",
                       status=503, title="Service unavailable")
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
    if _stage_of(opportunity) != data.toStageId:  # Lever's API, not the body, says where the candidate is
        log.warning("Lever webhook: opportunity %s is not in stage %s now (Lever says %r); nobody invited",
                    data.opportunityId, data.toStageId, _stage_of(opportunity))
        return RECEIVED
    name, email = _contact(opportunity, data.opportunityId)
    try:
        create = InvitationCreate.model_validate({
            "assessment_id": assessment_id, "candidate": {"name": name[:200], "email": email},
            "expires_at": utcnow() + timedelta(days=settings.lever_invitation_days),
            "external_id": f"lever-opportunity-{data.opportunityId}"[:200]})
    except ValidationError as exc:
        log.warning("Lever opportunity %s cannot be invited: %s", data.opportunityId, exc)
        raise Unprocessable("Lever's opportunity cannot be invited: its contact details are not usable") from None
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
    return RECEIVED


@router.get("/invitations/{invitation_id}",
            summary="the candidate's link and token (for a mailer), the status, the note's delivery; audited (ats)")
def show_invitation(invitation_id: str, request: Request, session: SessionDep, settings: SettingsDep,
                    staff: Ats) -> dict[str, Any]:
    row = session.get(LeverInvitation, invitation_id)
    try:
        if row is None:
            raise NotFound("")
        invitation = invitation_service.get(session, row.invitation_id, staff.scope)  # a team's key: its own
    except NotFound:
        raise NotFound(f"no Lever invitation {invitation_id!r}") from None
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


@router.post("/invitations/{invitation_id}/retry",
             summary="retry the notes to Lever that failed for good (e.g. refused with 401 until the key was "
                     "fixed); audited (admin)")
def retry(invitation_id: str, request: Request, session: SessionDep, staff: TeamAdmin) -> dict[str, int]:
    row = session.get(LeverInvitation, invitation_id)
    try:
        if row is None:
            raise NotFound("")
        invitation_service.get(session, row.invitation_id, staff.scope)
    except NotFound:
        raise NotFound(f"no Lever invitation {invitation_id!r}") from None
    count = retry_failed(session, staff, request, row.invitation_id, TARGET)
    session.commit()
    return {"retried": count}


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
        if event_type == "decision.recorded":
            text = decision.note_text(data)
        elif event_type == "invitation.expired":
            text = (f"Assay invitation expired on {str(data['expires_at'])[:16].replace('T', ' ')} UTC: the candidate "
                    "did not start the assessment, so nothing was scored.")
        else:
            text = note_text(data)
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


def _status_deliveries(session: Session, invitation: Invitation, event_type: str) -> list[Delivery]:
    """An invitation that expired unstarted leaves a note (Lever has no status for a start: nothing)."""
    return _deliveries(session, invitation) if event_type == "invitation.expired" else []


def erase_candidate(session: Session, invitation_id: str) -> None:
    """Candidate-data deletion: the kept token and Lever's id of the person."""
    row = session.get(LeverInvitation, invitation_id)
    if row is not None:
        row.candidate_id = None
        row.token_enc = ""
        session.add(row)


def _enabled(settings: Any) -> bool:
    return bool(settings.lever_api_key and settings.lever_signature_token)


def _callback(settings: Any, context: CallbackContext) -> LeverCallback:
    if not host_allowed(settings.lever_api_url, settings.lever_callback_hosts):
        log.warning("ASSAY_LEVER_API_URL's host is not in ASSAY_LEVER_CALLBACK_HOSTS: Lever will not be called")
    return LeverCallback(settings.lever_api_key, settings.lever_callback_hosts)


INTEGRATION = Integration(name=TARGET, label="Lever", router=router, enabled=_enabled, callback=_callback,
                          deliveries=_deliveries, erase=erase_candidate, decision_deliveries=_decision_deliveries,
                          status_deliveries=_status_deliveries)
