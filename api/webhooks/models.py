"""Webhook tables: endpoints, events (the outbox), deliveries (one per event and target), attempts.
Created by migration 0002_webhooks (which also made the Greenhouse table, now in
api.integrations.greenhouse)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models import new_id, utcnow


class WebhookEndpoint(SQLModel, table=True):
    __tablename__ = "webhook_endpoints"

    id: str = Field(default_factory=lambda: "ep_" + new_id(), primary_key=True)
    url: str
    description: str = ""
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # [] = all
    enabled: bool = True
    disabled_reason: str | None = None
    disabled_at: datetime | None = None
    failing_since: datetime | None = None  # first failure after the last success
    last_success_at: datetime | None = None
    secret_enc: str  # the whsec_ secret, encrypted (Fernet)
    previous_secret_enc: str | None = None  # the secret before the last rotation, signed with until...
    previous_expires_at: datetime | None = None  # ...the end of the grace period
    secret_rotated_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="api_keys.id")


class WebhookEvent(SQLModel, table=True):
    """One event; ``payload`` is the exact JSON body sent ({type, timestamp, data}), so every
    attempt and resend carries the same bytes under the same ``webhook-id`` (``id``)."""

    __tablename__ = "webhook_events"

    seq: int | None = Field(default=None, primary_key=True)  # the pull API's cursor
    id: str = Field(unique=True)  # msg_...: the webhook-id
    type: str = Field(index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    invitation_id: str | None = Field(default=None, index=True)
    subject_id: str | None = Field(default=None, index=True)  # the submission, for submission.* events
    dedup_key: str | None = Field(default=None, unique=True)  # one invitation.completed/expired each
    payload: str = Field(sa_column=Column(Text, nullable=False))


class WebhookDelivery(SQLModel, table=True):
    """Sending one event to one target: a subscribed endpoint, or an ATS integration's result request
    (``target`` = the integration's name, e.g. greenhouse, lever, ashby; ``url`` its URL)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "endpoint_id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(foreign_key="webhook_events.id", index=True)
    endpoint_id: str | None = Field(default=None, foreign_key="webhook_endpoints.id", index=True)
    target: str = "endpoint"  # endpoint, or an integration's name (api.integrations)
    url: str | None = None  # an integration's request URL
    method: str = "POST"
    status: str = "pending"  # pending, succeeded, failed (retries exhausted or 410), skipped (endpoint disabled)
    tries: int = 0  # attempts in the current round (the retry schedule's position)
    trigger: str = "event"  # what started the current round: event, resend, recover
    next_attempt_at: datetime = Field(default_factory=utcnow)
    locked_until: datetime | None = None  # a worker's lease
    claim: str | None = None
    last_status_code: int | None = None
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    succeeded_at: datetime | None = None


class WebhookAttempt(SQLModel, table=True):
    __tablename__ = "webhook_attempts"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="webhook_deliveries.id", index=True)
    endpoint_id: str | None = Field(default=None, index=True)
    event_id: str = Field(index=True)
    event_type: str
    url: str
    attempted_at: datetime = Field(default_factory=utcnow, index=True)
    success: bool = False
    status_code: int | None = None
    duration_ms: float = 0.0
    response_excerpt: str = ""
    error: str | None = None
    trigger: str = "scheduled"  # scheduled, retry, resend, recover
