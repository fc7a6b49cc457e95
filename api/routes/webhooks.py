"""Webhook endpoints and deliveries (admin): create (the secret is shown once), list, update,
enable/disable, rotate the secret with a grace period, send a test event, list attempts, resend one
event, recover every failed event since a time."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy import delete, update
from sqlmodel import Session, select

from api import audit
from api.auth import Admin
from api.deps import MAX_INT, SessionDep
from api.errors import Conflict, NotFound, Unprocessable
from api.models import utcnow
from api.security import SecretBox
from api.webhooks import events as ev
from api.webhooks import outbox
from api.webhooks.guard import AddressGuard, RefusedDestination
from api.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.webhooks.schemas import (
    AttemptOut,
    DeliveryOut,
    EndpointCreate,
    EndpointCreated,
    EndpointOut,
    EndpointUpdate,
    EventTypeOut,
    Recovered,
    RecoverIn,
    Rotated,
    RotateIn,
)
from api.webhooks.secrets import new_webhook_secret

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


def url_host(url: str) -> str:
    """The host of a webhook URL, for audit records and logs (path and query may carry a secret)."""
    try:
        return urlsplit(url).hostname or "?"
    except ValueError:
        return "?"


def _box(request: Request) -> SecretBox:
    return request.app.state.webhook_box


def _check_url(request: Request, url: str) -> None:
    guard: AddressGuard = request.app.state.webhook_guard
    try:
        guard.check_url(url)
    except RefusedDestination as exc:
        raise Unprocessable(f"url: {exc}", errors=[{"field": "url", "message": str(exc)}]) from None


def endpoint_out(endpoint: WebhookEndpoint) -> dict[str, Any]:
    data = endpoint.model_dump(exclude={"secret_enc", "previous_secret_enc", "previous_expires_at", "created_by"})
    data["previous_secret_expires_at"] = endpoint.previous_expires_at
    return data


def get_endpoint(session: Session, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"webhook endpoint {endpoint_id!r} does not exist")
    return endpoint


def _delivery_out(delivery: WebhookDelivery, event_type: str) -> dict[str, Any]:
    return {**delivery.model_dump(), "event_type": event_type,
            "next_attempt_at": delivery.next_attempt_at if delivery.status == "pending" else None}


@router.post("/endpoints", status_code=status.HTTP_201_CREATED, response_model=EndpointCreated,
             summary="add an endpoint; the response carries its whsec_ secret, shown once (admin)")
def create_endpoint(body: EndpointCreate, request: Request, session: SessionDep, staff: Admin) -> dict[str, Any]:
    _check_url(request, body.url)
    secret = new_webhook_secret()
    endpoint = WebhookEndpoint(url=body.url, description=body.description, event_types=body.event_types,
                               enabled=body.enabled, secret_enc=_box(request).encrypt(secret), created_by=staff.key_id)
    session.add(endpoint)
    audit.record(session, staff, "webhook.endpoint_created", "webhook_endpoint", endpoint.id, request=request,
                 host=url_host(body.url), event_types=list(body.event_types), enabled=body.enabled)
    session.commit()
    return {**endpoint_out(endpoint), "secret": secret}


@router.get("/endpoints", response_model=list[EndpointOut], summary="list endpoints (admin)")
def list_endpoints(session: SessionDep, _: Admin) -> list[dict[str, Any]]:
    rows = session.exec(select(WebhookEndpoint).order_by(WebhookEndpoint.created_at)).all()
    return [endpoint_out(e) for e in rows]


@router.get("/endpoints/{endpoint_id}", response_model=EndpointOut, summary="show an endpoint (admin)")
def show_endpoint(endpoint_id: str, session: SessionDep, _: Admin) -> dict[str, Any]:
    return endpoint_out(get_endpoint(session, endpoint_id))


def _set_enabled(endpoint: WebhookEndpoint, enabled: bool, reason: str | None = None) -> None:
    now = utcnow()
    if enabled and not endpoint.enabled:
        endpoint.enabled, endpoint.disabled_at, endpoint.disabled_reason = True, None, None
        endpoint.failing_since = None  # a fresh start: five more days before it can be disabled again
    elif not enabled and endpoint.enabled:
        endpoint.enabled, endpoint.disabled_at, endpoint.disabled_reason = False, now, reason or "disabled by an admin"
    endpoint.updated_at = now


@router.patch("/endpoints/{endpoint_id}", response_model=EndpointOut,
              summary="change url, event types, description, enabled (admin)")
def update_endpoint(endpoint_id: str, body: EndpointUpdate, request: Request, session: SessionDep,
                    staff: Admin) -> dict[str, Any]:
    endpoint = get_endpoint(session, endpoint_id)
    audit.record(session, staff, "webhook.endpoint_updated", "webhook_endpoint", endpoint.id, request=request,
                 fields=sorted(body.model_dump(exclude_unset=True)),
                 host=url_host(body.url) if body.url is not None else None, enabled=body.enabled)
    if body.url is not None:
        _check_url(request, body.url)
        endpoint.url = body.url
    if body.event_types is not None:
        endpoint.event_types = body.event_types
    if body.description is not None:
        endpoint.description = body.description
    if body.enabled is not None:
        _set_enabled(endpoint, body.enabled)
    endpoint.updated_at = utcnow()
    session.add(endpoint)
    session.commit()
    outbox.wake_all()
    return endpoint_out(endpoint)


@router.delete("/endpoints/{endpoint_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="delete an endpoint with its deliveries and attempts (admin)")
def delete_endpoint(endpoint_id: str, request: Request, session: SessionDep, staff: Admin) -> Response:
    endpoint = get_endpoint(session, endpoint_id)
    audit.record(session, staff, "webhook.endpoint_deleted", "webhook_endpoint", endpoint.id, request=request,
                 host=url_host(endpoint.url))
    delivery_ids = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id)
    session.exec(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(delivery_ids)))  # type: ignore[call-overload,attr-defined]
    session.exec(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))  # type: ignore[call-overload]
    session.delete(endpoint)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/endpoints/{endpoint_id}/enable", response_model=EndpointOut,
             summary="re-enable an endpoint; its pending deliveries go out again (admin)")
def enable_endpoint(endpoint_id: str, request: Request, session: SessionDep, staff: Admin) -> dict[str, Any]:
    endpoint = get_endpoint(session, endpoint_id)
    _set_enabled(endpoint, True)
    audit.record(session, staff, "webhook.endpoint_updated", "webhook_endpoint", endpoint.id, request=request,
                 fields=["enabled"], enabled=True)
    session.add(endpoint)
    session.commit()
    outbox.wake_all()
    return endpoint_out(endpoint)


@router.post("/endpoints/{endpoint_id}/disable", response_model=EndpointOut,
             summary="disable an endpoint: nothing is sent until it is enabled (admin)")
def disable_endpoint(endpoint_id: str, request: Request, session: SessionDep, staff: Admin) -> dict[str, Any]:
    endpoint = get_endpoint(session, endpoint_id)
    _set_enabled(endpoint, False)
    audit.record(session, staff, "webhook.endpoint_updated", "webhook_endpoint", endpoint.id, request=request,
                 fields=["enabled"], enabled=False)
    session.add(endpoint)
    session.commit()
    return endpoint_out(endpoint)


@router.post("/endpoints/{endpoint_id}/rotate", response_model=Rotated,
             summary="new secret, shown once; the old one keeps signing for the grace period (admin)")
def rotate_secret(endpoint_id: str, request: Request, session: SessionDep, staff: Admin,
                  body: RotateIn | None = None) -> dict[str, Any]:
    body = body or RotateIn()
    endpoint = get_endpoint(session, endpoint_id)
    now = utcnow()
    secret = new_webhook_secret()
    if body.grace_period_seconds > 0:
        endpoint.previous_secret_enc = endpoint.secret_enc
        endpoint.previous_expires_at = now + timedelta(seconds=body.grace_period_seconds)
    else:
        endpoint.previous_secret_enc, endpoint.previous_expires_at = None, None
    endpoint.secret_enc = _box(request).encrypt(secret)
    endpoint.secret_rotated_at = endpoint.updated_at = now
    session.add(endpoint)
    audit.record(session, staff, "webhook.secret_rotated", "webhook_endpoint", endpoint.id, request=request,
                 grace_period_seconds=body.grace_period_seconds)
    session.commit()
    return {"secret": secret, "previous_secret_expires_at": endpoint.previous_expires_at}


@router.post("/endpoints/{endpoint_id}/test", status_code=status.HTTP_202_ACCEPTED, response_model=DeliveryOut,
             summary="send a `test` event to this endpoint (admin)")
def send_test(endpoint_id: str, session: SessionDep, _: Admin) -> dict[str, Any]:
    endpoint = get_endpoint(session, endpoint_id)
    if not endpoint.enabled:
        raise Conflict("this endpoint is disabled; enable it first")
    event = outbox.emit(session, "test", {"endpoint_id": endpoint.id, "message": "a test event from Assay"},
                        only_endpoint=endpoint.id)
    assert event is not None
    delivery = session.exec(select(WebhookDelivery).where(WebhookDelivery.event_id == event.id)).one()
    session.commit()
    return _delivery_out(delivery, event.type)


@router.get("/endpoints/{endpoint_id}/attempts", response_model=list[AttemptOut],
            summary="delivery attempts to this endpoint, newest first; status=failed for failures (admin)")
def list_attempts(endpoint_id: str, session: SessionDep, _: Admin,
                  status_: Annotated[str | None, Query(alias="status", pattern="^(failed|succeeded)$")] = None,
                  event_id: str | None = None,
                  before: Annotated[int | None, Query(ge=1, le=MAX_INT, description="attempt id cursor")] = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[WebhookAttempt]:
    get_endpoint(session, endpoint_id)
    query = select(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint_id)
    if status_ is not None:
        query = query.where(WebhookAttempt.success.is_(status_ == "succeeded"))  # type: ignore[attr-defined]
    if event_id is not None:
        query = query.where(WebhookAttempt.event_id == event_id)
    if before is not None:
        query = query.where(WebhookAttempt.id < before)  # type: ignore[operator]
    return list(session.exec(query.order_by(WebhookAttempt.id.desc()).limit(limit)).all())  # type: ignore[union-attr]


@router.get("/endpoints/{endpoint_id}/deliveries", response_model=list[DeliveryOut],
            summary="deliveries to this endpoint, newest first (admin)")
def list_deliveries(endpoint_id: str, session: SessionDep, _: Admin,
                    status_: Annotated[str | None, Query(alias="status",
                                                         pattern="^(pending|succeeded|failed|skipped)$")] = None,
                    limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict[str, Any]]:
    get_endpoint(session, endpoint_id)
    query = (select(WebhookDelivery, WebhookEvent.type).join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)  # type: ignore[arg-type]
             .where(WebhookDelivery.endpoint_id == endpoint_id))
    if status_ is not None:
        query = query.where(WebhookDelivery.status == status_)
    rows = session.exec(query.order_by(WebhookDelivery.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    return [_delivery_out(d, t) for d, t in rows]


def _requeue(session: Session, delivery_ids: list[int], trigger: str) -> int:
    if not delivery_ids:
        return 0
    result = session.exec(update(WebhookDelivery).where(WebhookDelivery.id.in_(delivery_ids))  # type: ignore[call-overload,union-attr]
                          .values(status="pending", tries=0, trigger=trigger, next_attempt_at=utcnow(),
                                  locked_until=None, claim=None, updated_at=utcnow()))
    return int(result.rowcount)


@router.post("/endpoints/{endpoint_id}/resend/{event_id}", status_code=status.HTTP_202_ACCEPTED,
             response_model=DeliveryOut, summary="send one event to this endpoint again, same webhook-id (admin)")
def resend(endpoint_id: str, event_id: str, request: Request, session: SessionDep, staff: Admin) -> dict[str, Any]:
    endpoint = get_endpoint(session, endpoint_id)
    if not endpoint.enabled:
        raise Conflict("this endpoint is disabled; enable it first (POST .../enable)")
    event = session.exec(select(WebhookEvent).where(WebhookEvent.id == event_id)).first()
    if event is None:
        raise NotFound(f"event {event_id!r} does not exist")
    delivery = session.exec(select(WebhookDelivery).where(WebhookDelivery.event_id == event.id,
                                                          WebhookDelivery.endpoint_id == endpoint.id)).first()
    if delivery is None:  # the endpoint was not subscribed (or did not exist) then: deliver it now
        delivery = WebhookDelivery(event_id=event.id, endpoint_id=endpoint.id, trigger="resend")
        session.add(delivery)
        session.flush()
    else:
        assert delivery.id is not None
        _requeue(session, [delivery.id], "resend")
    audit.record(session, staff, "webhook.redelivered", "webhook_endpoint", endpoint.id, request=request,
                 event_id=event.id)
    session.commit()
    session.refresh(delivery)
    outbox.wake_all()
    return _delivery_out(delivery, event.type)


@router.post("/endpoints/{endpoint_id}/recover", status_code=status.HTTP_202_ACCEPTED, response_model=Recovered,
             summary="send again every failed (or skipped while disabled) event since a time (admin)")
def recover(endpoint_id: str, body: RecoverIn, request: Request, session: SessionDep, staff: Admin) -> dict[str, int]:
    endpoint = get_endpoint(session, endpoint_id)
    if not endpoint.enabled:
        raise Conflict("this endpoint is disabled; enable it first (POST .../enable)")
    since = body.since if body.since.tzinfo else body.since.replace(tzinfo=utcnow().tzinfo)
    query = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id,
                                             WebhookDelivery.status.in_(("failed", "skipped")),  # type: ignore[attr-defined]
                                             WebhookDelivery.created_at >= since)
    if body.until is not None:
        until = body.until if body.until.tzinfo else body.until.replace(tzinfo=utcnow().tzinfo)
        query = query.where(WebhookDelivery.created_at <= until)
    count = _requeue(session, [i for i in session.exec(query).all() if i is not None], "recover")
    audit.record(session, staff, "webhook.redelivered", "webhook_endpoint", endpoint.id, request=request,
                 deliveries=count, since=since.isoformat())
    session.commit()
    outbox.wake_all()
    return {"deliveries": count}


@router.get("/event-types", response_model=list[EventTypeOut], summary="event types and their JSON Schemas (admin)")
def event_types(_: Admin) -> list[dict[str, Any]]:
    return [{"type": t, "description": d, "schema": ev._envelope_schema(t)} for t, (_m, d) in ev.EVENT_TYPES.items()]
