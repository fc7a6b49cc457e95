"""The integrations seam: what an applicant tracking system (ATS) integration is, and the pieces
every integration shares.

An integration is one module under ``api/integrations/`` that exposes ``INTEGRATION``, an
``Integration``:

- ``router``: the FastAPI router the ATS calls (under ``/integrations/<name>/``), included by
  ``api.app`` when ``enabled(settings)`` holds;
- ``callback(settings, context)``: a ``Callback``, how its result request to the ATS is built from the
  ``invitation.completed`` event and where it may go. The request itself is a row of the webhook
  outbox (``webhook_deliveries``, ``target = <name>``) written in the transaction that stores the
  final score, and is sent, retried and recorded by the webhook delivery worker like any webhook;
- ``deliveries(session, invitation)``: the result requests due when that invitation completes
  (read from the integration's own table, so no setting is needed to find them);
- ``decision_deliveries(session, invitation)``: the requests due when a decision on it is recorded
  (``decision.recorded``; the callback's ``build`` tells the events apart by the payload's type);
- ``status_deliveries(session, invitation, event_type)``: the requests telling the ATS the invitation
  was started (``invitation.started``) or expired unstarted (``invitation.expired``), where it has a
  status for that;
- ``erase(session, invitation_id)``: what candidate-data deletion must clear in its own table;
- its settings: ``ASSAY_<NAME>_*`` variables (a ``BaseModel`` mixed into ``api.settings.Settings``,
  see ``api.integrations.settings``).

``api.integrations.registry`` lists the integrations and wires them in one place.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import httpx
from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api import audit
from api.errors import ApiError, Unprocessable
from api.models import Invitation, utcnow
from api.security import SecretBox
from api.webhooks import outbox as webhook_outbox
from api.webhooks.deadline import attempt_deadline, deadline_transport
from api.webhooks.guard import AddressGuard, RefusedDestination, host_allowed, redacted
from api.webhooks.models import WebhookDelivery, WebhookEvent


@dataclass(frozen=True)
class Delivery:
    """One result request due when an invitation completes: a row of the webhook outbox."""

    target: str  # the integration's name
    method: str
    url: str


@dataclass
class Outgoing:
    """The body and headers of one result request (the worker adds Host and User-Agent)."""

    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class Callback(Protocol):
    """How the delivery worker sends an integration's result request."""

    label: str  # for messages: "Greenhouse"
    hosts: str  # comma-separated host patterns the request may go to (it carries a credential)
    hosts_setting: str  # the variable that sets them, for messages

    def build(self, url: str, payload: str) -> Outgoing:
        """The request for the event ``payload`` (the exact JSON of the invitation.completed event)."""

    def rejected(self, status_code: int, excerpt: str) -> str | None:
        """Why a 2xx answer is still a failure (e.g. ``{"success": false}``), or None."""


CompletionDeliveries = Callable[[Session, Invitation], list[Delivery]]
Eraser = Callable[[Session, str], None]
StatusDeliveries = Callable[[Session, Invitation, str], list[Delivery]]  # (..., "invitation.started"|"...expired")


@dataclass(frozen=True)
class CallbackContext:
    """What a callback may read when it builds a request: the database (e.g. the credential kept with
    the ATS's record) and the box its secrets are encrypted with."""

    engine: Engine | None = None
    box: SecretBox | None = None


@dataclass(frozen=True)
class Integration:
    name: str
    label: str
    router: APIRouter
    enabled: Callable[[Any], bool]
    callback: Callable[[Any, CallbackContext], Callback]
    deliveries: CompletionDeliveries
    erase: Eraser
    decision_deliveries: CompletionDeliveries = field(default=lambda session, invitation: [])
    status_deliveries: StatusDeliveries = field(default=lambda session, invitation, event_type: [])


def basic_auth(username: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def completed_data(payload: str) -> dict[str, Any]:
    """The ``data`` of an invitation.completed event payload."""
    return json.loads(payload)["data"]


def event_of(payload: str) -> tuple[str, dict[str, Any]]:
    """The type and ``data`` of an event payload (invitation.completed or decision.recorded)."""
    body = json.loads(payload)
    return str(body["type"]), dict(body["data"])


def check_outbound_url(request: Request, url: str, hosts: str, hosts_setting: str, field_name: str,
                       label: str) -> None:
    """Refuse (422) a URL the credential-carrying request may not go to: a private address (the
    webhook guard) or a host outside the integration's allow-list."""
    guard: AddressGuard = request.app.state.webhook_guard
    try:
        guard.check_url(url)
    except RefusedDestination as exc:
        raise Unprocessable(f"{field_name}: {exc}", errors=[{"field": field_name, "message": str(exc)}]) from None
    if not host_allowed(url, hosts):
        from urllib.parse import urlsplit

        message = (f"the callback host {urlsplit(url).hostname!r} is not one of {hosts_setting} "
                   f"(the {label} credential is sent only there)")
        raise Unprocessable(f"{field_name}: {message}", errors=[{"field": field_name, "message": message}])


def validation_problem(exc: ValidationError, prefix: str = "") -> Unprocessable:
    """A pydantic error as a 422 problem listing every field."""
    errors = [{"field": prefix + ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
    return Unprocessable("; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)


def delivery_state(session: Session, invitation_id: str, target: str,
                   event_type: str = "invitation.completed") -> dict[str, Any] | None:
    """The integration's latest request for this invitation's ``event_type``, as shown to the ats role."""
    row = session.exec(
        select(WebhookDelivery).join(WebhookEvent, col(WebhookEvent.id) == WebhookDelivery.event_id)
        .where(WebhookEvent.invitation_id == invitation_id, WebhookDelivery.target == target,
               WebhookEvent.type == event_type).order_by(col(WebhookDelivery.id).desc())).first()
    if row is None:
        return None
    return {"status": row.status, "tries": row.tries, "last_status_code": row.last_status_code,
            "last_error": row.last_error, "succeeded_at": row.succeeded_at,
            "next_attempt_at": row.next_attempt_at if row.status == "pending" else None}


def retry_failed(session: Session, staff: Any, request: Request, invitation_id: str, target: str) -> int:
    """An admin retries the integration's failed requests for an invitation (e.g. refused with HTTP 401
    until the key was fixed): each goes back to the outbox for a new round of attempts (audited as
    ``webhook.redelivered``). Returns how many."""
    rows = session.exec(
        select(WebhookDelivery).join(WebhookEvent, col(WebhookEvent.id) == WebhookDelivery.event_id)
        .where(WebhookEvent.invitation_id == invitation_id, WebhookDelivery.target == target,
               WebhookDelivery.status == "failed")).all()
    now = utcnow()
    for row in rows:
        row.status, row.tries, row.trigger, row.next_attempt_at, row.updated_at = "pending", 0, "resend", now, now
        row.locked_until, row.claim = None, None
        session.add(row)
    if rows:
        audit.record(session, staff, "webhook.redelivered", "invitation", invitation_id, request=request,
                     target=target, deliveries=len(rows))
        outbox = webhook_outbox.of(session)
        if outbox.on_pending is not None:  # the distributed executor: a delivery job with the commit
            outbox.on_pending(session)
        outbox.wakeups.after_commit(session)
    return len(rows)


def millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def fetch_json(request: Request, url: str, *, hosts: str, hosts_setting: str, label: str,
               headers: dict[str, str], timeout_s: float) -> Any:
    """GET an ATS API resource while handling a request (e.g. Lever's opportunity behind a webhook):
    through the address guard, pinned to the checked address, only to an allow-listed host, within
    ``timeout_s`` in all. Any failure is a 502 problem, so the ATS may send its request again."""

    def bad_gateway(message: str) -> ApiError:
        return ApiError(f"{label} API: {message}", status=502, title="Bad gateway")

    if not host_allowed(url, hosts):
        raise bad_gateway(f"{redacted(url)} is not a host of {hosts_setting}")
    guard: AddressGuard = request.app.state.webhook_guard
    try:
        target = guard.target(url)
    except RefusedDestination as exc:
        raise bad_gateway(f"refused: {exc}") from None
    extensions = {"sni_hostname": target.sni_hostname} if target.sni_hostname else {}
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout_s), follow_redirects=False, trust_env=False,
                          transport=deadline_transport(httpx.Limits(max_connections=1))) as client, \
                attempt_deadline(timeout_s):
            response = client.get(target.url, headers={**headers, "host": target.host_header,
                                                       "accept": "application/json"}, extensions=extensions)
    except httpx.HTTPError as exc:
        raise bad_gateway(f"{type(exc).__name__} from {redacted(url)}") from None
    if response.status_code != 200:
        raise bad_gateway(f"{redacted(url)} answered HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise bad_gateway(f"{redacted(url)} answered no JSON") from None
