"""Webhook endpoints and deliveries (the admin API's logic): create (the secret is shown once), list,
update, enable/disable, rotate the secret with a grace period, send a test event, list attempts,
resend one event, recover every failed event since a time. Each change is audited and committed here;
deliveries re-queued are announced to the delivery workers of the session's app."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff
from api.errors import Conflict, NotFound, Unprocessable
from api.models import utcnow
from api.security import SecretBox
from api.webhooks import events as ev
from api.webhooks import outbox
from api.webhooks.guard import AddressGuard, RefusedDestination
from api.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.webhooks.schemas import (
    DeliveryOut,
    EndpointCreate,
    EndpointCreated,
    EndpointOut,
    EndpointUpdate,
    RecoverIn,
    Rotated,
    RotateIn,
)
from api.webhooks.secrets import new_webhook_secret


def url_host(url: str) -> str:
    """The host of a webhook URL, for audit records and logs (path and query may carry a secret)."""
    try:
        return urlsplit(url).hostname or "?"
    except ValueError:
        return "?"


def check_url(guard: AddressGuard, url: str) -> None:
    try:
        guard.check_url(url)
    except RefusedDestination as exc:
        raise Unprocessable(f"url: {exc}", errors=[{"field": "url", "message": str(exc)}]) from None


def endpoint_out(endpoint: WebhookEndpoint) -> EndpointOut:
    data = endpoint.model_dump(exclude={"secret_enc", "previous_secret_enc", "previous_expires_at", "created_by"})
    return EndpointOut(**data, previous_secret_expires_at=endpoint.previous_expires_at)


def get_endpoint(session: Session, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"webhook endpoint {endpoint_id!r} does not exist")
    return endpoint


def delivery_out(delivery: WebhookDelivery, event_type: str) -> DeliveryOut:
    data = delivery.model_dump(exclude={"next_attempt_at"})
    return DeliveryOut(**data, event_type=event_type,
                       next_attempt_at=delivery.next_attempt_at if delivery.status == "pending" else None)


# ---------------------------------------------------------------------- endpoints


def create_endpoint(session: Session, body: EndpointCreate, staff: Staff, request: Request, *, box: SecretBox,
                    guard: AddressGuard) -> EndpointCreated:
    """Store the endpoint; the result carries its ``whsec_`` secret, shown this once."""
    check_url(guard, body.url)
    secret = new_webhook_secret()
    endpoint = WebhookEndpoint(url=body.url, description=body.description, event_types=body.event_types,
                               enabled=body.enabled, secret_enc=box.encrypt(secret), created_by=staff.key_id)
    session.add(endpoint)
    audit.record(session, staff, "webhook.endpoint_created", "webhook_endpoint", endpoint.id, request=request,
                 host=url_host(body.url), event_types=list(body.event_types), enabled=body.enabled)
    session.commit()
    return EndpointCreated(**endpoint_out(endpoint).model_dump(), secret=secret)


def list_endpoints(session: Session) -> list[EndpointOut]:
    rows = session.exec(select(WebhookEndpoint).order_by(col(WebhookEndpoint.created_at))).all()
    return [endpoint_out(e) for e in rows]


def _set_enabled(endpoint: WebhookEndpoint, enabled: bool, reason: str | None = None) -> None:
    now = utcnow()
    if enabled and not endpoint.enabled:
        endpoint.enabled, endpoint.disabled_at, endpoint.disabled_reason = True, None, None
        endpoint.failing_since = None  # a fresh start: five more days before it can be disabled again
    elif not enabled and endpoint.enabled:
        endpoint.enabled, endpoint.disabled_at, endpoint.disabled_reason = False, now, reason or "disabled by an admin"
    endpoint.updated_at = now


def update_endpoint(session: Session, endpoint_id: str, body: EndpointUpdate, staff: Staff, request: Request, *,
                    guard: AddressGuard) -> EndpointOut:
    endpoint = get_endpoint(session, endpoint_id)
    audit.record(session, staff, "webhook.endpoint_updated", "webhook_endpoint", endpoint.id, request=request,
                 fields=sorted(body.model_dump(exclude_unset=True)),
                 host=url_host(body.url) if body.url is not None else None, enabled=body.enabled)
    if body.url is not None:
        check_url(guard, body.url)
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
    outbox.wake_all(session)
    return endpoint_out(endpoint)


def delete_endpoint(session: Session, endpoint_id: str, staff: Staff, request: Request) -> None:
    """Delete the endpoint with its deliveries and attempts."""
    endpoint = get_endpoint(session, endpoint_id)
    audit.record(session, staff, "webhook.endpoint_deleted", "webhook_endpoint", endpoint.id, request=request,
                 host=url_host(endpoint.url))
    delivery_ids = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id)
    session.exec(delete(WebhookAttempt).where(col(WebhookAttempt.delivery_id).in_(delivery_ids)))
    session.exec(delete(WebhookDelivery).where(col(WebhookDelivery.endpoint_id) == endpoint.id))
    session.delete(endpoint)
    session.commit()


def set_enabled(session: Session, endpoint_id: str, enabled: bool, staff: Staff, request: Request) -> EndpointOut:
    """Enable (its pending deliveries go out again) or disable (nothing is sent until enabled)."""
    endpoint = get_endpoint(session, endpoint_id)
    _set_enabled(endpoint, enabled)
    audit.record(session, staff, "webhook.endpoint_updated", "webhook_endpoint", endpoint.id, request=request,
                 fields=["enabled"], enabled=enabled)
    session.add(endpoint)
    session.commit()
    if enabled:
        outbox.wake_all(session)
    return endpoint_out(endpoint)


def rotate_secret(session: Session, endpoint_id: str, body: RotateIn, staff: Staff, request: Request, *,
                  box: SecretBox) -> Rotated:
    """A new secret, returned this once; the old one keeps signing for the grace period."""
    endpoint = get_endpoint(session, endpoint_id)
    now = utcnow()
    secret = new_webhook_secret()
    if body.grace_period_seconds > 0:
        endpoint.previous_secret_enc = endpoint.secret_enc
        endpoint.previous_expires_at = now + timedelta(seconds=body.grace_period_seconds)
    else:
        endpoint.previous_secret_enc, endpoint.previous_expires_at = None, None
    endpoint.secret_enc = box.encrypt(secret)
    endpoint.secret_rotated_at = endpoint.updated_at = now
    session.add(endpoint)
    audit.record(session, staff, "webhook.secret_rotated", "webhook_endpoint", endpoint.id, request=request,
                 grace_period_seconds=body.grace_period_seconds)
    session.commit()
    return Rotated(secret=secret, previous_secret_expires_at=endpoint.previous_expires_at)


def send_test(session: Session, endpoint_id: str) -> DeliveryOut:
    """Emit a ``test`` event to this endpoint only; returns its delivery."""
    endpoint = get_endpoint(session, endpoint_id)
    if not endpoint.enabled:
        raise Conflict("this endpoint is disabled; enable it first")
    event = outbox.emit(session, "test", {"endpoint_id": endpoint.id, "message": "a test event from Assay"},
                        only_endpoint=endpoint.id)
    assert event is not None
    delivery = session.exec(select(WebhookDelivery).where(WebhookDelivery.event_id == event.id)).one()
    session.commit()
    return delivery_out(delivery, event.type)


# ---------------------------------------------------------------------- attempts and deliveries


def list_attempts(session: Session, endpoint_id: str, *, status: str | None, event_id: str | None,
                  before: int | None, limit: int) -> list[WebhookAttempt]:
    """Attempts to this endpoint, newest first (``status``: failed or succeeded; ``before``: id cursor)."""
    get_endpoint(session, endpoint_id)
    query = select(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint_id)
    if status is not None:
        query = query.where(col(WebhookAttempt.success).is_(status == "succeeded"))
    if event_id is not None:
        query = query.where(WebhookAttempt.event_id == event_id)
    if before is not None:
        query = query.where(col(WebhookAttempt.id) < before)
    return list(session.exec(query.order_by(col(WebhookAttempt.id).desc()).limit(limit)).all())


def list_deliveries(session: Session, endpoint_id: str, *, status: str | None, limit: int) -> list[DeliveryOut]:
    """Deliveries to this endpoint, newest first."""
    get_endpoint(session, endpoint_id)
    query = (select(WebhookDelivery, WebhookEvent.type)
             .join(WebhookEvent, col(WebhookEvent.id) == col(WebhookDelivery.event_id))
             .where(WebhookDelivery.endpoint_id == endpoint_id))
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    rows = session.exec(query.order_by(col(WebhookDelivery.id).desc()).limit(limit)).all()
    return [delivery_out(d, t) for d, t in rows]


def _requeue(session: Session, delivery_ids: list[int], trigger: str) -> int:
    if not delivery_ids:
        return 0
    result = session.exec(update(WebhookDelivery).where(col(WebhookDelivery.id).in_(delivery_ids))
                          .values(status="pending", tries=0, trigger=trigger, next_attempt_at=utcnow(),
                                  locked_until=None, claim=None, updated_at=utcnow()))
    return int(result.rowcount)


def _enabled_endpoint(session: Session, endpoint_id: str) -> WebhookEndpoint:
    endpoint = get_endpoint(session, endpoint_id)
    if not endpoint.enabled:
        raise Conflict("this endpoint is disabled; enable it first (POST .../enable)")
    return endpoint


def resend(session: Session, endpoint_id: str, event_id: str, staff: Staff, request: Request) -> DeliveryOut:
    """Send one event to this endpoint again, with the same webhook-id; returns the delivery."""
    endpoint = _enabled_endpoint(session, endpoint_id)
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
    outbox.wake_all(session)
    return delivery_out(delivery, event.type)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def recover(session: Session, endpoint_id: str, body: RecoverIn, staff: Staff, request: Request) -> dict[str, int]:
    """Send again every failed (or skipped while disabled) delivery to this endpoint since a time."""
    endpoint = _enabled_endpoint(session, endpoint_id)
    since = _aware(body.since)
    query = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id,
                                             col(WebhookDelivery.status).in_(("failed", "skipped")),
                                             WebhookDelivery.created_at >= since)
    if body.until is not None:
        query = query.where(WebhookDelivery.created_at <= _aware(body.until))
    count = _requeue(session, [i for i in session.exec(query).all() if i is not None], "recover")
    audit.record(session, staff, "webhook.redelivered", "webhook_endpoint", endpoint.id, request=request,
                 deliveries=count, since=since.isoformat())
    session.commit()
    outbox.wake_all(session)
    return {"deliveries": count}


def event_types() -> list[dict[str, Any]]:
    """Each event type with its description and the JSON Schema of its envelope."""
    return [{"type": t, "description": d, "schema": ev._envelope_schema(t)} for t, (_m, d) in ev.EVENT_TYPES.items()]
