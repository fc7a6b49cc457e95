"""Request and response bodies of the webhook admin API and the events API (the ATS integrations'
bodies are in api.integrations)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.webhooks import events as ev


class EndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"url": "https://ats.example.invalid/hooks/assay", "event_types": ["invitation.completed", "submission.*"],
         "description": "ATS"}]})
    url: str = Field(min_length=8, max_length=2000, description="http(s) URL that receives POSTs")
    event_types: list[str] = Field(default_factory=list, max_length=50,
                                   description="types to receive; empty: all; 'submission.*' a family")
    description: str = Field("", max_length=500)
    enabled: bool = True

    @field_validator("event_types")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        unknown = [t for t in value if not ev.valid_subscription(t)]
        if unknown:
            raise ValueError(f"unknown event type(s): {', '.join(unknown)}; known: {', '.join(ev.SUBSCRIBABLE)}")
        return list(dict.fromkeys(value))


class EndpointUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None = Field(None, min_length=8, max_length=2000)
    event_types: list[str] | None = Field(None, max_length=50)
    description: str | None = Field(None, max_length=500)
    enabled: bool | None = None

    @field_validator("event_types")
    @classmethod
    def _types(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else EndpointCreate._types(value)


class EndpointOut(BaseModel):
    id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    disabled_at: datetime | None
    failing_since: datetime | None
    last_success_at: datetime | None
    secret_rotated_at: datetime | None
    previous_secret_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


class EndpointCreated(EndpointOut):
    secret: str = Field(description="the whsec_ signing secret; shown once")


class RotateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grace_period_seconds: int = Field(24 * 3600, ge=0, le=7 * 24 * 3600,
                                      description="the old secret also signs until then")


class Rotated(BaseModel):
    secret: str = Field(description="the new whsec_ secret; shown once")
    previous_secret_expires_at: datetime | None


class RecoverIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    since: datetime = Field(description="resend failed (and skipped while disabled) deliveries created since then")
    until: datetime | None = None


class DeliveryOut(BaseModel):
    id: int
    event_id: str
    event_type: str
    endpoint_id: str | None
    target: str
    status: Literal["pending", "succeeded", "failed", "skipped"]
    tries: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    succeeded_at: datetime | None


class AttemptOut(BaseModel):
    id: int
    delivery_id: int
    event_id: str
    event_type: str
    url: str
    attempted_at: datetime
    success: bool
    status_code: int | None
    duration_ms: float
    response_excerpt: str
    error: str | None
    trigger: str


class Recovered(BaseModel):
    deliveries: int = Field(description="deliveries queued again")


class EventOut(BaseModel):
    id: str = Field(description="the webhook-id")
    seq: int = Field(description="cursor: pass it as `after` for the next page")
    type: str
    timestamp: datetime
    data: dict[str, Any]


class EventPage(BaseModel):
    items: list[EventOut]
    next_after: int | None = Field(description="`after` for the next page; null when this page is the last")


class EventTypeOut(BaseModel):
    type: str
    description: str
    schema_: dict[str, Any] = Field(alias="schema")
