"""Request and response bodies of the webhook admin API, the events API and Greenhouse."""

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


# ---------------------------------------------------------------------- Greenhouse Assessment Partner API


class GreenhouseTestOut(BaseModel):
    partner_test_id: str
    partner_test_name: str


class GreenhouseCandidate(BaseModel):
    model_config = ConfigDict(extra="allow")
    first_name: str = Field(min_length=1, max_length=200)
    last_name: str = Field("", max_length=200)
    email: str = Field(min_length=3, max_length=320)
    resume_url: str | None = Field(None, max_length=2000)
    phone_number: str | None = Field(None, max_length=100)
    greenhouse_profile_url: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000, description="where the PATCH Completed Test goes")


class SendTestIn(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "partner_test_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b",
        "candidate": {"first_name": "Harry", "last_name": "Potter", "email": "hpotter@example.com",
                      "phone_number": "123-456-7890", "resume_url": "https://files.example.invalid/resume",
                      "greenhouse_profile_url": "https://app.greenhouse.io/people/17681532?application_id=26234709",
                      "url": "https://greenhouse.example.invalid/integrations/testing_partners/take_home_tests/12345"}}]})
    partner_test_id: str | int
    candidate: GreenhouseCandidate
    url: str | None = Field(None, max_length=2000, description="the callback URL, when sent beside the candidate")


class SendTestOut(BaseModel):
    partner_interview_id: str


class TestStatusOut(BaseModel):
    partner_status: str = Field(description="'complete' once final scores exist; else sent, started, expired, revoked")
    partner_profile_url: str | None = None
    partner_score: float | None = None
    metadata: dict[str, str | int | float | bool | None] | None = None


class ResponseErrorIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    api_call: str = Field(max_length=100)
    errors: list[str] = Field(default_factory=list, max_length=100)
    partner_test_id: str | int | None = None
    partner_test_name: str | None = None
    partner_interview_id: str | int | None = None
    candidate_email: str | None = None
