"""Greenhouse Assessment Partner API (HTTP Basic: an ats API key as the username, empty password),
following https://developers.greenhouse.io/assessment.html.

- ``GET  list_tests``: the assessments, as ``[{partner_test_id, partner_test_name}]``;
- ``POST send_test``: creates the invitation from Greenhouse's candidate fields and remembers the
  callback ``url``; answers ``{partner_interview_id}`` (the invitation id);
- ``GET  test_status?partner_interview_id=``: ``{partner_status, partner_profile_url, partner_score,
  metadata}``; ``complete`` once the candidate is done and every submission is graded;
- ``POST response_error``: Greenhouse reports a response it could not read; logged.

Since 2019 Greenhouse sends the callback ``url`` at the top level (before, inside ``candidate``: still
accepted); ``candidate.preferred_name``, when present, is the name the candidate is greeted by; ``sent_by``
(who clicked Send Test) goes to the audit log.

When the test is complete, ``PATCH {url}`` (no body) tells Greenhouse to ask ``test_status``; it goes
through the webhook outbox, with its retries, in the transaction that stores the final score. When a
decision is recorded on a complete test, the same PATCH goes again (with the ``decision.recorded``
event), and ``test_status``'s metadata then carries the decision, its reason, who decided and the
reviewers' scorecard summary (``partner_profile_url`` stays the reviewer's report). It carries, as
HTTP Basic, the API key Greenhouse called send_test with (Greenhouse's documentation: the same key as
on every other call; kept encrypted with the test), or ``ASSAY_GREENHOUSE_CALLBACK_KEY`` when set, so a
callback URL must name a host of
``ASSAY_GREENHOUSE_CALLBACK_HOSTS`` (send_test refuses any other; the PATCH goes nowhere else).
With ``ASSAY_SMTP_HOST`` set, Assay e-mails the candidate their link (and a reminder), as for any
invitation; without it, ``GET tests/{partner_interview_id}`` (ats; Bearer; audited) gives the
candidate's token (the link is ``{public_url}/take/{token}``) to the organisation's own mailer.

On the integrations seam (api.integrations.base): ``INTEGRATION`` (always enabled), ``GreenhouseTest``
(table ``greenhouse_tests``, migration 0002_webhooks) and ``GreenhouseCallback`` (the PATCH).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from api import audit
from api.auth import Ats, AtsBasic, TeamAdmin
from api.deps import SessionDep, SettingsDep
from api.errors import ApiError, Conflict, NotFound, Unprocessable
from api.integrations import decision
from api.integrations.base import (
    CallbackContext,
    Delivery,
    Integration,
    Outgoing,
    basic_auth,
    check_outbound_url,
    delivery_state,
    retry_failed,
    validation_problem,
)
from api.integrations.greenhouse_schemas import (
    GreenhouseTestOut,
    ResponseErrorIn,
    SendTestIn,
    SendTestOut,
    TestStatusOut,
)
from api.models import Assessment, Invitation, utcnow
from api.schemas import InvitationCreate
from api.scope import Scope
from api.services import invitations as invitation_service
from api.webhooks import outbox

log = logging.getLogger("assay.greenhouse")


class GreenhouseRoute(APIRoute):
    """Errors as Greenhouse's Assessment API documents them (its "Errors" section): 401 for an
    unsuccessful authentication with the API key (a key of another role too), 404 for what cannot be
    found; other refusals keep their status (409, 422). The body is ``{"errors": [...]}``, an array of
    strings, the shape Greenhouse itself uses when it reports errors to the partner (response_error)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as exc:
                status = 401 if exc.status == 403 else exc.status
                headers = exc.headers or ({"WWW-Authenticate": 'Basic realm="assay"'} if status == 401 else None)
                return JSONResponse({"errors": [exc.detail]}, status_code=status, headers=headers)
            except RequestValidationError as exc:
                errors = [f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg', '')}"
                          for e in exc.errors()[:10]]
                return JSONResponse({"errors": errors}, status_code=422)

        return route


router = APIRouter(prefix="/integrations/greenhouse", tags=["greenhouse"])
partner = APIRouter(route_class=GreenhouseRoute)  # the endpoints Greenhouse calls, in its error shape
TARGET = "greenhouse"  # webhook_deliveries.target of the PATCH


class GreenhouseTest(SQLModel, table=True):
    """An invitation created by Greenhouse's send_test: partner_interview_id = the invitation id."""

    __tablename__ = "greenhouse_tests"

    invitation_id: str = Field(foreign_key="invitations.id", primary_key=True)
    partner_test_id: str
    callback_url: str | None = Field(default=None, unique=True, index=True)  # PATCHed when the test is complete
    greenhouse_profile_url: str | None = None  # the link back to the candidate in Greenhouse
    token_enc: str  # the candidate's invitation token, encrypted, for the organisation's mailer
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="api_keys.id")
    callback_key_enc: str | None = None  # the API key Greenhouse called send_test with, encrypted: the PATCH's


@partner.get("/list_tests", response_model=list[GreenhouseTestOut], summary="Greenhouse: the tests (assessments)")
def list_tests(session: SessionDep, staff: AtsBasic) -> list[dict[str, str]]:
    rows = session.exec(select(Assessment).where(staff.scope.clause(Assessment.team_id))
                        .order_by(col(Assessment.created_at))).all()
    return [{"partner_test_id": a.id, "partner_test_name": a.title} for a in rows]


def _external_id(profile_url: str | None) -> str | None:
    if not profile_url:
        return None
    application = parse_qs(urlsplit(profile_url).query).get("application_id", [None])[0]
    if application and application.isdigit():
        return f"greenhouse-application-{application}"
    return None


@partner.post("/send_test", response_model=SendTestOut, summary="Greenhouse: send a test to a candidate")
def send_test(body: SendTestIn, request: Request, session: SessionDep, settings: SettingsDep,
              staff: AtsBasic) -> dict[str, str]:
    candidate = body.candidate
    callback = body.url or candidate.url
    if callback:
        check_outbound_url(request, callback, settings.greenhouse_callback_hosts, "ASSAY_GREENHOUSE_CALLBACK_HOSTS",
                           "candidate.url", "Greenhouse")
        existing = _by_callback(session, callback, staff.scope)
        if existing is not None:  # Greenhouse sent the same test again
            return {"partner_interview_id": existing.invitation_id}
    partner_test_id = str(body.partner_test_id)
    test = session.get(Assessment, partner_test_id)
    if test is None or not staff.scope.allows(test.team_id):
        raise NotFound(f"The Assay test {partner_test_id!r} does not exist (any more). Pick another test for this "
                       "stage: Greenhouse lists the current ones from list_tests.")
    name = f"{candidate.preferred_name or candidate.first_name} {candidate.last_name}".strip()  # the greeting
    try:
        create = InvitationCreate.model_validate({
            "assessment_id": partner_test_id, "candidate": {"name": name, "email": candidate.email},
            "expires_at": utcnow() + timedelta(days=settings.greenhouse_invitation_days),
            "external_id": _external_id(candidate.greenhouse_profile_url)})
    except ValidationError as exc:
        problem = validation_problem(exc)
        raise Unprocessable(f"The candidate's details cannot be used ({problem.detail}): correct them in "
                            "Greenhouse and send the test again.") from None
    invitation, token = invitation_service.create(session, create, staff.key_id, source="greenhouse",
                                                  box=request.app.state.webhook_box, scope=staff.scope)
    try:
        session.add(GreenhouseTest(
            invitation_id=invitation.id, partner_test_id=partner_test_id, callback_url=callback,
            greenhouse_profile_url=candidate.greenhouse_profile_url,
            token_enc=request.app.state.webhook_box.encrypt(token), created_by=staff.key_id,
            callback_key_enc=request.app.state.webhook_box.encrypt(key) if (key := _basic_username(request)) else None))
        session.flush()
        audit.record(session, staff, "greenhouse.test_sent", "invitation", invitation.id, request=request,
                     partner_test_id=partner_test_id, callback_host=urlsplit(callback).hostname if callback else None,
                     sent_by=body.sent_by)
        session.commit()
    except IntegrityError:  # the same send_test, committed meanwhile by a concurrent request (one per URL)
        session.rollback()
        again = _by_callback(session, callback, staff.scope) if callback else None
        if again is None:
            raise
        return {"partner_interview_id": again.invitation_id}
    return {"partner_interview_id": invitation.id}


def _basic_username(request: Request) -> str:
    """The HTTP Basic user name of the request (the API key Greenhouse authenticates with)."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        return base64.b64decode(encoded.strip()).decode().partition(":")[0]
    except ValueError:
        return ""


def _by_callback(session: Session, callback: str, scope: Scope) -> GreenhouseTest | None:
    """The test already sent with this callback URL (Greenhouse's take-home test: one per URL). One of
    another team's keys is a conflict, without its id."""
    existing = session.exec(select(GreenhouseTest).where(GreenhouseTest.callback_url == callback)).first()
    if existing is None:
        return None
    try:
        invitation_service.get(session, existing.invitation_id, scope)
    except NotFound:
        raise Conflict("url: this callback URL belongs to a test sent by another hiring team's key",
                       errors=[{"field": "url", "message": "already used by another team"}]) from None
    return existing


def _sent(session: Session, partner_interview_id: str, scope: Scope) -> tuple[GreenhouseTest, Invitation]:
    """A test sent through Greenhouse and its invitation, if in ``scope`` (else as if unknown)."""
    test = session.get(GreenhouseTest, partner_interview_id)
    try:
        if test is None:
            raise NotFound("")
        return test, invitation_service.get(session, test.invitation_id, scope)
    except NotFound:
        raise NotFound(f"Assay knows no test {partner_interview_id!r}: it may have been erased; send the test "
                       "again if needed.") from None


def _status(session: Session, partner_interview_id: str, scope: Scope) -> dict[str, Any]:
    _, invitation = _sent(session, partner_interview_id, scope)
    state = invitation_service.state(invitation)
    if state == "completed" and outbox.is_final(session, invitation):
        data = outbox.completion(session, invitation)
        decided = outbox.latest_data(session, invitation.id, "decision.recorded")
        metadata = {**data["metadata"], **(decision.metadata(decided) if decided else {})}
        return {"partner_status": "complete", "partner_profile_url": data["report_url"],
                "partner_score": data["score_percent"], "metadata": metadata}
    labels = {"invited": "sent", "started": "started", "completed": "grading", "expired": "expired",
              "revoked": "revoked"}
    answer: dict[str, Any] = {"partner_status": labels.get(state, state)}
    if state == "expired":  # with a reason a recruiter can act on
        answer["metadata"] = {"Reason": f"The candidate did not start the test before it expired on "
                                        f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC. Send the test again to "
                                        "give them a new link."}
    elif state == "revoked" and invitation.revoked_at is not None:
        answer["metadata"] = {"Reason": f"The test was revoked in Assay on {invitation.revoked_at:%Y-%m-%d %H:%M} "
                                        "UTC: the candidate's link no longer works. Send the test again if needed."}
    return answer


@partner.get("/test_status", response_model=TestStatusOut, response_model_exclude_none=True,
            summary="Greenhouse: status and score of a sent test")
def test_status(session: SessionDep, staff: AtsBasic,
                partner_interview_id: Annotated[str, Query(min_length=1, max_length=100)]) -> dict[str, Any]:
    return _status(session, partner_interview_id, staff.scope)


@partner.post("/response_error", summary="Greenhouse: a response of ours it could not read")
def response_error(body: ResponseErrorIn, request: Request, session: SessionDep, staff: AtsBasic) -> dict[str, int]:
    audit.record(session, staff, "greenhouse.response_error", "invitation", str(body.partner_interview_id or ""),
                 request=request, api_call=body.api_call)
    session.commit()
    log.warning("Greenhouse could not read our %s response (key %s): %s; test %s, interview %s",
                body.api_call, staff.key_id, "; ".join(body.errors), body.partner_test_id, body.partner_interview_id)
    return {"status": 200}


@router.get("/tests/{partner_interview_id}",
            summary="the candidate's link and token (for a mailer), the status, the PATCH delivery; audited (ats)")
def show_test(partner_interview_id: str, request: Request, session: SessionDep, settings: SettingsDep,
              staff: Ats) -> dict[str, Any]:
    test, invitation = _sent(session, partner_interview_id, staff.scope)
    shown = {
        "partner_interview_id": test.invitation_id, "partner_test_id": test.partner_test_id,
        "callback_delivery": delivery_state(session, test.invitation_id, TARGET),
        "invitation": invitation_service.out(session, invitation, settings.resolved_public_url),
        "candidate_token": request.app.state.webhook_box.decrypt(test.token_enc) if test.token_enc else None,
        "callback_url": test.callback_url, "greenhouse_profile_url": test.greenhouse_profile_url,
        **_status(session, partner_interview_id, staff.scope),
    }
    if test.token_enc:  # the candidate's credential left the server: who took it, and when
        audit.record(session, staff, "greenhouse.token_viewed", "invitation", test.invitation_id, request=request)
        session.commit()
    return shown


@router.post("/tests/{partner_interview_id}/retry",
             summary="retry the PATCHes to Greenhouse that failed for good (e.g. refused with 401 until the key "
                     "was fixed); audited (admin)")
def retry(partner_interview_id: str, request: Request, session: SessionDep, staff: TeamAdmin) -> dict[str, int]:
    test, _ = _sent(session, partner_interview_id, staff.scope)
    count = retry_failed(session, staff, request, test.invitation_id, TARGET)
    session.commit()
    return {"retried": count}


router.include_router(partner)


# ---------------------------------------------------------------------- the seam


class GreenhouseCallback:
    """Greenhouse's "PATCH - Mark Test as Completed": no body; HTTP Basic with the same API key
    Greenhouse uses on its calls to Assay (the one send_test came with, kept encrypted with the test),
    or ``ASSAY_GREENHOUSE_CALLBACK_KEY`` when set; only to ``ASSAY_GREENHOUSE_CALLBACK_HOSTS``."""

    label = "Greenhouse"
    hosts_setting = "ASSAY_GREENHOUSE_CALLBACK_HOSTS"

    def __init__(self, key: str = "", hosts: str = "greenhouse.io,*.greenhouse.io",
                 context: CallbackContext | None = None) -> None:
        self.key = key
        self.hosts = hosts
        self.context = context or CallbackContext()

    def build(self, url: str, payload: str) -> Outgoing:
        key = self.key or self._kept_key(url)
        return Outgoing(b"", {"authorization": basic_auth(key)} if key else {})

    def _kept_key(self, url: str) -> str:
        engine, box = self.context.engine, self.context.box
        if engine is None or box is None:
            return ""
        with Session(engine) as session:
            kept = session.exec(select(GreenhouseTest.callback_key_enc)
                                .where(GreenhouseTest.callback_url == url)).first()
        try:
            return box.decrypt(kept) if kept else ""
        except Exception:  # another secret key than the one it was kept with: as if none
            log.warning("the API key kept for a Greenhouse callback cannot be decrypted (ASSAY_WEBHOOK_SECRET_KEY "
                        "changed?); set ASSAY_GREENHOUSE_CALLBACK_KEY")
            return ""

    def rejected(self, status_code: int, excerpt: str) -> str | None:
        return None


def _deliveries(session: Session, invitation: Invitation) -> list[Delivery]:
    test = session.get(GreenhouseTest, invitation.id)
    if test is None or not test.callback_url:
        return []
    return [Delivery(TARGET, "PATCH", test.callback_url)]


def _decision_deliveries(session: Session, invitation: Invitation) -> list[Delivery]:
    """A decision on a complete test: the same PATCH again, so Greenhouse asks test_status, whose
    metadata now carries the decision and the reviewers' summary. Before the test is complete, nothing:
    the completion PATCH comes later and test_status then carries the latest decision."""
    if not outbox.is_final(session, invitation):
        return []
    return _deliveries(session, invitation)


def erase_candidate(session: Session, invitation_id: str) -> None:
    """Candidate-data deletion (bound by api.integrations.registry.erasers): what the Greenhouse record keeps that
    the generic scrub of name, e-mail and ATS reference does not reach."""
    test = session.get(GreenhouseTest, invitation_id)
    if test is not None:
        test.greenhouse_profile_url = None
        test.token_enc = ""
        session.add(test)


INTEGRATION = Integration(
    name=TARGET, label="Greenhouse", router=router, enabled=lambda settings: True,
    callback=lambda settings, context: GreenhouseCallback(settings.greenhouse_callback_key,
                                                          settings.greenhouse_callback_hosts, context),
    deliveries=_deliveries, erase=erase_candidate, decision_deliveries=_decision_deliveries)
