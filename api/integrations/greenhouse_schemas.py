"""Request and response bodies of Greenhouse's Assessment Partner API (api.integrations.greenhouse).

https://developers.greenhouse.io/assessment.html (list_tests, send_test, test_status, response_error)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class GreenhouseTestOut(BaseModel):
    partner_test_id: str
    partner_test_name: str


class GreenhouseCandidate(BaseModel):
    model_config = ConfigDict(extra="allow")
    first_name: str = Field(min_length=1, max_length=200)
    preferred_name: str | None = Field(None, max_length=200, description="the name the candidate goes by: the "
                                       "greeting uses it when present")
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
    url: str | None = Field(None, max_length=2000, description="the callback URL (Greenhouse sends it here, beside "
                            "the candidate, since 2019; inside candidate before: both accepted)")
    sent_by: str | None = Field(None, max_length=320, description="who sent the test in Greenhouse (audited)")


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
