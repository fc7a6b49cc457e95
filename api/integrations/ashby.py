"""Ashby Assessments Partner API: Ashby lists Assay's assessments, starts one for a candidate, may
cancel it, and Assay reports the result with Ashby's ``assessment.update``.

Followed (Ashby's public developer documentation):

- https://developers.ashbyhq.com/docs/creating-an-assessments-integration : the flow (Ashby calls the
  partner's ``assessment.list``, ``assessment.start``, ``assessment.cancel``; the partner calls
  Ashby's ``assessment.update``) and the data format of ``assessment.update`` (``identifier``,
  ``value``, ``type``, ``label``, ``description``);
- https://developers.ashbyhq.com/reference/assessmentlist-implemented-by-partner,
  https://developers.ashbyhq.com/reference/assessmentstart,
  https://developers.ashbyhq.com/reference/assessmentcancel : the partner's endpoints, POST with a JSON
  body, answering ``{"success": true, "results": ...}``;
- https://developers.ashbyhq.com/docs/assessmentupdate : ``POST https://api.ashbyhq.com/assessment.update``
  with HTTP Basic (the customer's Ashby API key as the username, permission candidatesWrite),
  ``assessment_id``, ``timestamp`` (ms since the epoch), ``assessment_status``, and on completion
  ``assessment_result`` and ``assessment_profile_url`` (type ``url``) plus ``metadata``.

Endpoints, under ``/integrations/ashby/`` (HTTP Basic: an Assay ``ats`` API key as the username, the
partner API key given to Ashby; Ashby's own API authenticates the same way):

- ``POST assessment.list``: the assessments, as ``{assessment_type_id, name, description}``;
- ``POST assessment.start``: creates the invitation from ``candidate`` (first_name, last_name, email),
  answers ``{"assessment_id": <invitation id>}``. Idempotent: the same ``application.ashby_id`` and
  ``assessment_type_id`` again answer the same assessment_id, never a second invitation, unless that
  one was cancelled: then a new invitation (and link) is made, and the cancelled one stays revoked;
- ``POST assessment.cancel``: revokes the invitation (audited; again: the same answer);
- ``GET assessments/{assessment_id}`` (ats, Bearer; audited): the candidate's token for the
  organisation's mailer when Assay sends no e-mail, the status and the ``assessment.update`` delivery.

When the scores are final, ``assessment.update`` (``ASSAY_ASHBY_API_URL``/assessment.update, only to
a host of ``ASSAY_ASHBY_CALLBACK_HOSTS``, with ``ASSAY_ASHBY_API_KEY``) goes through the webhook outbox
in the transaction of ``invitation.completed``, with its retries; an answer of ``{"success": false}``
counts as a failed attempt. A decision recorded once the scores are final sends one more
``assessment.update`` (dated by the decision) with the decision, its reason and the reviewers' scorecard
summary as metadata. Enabled when ``ASSAY_ASHBY_API_KEY`` is set. Table ``ashby_assessments``
(migration 0010_ashby).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic import Field as PydanticField
from sqlalchemy import Index, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from api import audit
from api.auth import Ats, AtsBasic, TeamAdmin
from api.deps import SessionDep, SettingsDep
from api.errors import ApiError, Conflict, NotFound, Unprocessable
from api.integrations import decision
from api.integrations.base import (
    Delivery,
    Integration,
    Outgoing,
    basic_auth,
    delivery_state,
    event_of,
    millis,
    retry_failed,
    validation_problem,
)
from api.models import Assessment, Invitation, utcnow
from api.schemas import InvitationCreate
from api.scope import Scope
from api.services import invitation_actions
from api.services import invitations as invitation_service
from api.webhooks import outbox
from api.webhooks.guard import host_allowed

log = logging.getLogger("assay.ashby")
TARGET = "ashby"


def ashby_error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """An error as Ashby shows it to its users: ``{"message": ...}``; 422 for what the recruiter can fix,
    409 for a candidate already being assessed, 401/403 for the key, 404 for what this key cannot see
    (another hiring team's, as everywhere in Assay), 5xx for ours."""
    if 400 <= status < 500 and status not in (401, 403, 404, 409):
        status = 422
    return JSONResponse({"message": message}, status_code=status, headers=headers)


class AshbyRoute(APIRoute):
    """Ashby's error shape on every route Ashby calls (RFC 9457 problem+json elsewhere in Assay)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as exc:
                return ashby_error(exc.status, exc.detail, exc.headers)
            except RequestValidationError as exc:
                fields = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: "
                                   f"{e.get('msg', '')}" for e in exc.errors()[:5])
                return ashby_error(422, f"Assay could not read Ashby's request ({fields}); tell the Assay "
                                        "administrator, who can see it in the server log")

        return route


router = APIRouter(prefix="/integrations/ashby", tags=["ashby"])
partner = APIRouter(route_class=AshbyRoute)  # the endpoints Ashby calls, in its error shape; included below


def ashby_id(invitation_id: str) -> str:
    """An invitation id as Ashby's ``assessment_id``: the canonical dashed UUID."""
    try:
        return str(uuid.UUID(hex=invitation_id))
    except ValueError:
        return invitation_id


def invitation_id_of(assessment_id: str) -> str:
    """Ashby's ``assessment_id`` (dashed, or the 32 hex characters Assay sent before) as an invitation id."""
    try:
        return uuid.UUID(assessment_id).hex
    except ValueError:
        return assessment_id


class AshbyAssessment(SQLModel, table=True):
    """An invitation started by Ashby's assessment.start: Ashby's assessment_id = the invitation id."""

    __tablename__ = "ashby_assessments"
    __table_args__ = (  # one live assessment per application and type; a cancelled one may be started again
        Index("ix_ashby_assessments_live", "application_id", "assessment_type_id", unique=True,
              sqlite_where=text("cancelled_at IS NULL"), postgresql_where=text("cancelled_at IS NULL")),)

    invitation_id: str = Field(foreign_key="invitations.id", primary_key=True)
    assessment_type_id: str  # the Assay assessment
    application_id: str  # Ashby's application (with the type: one start per application)
    candidate_id: str | None = None  # Ashby's candidate
    ashby_profile_url: str | None = None  # the link back to the candidate in Ashby
    update_url: str  # where assessment.update goes (ASSAY_ASHBY_API_URL when it started)
    token_enc: str  # the candidate's invitation token, encrypted, for the organisation's mailer
    cancelled_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="api_keys.id")


# ---------------------------------------------------------------------- bodies


class AshbyCandidate(BaseModel):
    model_config = ConfigDict(extra="allow")
    ashby_id: str | None = PydanticField(None, max_length=200)
    first_name: str = PydanticField(min_length=1, max_length=200)
    last_name: str = PydanticField("", max_length=200)
    email: str = PydanticField(min_length=3, max_length=320)
    ashby_profile_url: str | None = PydanticField(None, max_length=2000)


class AshbyApplication(BaseModel):
    model_config = ConfigDict(extra="allow")
    ashby_id: str = PydanticField(min_length=1, max_length=200)
    status: str | None = PydanticField(None, max_length=100)


class StartIn(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "assessment_type_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b",
        "candidate": {"ashby_id": "0f1e2d3c-...", "first_name": "Ada", "last_name": "Lovelace",
                      "email": "ada@example.com", "ashby_profile_url": "https://app.ashbyhq.com/candidates/0f1e2d3c"},
        "application": {"ashby_id": "9a8b7c6d-...", "status": "Active"},
        "job": {"ashby_id": "1a2b3c4d-...", "name": "Backend Engineer"}}]})
    assessment_type_id: str = PydanticField(min_length=1, max_length=100)
    candidate: AshbyCandidate
    application: AshbyApplication
    job: dict[str, Any] | None = None


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    assessment_id: str = PydanticField(min_length=1, max_length=100)


# ---------------------------------------------------------------------- the partner API


@partner.post("/assessment.list", summary="Ashby: the assessments a candidate can be sent")
def assessment_list(session: SessionDep, staff: AtsBasic) -> dict[str, Any]:
    rows = session.exec(select(Assessment).where(staff.scope.clause(Assessment.team_id))
                        .order_by(col(Assessment.created_at))).all()
    return {"success": True, "results": [
        {"assessment_type_id": a.id, "name": a.title,
         "description": f"Assay coding assessment, {a.duration_minutes} minutes ({', '.join(a.languages)})"}
        for a in rows]}


@partner.post("/assessment.start", summary="Ashby: start an assessment for a candidate")
def assessment_start(body: StartIn, request: Request, session: SessionDep, settings: SettingsDep,
                     staff: AtsBasic) -> dict[str, Any]:
    def answer(invitation_id: str) -> dict[str, Any]:
        return {"success": True, "results": {"assessment_id": ashby_id(invitation_id)}}

    def already(row: AshbyAssessment) -> ApiError:
        title = chosen.title if chosen is not None else "this assessment"
        return Conflict(f"This candidate is already being assessed with \"{title}\" (sent "
                        f"{row.created_at:%Y-%m-%d}). To send it again, cancel that assessment in Ashby first.")

    chosen = session.get(Assessment, body.assessment_type_id)  # first: a key of another team learns nothing
    if chosen is None or not staff.scope.allows(chosen.team_id):
        raise NotFound("This Assay assessment does not exist (any more). Pick another one: Ashby lists the "
                       "current ones from Assay's assessment.list.")
    existing = _live(session, body.application.ashby_id, body.assessment_type_id)
    if existing is not None:  # one live assessment per application and type (Ashby documents 409)
        raise already(existing)
    update_url = settings.ashby_api_url.rstrip("/") + "/assessment.update"
    if not host_allowed(update_url, settings.ashby_callback_hosts):
        raise ApiError("Assay cannot report results to Ashby: ASSAY_ASHBY_API_URL names a host outside "
                       "ASSAY_ASHBY_CALLBACK_HOSTS. Ask the Assay administrator to fix the settings, then send "
                       "the assessment again.", status=503, title="Service unavailable")
    candidate = body.candidate
    try:
        create = InvitationCreate.model_validate({
            "assessment_id": body.assessment_type_id,
            "candidate": {"name": f"{candidate.first_name} {candidate.last_name}".strip(), "email": candidate.email},
            "expires_at": utcnow() + timedelta(days=settings.ashby_invitation_days),
            "external_id": f"ashby-application-{body.application.ashby_id}"[:200]})
    except ValidationError as exc:
        problem = validation_problem(exc, "candidate: ")
        raise Unprocessable(f"The candidate's details cannot be used ({problem.detail}): correct them in Ashby "
                            "and send the assessment again.") from None
    box = request.app.state.webhook_box
    invitation, token = invitation_service.create(session, create, staff.key_id, source="ashby", box=box,
                                                  scope=staff.scope)
    session.add(AshbyAssessment(
        invitation_id=invitation.id, assessment_type_id=body.assessment_type_id,
        application_id=body.application.ashby_id, candidate_id=candidate.ashby_id,
        ashby_profile_url=candidate.ashby_profile_url, update_url=update_url, token_enc=box.encrypt(token),
        created_by=staff.key_id))
    audit.record(session, staff, "ashby.assessment_started", "invitation", invitation.id, request=request,
                 assessment_type_id=body.assessment_type_id, application_id=body.application.ashby_id)
    try:
        session.commit()
    except IntegrityError:  # the same start, committed meanwhile by a concurrent request
        session.rollback()
        again = _live(session, body.application.ashby_id, body.assessment_type_id)
        if again is None:
            raise
        raise already(again) from None
    return answer(invitation.id)


def _live(session: Session, application_id: str, assessment_type_id: str) -> AshbyAssessment | None:
    """The application's assessment of this type that is not cancelled (a start after a cancel makes a
    new one: a new invitation and link; the cancelled one stays revoked)."""
    return session.exec(select(AshbyAssessment).where(
        AshbyAssessment.application_id == application_id, AshbyAssessment.assessment_type_id == assessment_type_id,
        col(AshbyAssessment.cancelled_at).is_(None))).first()


@partner.post("/assessment.cancel", summary="Ashby: cancel a started assessment")
def assessment_cancel(body: CancelIn, request: Request, session: SessionDep, staff: AtsBasic) -> dict[str, Any]:
    row, invitation = _started(session, body.assessment_id, staff.scope)
    if row.cancelled_at is None:  # a second cancel changes nothing
        invitation_actions.revoke(session, staff, request, invitation, via="ashby")
        row.cancelled_at = utcnow()
        session.add(row)
        audit.record(session, staff, "ashby.assessment_cancelled", "invitation", row.invitation_id, request=request)
        session.commit()
    return {"success": True, "results": {"assessment_id": ashby_id(row.invitation_id)}}


def _started(session: Session, assessment_id: str, scope: Scope) -> tuple[AshbyAssessment, Invitation]:
    """An assessment Ashby started and its invitation, if in ``scope`` (else as if unknown); the id
    dashed or not."""
    row = session.get(AshbyAssessment, invitation_id_of(assessment_id))
    try:
        if row is None:
            raise NotFound("")
        return row, invitation_service.get(session, row.invitation_id, scope)
    except NotFound:
        raise NotFound(f"Assay knows no assessment {assessment_id!r}: it may have been erased; start a new "
                       "one from Ashby if needed") from None


def _status(session: Session, row: AshbyAssessment) -> str:
    invitation = invitation_service.get(session, row.invitation_id)
    state = invitation_service.state(invitation)
    if state == "completed" and not outbox.is_final(session, invitation):
        return "grading"
    return "cancelled" if row.cancelled_at is not None else state


@router.get("/assessments/{assessment_id}",
            summary="the candidate's link and token (for a mailer), the status, the assessment.update delivery; "
                    "audited (ats)")
def show_assessment(assessment_id: str, request: Request, session: SessionDep, settings: SettingsDep,
                    staff: Ats) -> dict[str, Any]:
    row, invitation = _started(session, assessment_id, staff.scope)
    shown = {
        "assessment_id": ashby_id(row.invitation_id), "assessment_type_id": row.assessment_type_id,
        "application_id": row.application_id, "status": _status(session, row),
        "update_delivery": delivery_state(session, row.invitation_id, TARGET),
        "invitation": invitation_service.out(session, invitation, settings.resolved_public_url),
        "candidate_token": request.app.state.webhook_box.decrypt(row.token_enc) if row.token_enc else None,
        "ashby_profile_url": row.ashby_profile_url,
    }
    if row.token_enc:
        audit.record(session, staff, "ashby.token_viewed", "invitation", row.invitation_id, request=request)
        session.commit()
    return shown


@router.post("/assessments/{assessment_id}/retry",
             summary="retry the assessment.update requests that failed for good (e.g. refused with 401 until the "
                     "key was fixed); audited (admin)")
def retry(assessment_id: str, request: Request, session: SessionDep, staff: TeamAdmin) -> dict[str, int]:
    row, _ = _started(session, assessment_id, staff.scope)
    count = retry_failed(session, staff, request, row.invitation_id, TARGET)
    session.commit()
    return {"retried": count}


router.include_router(partner)


# ---------------------------------------------------------------------- the seam


def _datum(identifier: str, label: str, kind: str, value: Any, description: str | None = None) -> dict[str, Any]:
    datum = {"identifier": identifier, "label": label, "type": kind, "value": value}
    if description:
        datum["description"] = description
    return datum


def update_body(data: dict[str, Any]) -> dict[str, Any]:
    """Ashby's assessment.update for the invitation.completed event ``data``: the result (a
    numeric_score: the percentage), the report's URL, and per-problem points as metadata."""
    def num(value: float) -> str:
        return f"{value:g}"

    completed = datetime.fromisoformat(str(data["completed_at"]).replace("Z", "+00:00"))
    metadata = [_datum("points", "Points", "string", f"{num(data['total_points'])} / {num(data['max_points'])}"),
                _datum("completion", "Completion", "string",
                       "finished by the candidate" if data["reason"] == "finished" else "time ran out")]
    for problem in data["problems"]:
        metadata.append(_datum(f"problem_{problem['slug']}", str(problem["title"])[:100], "string",
                               f"{num(problem['points'])} / {num(problem['max_points'])}"))
    return {
        "assessment_id": ashby_id(data["invitation_id"]), "timestamp": millis(completed),
        "assessment_status": _datum("status", "Status", "string", "Completed"),
        "assessment_result": _datum("score", "Score", "numeric_score", data["score_percent"],
                                    "percent of the assessment's points"),
        "assessment_profile_url": _datum("report", "Assay report", "url", data["report_url"]),
        "metadata": metadata,
    }


def decision_update_body(data: dict[str, Any]) -> dict[str, Any]:
    """Ashby's assessment.update for the decision.recorded event ``data`` (sent only once the scores are
    final): the completed status, the score, the report's URL, and the decision, its reason and the
    reviewers' summary as metadata; dated by the decision, so it is the latest update Ashby keeps."""
    decided = datetime.fromisoformat(str(data["decided_at"]).replace("Z", "+00:00"))
    metadata = []
    for index, (name, value) in enumerate(decision.metadata(data).items()):
        kind = "numeric_score" if isinstance(value, int | float) and not isinstance(value, bool) else "string"
        identifier = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or f"item_{index}"
        metadata.append(_datum(f"decision_{identifier}", name[:100], kind, value if value is not None else "-"))
    body: dict[str, Any] = {
        "assessment_id": ashby_id(data["invitation_id"]), "timestamp": millis(decided),
        "assessment_status": _datum("status", "Status", "string", "Completed"),
        "assessment_profile_url": _datum("report", "Assay report", "url", data["report_url"]),
        "metadata": metadata,
    }
    if data.get("score_percent") is not None:
        body["assessment_result"] = _datum("score", "Score", "numeric_score", data["score_percent"],
                                           "percent of the assessment's points")
    return body


def status_update_body(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """Ashby's assessment.update for invitation.started (``Started``) or invitation.expired
    (``Expired``, with the reason): Ashby then shows where the candidate is, and an expired assessment
    does not sit as pending."""
    if event_type == "invitation.started":
        moment = datetime.fromisoformat(str(data["started_at"]).replace("Z", "+00:00"))
        return {"assessment_id": ashby_id(data["invitation_id"]), "timestamp": millis(moment),
                "assessment_status": _datum("status", "Status", "string", "Started")}
    moment = datetime.fromisoformat(str(data["expires_at"]).replace("Z", "+00:00"))
    reason = (f"The candidate did not start the assessment before it expired on {moment:%Y-%m-%d %H:%M} UTC. "
              "Cancel it and send it again to give them a new link.")
    return {"assessment_id": ashby_id(data["invitation_id"]), "timestamp": millis(moment),
            "assessment_status": _datum("status", "Status", "string", "Expired"),
            "metadata": [_datum("reason", "Reason", "string", reason)]}


class AshbyCallback:
    label = "Ashby"
    hosts_setting = "ASSAY_ASHBY_CALLBACK_HOSTS"

    def __init__(self, api_key: str, hosts: str) -> None:
        self.api_key = api_key
        self.hosts = hosts

    def build(self, url: str, payload: str) -> Outgoing:
        event_type, data = event_of(payload)
        if event_type == "decision.recorded":
            made = decision_update_body(data)
        elif event_type in ("invitation.started", "invitation.expired"):
            made = status_update_body(event_type, data)
        else:
            made = update_body(data)
        body = json.dumps(made, separators=(",", ":")).encode()
        return Outgoing(body, {"authorization": basic_auth(self.api_key), "content-type": "application/json",
                               "accept": "application/json; version=1"})

    def rejected(self, status_code: int, excerpt: str) -> str | None:
        """Ashby answers errors with HTTP 200 and ``{"success": false, "errors": [...]}``."""
        try:
            answer = json.loads(excerpt)
        except ValueError:
            return "Ashby answered success: false" if re.search(r'"success"\s*:\s*false', excerpt) else None
        if isinstance(answer, dict) and answer.get("success") is False:
            return f"Ashby answered success: false: {answer.get('errors') or answer.get('errorInfo') or ''}"[:500]
        return None


def _deliveries(session: Session, invitation: Invitation) -> list[Delivery]:
    row = session.get(AshbyAssessment, invitation.id)
    if row is None or row.cancelled_at is not None:
        return []
    return [Delivery(TARGET, "POST", row.update_url)]


def _decision_deliveries(session: Session, invitation: Invitation) -> list[Delivery]:
    """A decision once the scores are final: one more assessment.update (before that, Ashby shows the
    assessment as in progress, and the completion update comes later)."""
    if not outbox.is_final(session, invitation):
        return []
    return _deliveries(session, invitation)


def _status_deliveries(session: Session, invitation: Invitation, event_type: str) -> list[Delivery]:
    """Started and expired: Ashby has a status for both (an assessment Ashby cancelled gets nothing)."""
    return _deliveries(session, invitation)


def erase_candidate(session: Session, invitation_id: str) -> None:
    """Candidate-data deletion: the link to the candidate in Ashby and the kept token."""
    row = session.get(AshbyAssessment, invitation_id)
    if row is not None:
        row.ashby_profile_url = None
        row.candidate_id = None
        row.token_enc = ""
        session.add(row)


INTEGRATION = Integration(
    name=TARGET, label="Ashby", router=router, enabled=lambda settings: bool(settings.ashby_api_key),
    callback=lambda settings, context: AshbyCallback(settings.ashby_api_key, settings.ashby_callback_hosts),
    deliveries=_deliveries, erase=erase_candidate, decision_deliveries=_decision_deliveries,
    status_deliveries=_status_deliveries)
