"""Event types and their payloads. Every payload is the Standard Webhooks envelope
``{"type", "timestamp", "data"}``; ``data`` follows the model below for its type. Payloads carry
identifiers, states and scores: never source code, never test data, and stay under 20 KB.

``python -m api.webhooks.events`` prints docs/webhooks.md's event reference (examples and JSON Schemas).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_PAYLOAD_BYTES = 20_000
Primitive = str | int | float | bool | None


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Candidate(Data):
    name: str
    email: str


class InvitationData(Data):
    invitation_id: str
    assessment_id: str
    external_id: str | None = Field(description="the ATS reference given when the invitation was created")


class TestData(Data):
    endpoint_id: str
    message: str


class InvitationCreatedData(InvitationData):
    candidate: Candidate
    expires_at: datetime
    created_at: datetime
    source: Literal["api", "greenhouse", "lever", "ashby"] = Field(
        description="who created it: the REST API, Greenhouse's send_test, a Lever stage change or Ashby's "
                    "assessment.start")


class InvitationStartedData(InvitationData):
    started_at: datetime
    deadline_at: datetime


class SubmissionData(InvitationData):
    submission_id: str
    problem: str = Field(description="problem slug")
    problem_version: int
    language: str


class SubmissionReceivedData(SubmissionData):
    created_at: datetime


class SubmissionGradedData(SubmissionData):
    revision: int = Field(ge=1, description="1 for the first grading; each regrade adds one")
    status: Literal["graded", "error"]
    verdict: str | None = Field(description="the overall verdict: AC, WA, TLE, MLE, RE, OLE, CE or JE")
    points: float | None
    max_points: float | None
    tests_passed: int
    tests_total: int
    graded_at: datetime


class SubmissionErroredData(SubmissionGradedData):
    error: str = Field(description="why no score could be given (the grader failed, not the candidate)")


class ProblemScore(Data):
    slug: str
    title: str
    version: int
    points: float
    max_points: float
    submissions: int
    best_submission_id: str | None


class InvitationCompletedData(InvitationData):
    assessment_title: str
    candidate: Candidate
    started_at: datetime | None
    completed_at: datetime
    reason: Literal["finished", "deadline"] = Field(description="the candidate finished, or the time ran out")
    problems: list[ProblemScore] = Field(description="final score per problem: the best graded submission")
    total_points: float
    max_points: float
    score_percent: float = Field(description="100 * total_points / max_points, two decimals")
    report_url: str = Field(description="the reviewer's HTML report (needs a reviewer login)")
    candidate_report_url: str | None = Field(None, description="the candidate's own transparency report (what "
                                             "was checked, how the score was computed, when their data is "
                                             "erased): a read-only link the ATS may pass on to the candidate")
    metadata: dict[str, Primitive] = Field(description="flat key/value summary, values are primitives "
                                                       "(what Greenhouse shows as test metadata)")


class InvitationExpiredData(InvitationData):
    candidate: Candidate
    expires_at: datetime


class CriterionSummary(Data):
    key: str
    label: str
    mean: float | None = Field(description="the mean of the submitted scores (1-4), None with no score yet")
    spread: float | None = Field(description="highest minus lowest submitted score: 0 when reviewers agree")
    disagreement: bool = Field(False, description="the reviewers disagree on it (a spread of 2 points or more)")


class ScorecardSummary(Data):
    reviews_submitted: int
    reviews_assigned: int
    criteria: list[CriterionSummary]
    overall_mean: float | None = Field(None, description="the mean of every submitted score (1-4)")
    recommendations: dict[str, int] = Field(description="strong_no, no, yes, strong_yes -> how many reviewers")
    disagreements: list[str] = Field(default_factory=list, description="keys of the criteria reviewers disagree "
                                     "on, and 'recommendation' when some say yes and some no")
    suggestion: str | None = Field(None, description="'advance' when the pass threshold suggests it (never "
                                   "anything else: a person decides)")


class DecisionRecordedData(InvitationData):
    decision: Literal["advance", "reject", "hold"]
    reason: str = Field(description="the reason the person who decided gave")
    decided_at: datetime
    decided_by: str = Field(description="who decided: a person (\"Jane Doe <jane@acme.example>\") or an API key")
    score_percent: float | None = Field(description="the final score, None while the assessment is not over "
                                                    "and graded")
    report_url: str = Field(description="the reviewer's HTML report (needs a reviewer login)")
    scorecard: ScorecardSummary | None = Field(description="the reviewers' scorecards: mean and spread per "
                                                           "criterion, recommendations (None: no review assigned)")


class Reviewer(Data):
    user_id: str
    name: str


class ReviewSubmittedData(InvitationData):
    review_id: str
    revision: int = Field(ge=1, description="1 when first submitted; each edit by the reviewer adds one")
    reviewer: Reviewer
    scores: dict[str, int] = Field(description="criterion key -> the reviewer's score, 1 to 4")
    recommendation: Literal["strong_no", "no", "yes", "strong_yes"]
    submitted_at: datetime
    reviews_submitted: int = Field(description="reviewers of this candidate who have submitted, this one included")
    reviews_assigned: int


EVENT_TYPES: dict[str, tuple[type[Data], str]] = {
    "invitation.created": (InvitationCreatedData, "an invitation was created (by the API or an ATS integration)"),
    "invitation.started": (InvitationStartedData, "the candidate started the timer"),
    "submission.received": (SubmissionReceivedData, "a scored submission was stored and queued for grading"),
    "submission.graded": (SubmissionGradedData, "a submission got its score (revision 1)"),
    "submission.regraded": (SubmissionGradedData, "a submission was graded again (revision 2, 3, ...)"),
    "submission.errored": (SubmissionErroredData, "grading failed for good (judge error after retries)"),
    "invitation.completed": (InvitationCompletedData, "the candidate finished or the time ran out, and "
                                                      "every submission is graded: final scores"),
    "invitation.expired": (InvitationExpiredData, "the invitation expired without being started"),
    "decision.recorded": (DecisionRecordedData, "a recruiter or hiring manager recorded the decision (advance, "
                                                "reject, hold) with a reason; the latest one counts"),
    "review.submitted": (ReviewSubmittedData, "a reviewer submitted their scorecard of a candidate (or edited "
                                              "it: revision 2, 3, ...); the note stays in Assay"),
    "test": (TestData, "sent on request to one endpoint (POST /v1/webhooks/endpoints/{id}/test)"),
}
SUBSCRIBABLE = [t for t in EVENT_TYPES if t != "test"]


def envelope(event_type: str, timestamp: datetime, data: Data | dict[str, Any]) -> str:
    """The exact body: compact JSON, validated against the type's model."""
    model, _ = EVENT_TYPES[event_type]
    body = data if isinstance(data, model) else model.model_validate(data)
    moment = timestamp.isoformat(timespec="microseconds").replace("+00:00", "Z")  # fixed width: sorts as text
    return json.dumps({"type": event_type, "timestamp": moment, "data": body.model_dump(mode="json")},
                      separators=(",", ":"), ensure_ascii=False)


def matches(event_type: str, subscriptions: list[str]) -> bool:
    """An endpoint's ``event_types``: empty means every type (but ``test``); ``submission.*`` a family."""
    if event_type == "test":
        return False
    if not subscriptions:
        return True
    for pattern in subscriptions:
        if pattern == event_type or pattern == "*":
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def valid_subscription(pattern: str) -> bool:
    if pattern == "*" or pattern in SUBSCRIBABLE:
        return True
    return pattern.endswith(".*") and any(t.startswith(pattern[:-1]) for t in SUBSCRIBABLE)


# ---------------------------------------------------------------------- documentation

_T = "2026-11-23T14:05:09.412000Z"
EXAMPLES: dict[str, dict[str, Any]] = {
    "invitation.created": {"invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8",
                           "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b", "external_id": "gh-app-26234709",
                           "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
                           "expires_at": "2026-12-07T14:05:09Z", "created_at": _T, "source": "api"},
    "invitation.started": {"invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8",
                           "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b", "external_id": "gh-app-26234709",
                           "started_at": _T, "deadline_at": "2026-11-23T15:35:09.412000Z"},
    "submission.received": {"invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8",
                            "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b", "external_id": "gh-app-26234709",
                            "submission_id": "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "problem": "slow-endpoints",
                            "problem_version": 1, "language": "python3", "created_at": _T},
    "submission.graded": {"invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8",
                          "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b", "external_id": "gh-app-26234709",
                          "submission_id": "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "problem": "slow-endpoints",
                          "problem_version": 1, "language": "python3", "revision": 1, "status": "graded",
                          "verdict": "WA", "points": 60.0, "max_points": 100.0, "tests_passed": 7,
                          "tests_total": 10, "graded_at": _T},
    "submission.regraded": {"invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8",
                            "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b", "external_id": "gh-app-26234709",
                            "submission_id": "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "problem": "slow-endpoints",
                            "problem_version": 1, "language": "python3", "revision": 2, "status": "graded",
                            "verdict": "AC", "points": 100.0, "max_points": 100.0, "tests_passed": 10,
                            "tests_total": 10, "graded_at": _T},
    "submission.errored": {"invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8",
                           "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b", "external_id": None,
                           "submission_id": "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "problem": "slow-endpoints",
                           "problem_version": 1, "language": "python3", "revision": 1, "status": "error",
                           "verdict": "JE", "points": 0.0, "max_points": None, "tests_passed": 0, "tests_total": 0,
                           "graded_at": _T, "error": "grading failed after 3 attempts; a reviewer may regrade it"},
    "invitation.completed": {
        "invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8", "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b",
        "external_id": "gh-app-26234709", "assessment_title": "Backend screening",
        "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
        "started_at": "2026-11-23T13:05:09.412000Z", "completed_at": _T, "reason": "finished",
        "problems": [
            {"slug": "slow-endpoints", "title": "Slow Endpoints", "version": 1, "points": 60.0, "max_points": 100.0,
             "submissions": 2, "best_submission_id": "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"},
            {"slug": "regional-sales", "title": "Regional Sales", "version": 3, "points": 100.0,
             "max_points": 100.0, "submissions": 1, "best_submission_id": "0a9f8e7d6c5b4a3928171605f4e3d2c1"}],
        "total_points": 160.0, "max_points": 200.0, "score_percent": 80.0,
        "report_url": "https://assay.example.com/v1/invitations/9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8/report.html",
        "candidate_report_url": "https://assay.example.com/take/rpt_Qm9vdGgK3xw1fJ0bY2l2ZW4tYnktYQ/report",
        "metadata": {"Assessment": "Backend screening", "Score": "160 / 200", "Score %": 80.0,
                     "Started At": "2026-11-23T13:05:09Z", "Completed At": "2026-11-23T14:05:09Z",
                     "Completion": "finished", "Slow Endpoints": "60 / 100", "Regional Sales": "100 / 100"}},
    "invitation.expired": {"invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8",
                           "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b", "external_id": "gh-app-26234709",
                           "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
                           "expires_at": _T},
    "decision.recorded": {
        "invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8", "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b",
        "external_id": "gh-app-26234709", "decision": "advance",
        "reason": "Clean, tested solution; both reviewers recommend the on-site.", "decided_at": _T,
        "decided_by": "Rita Recruiter <rita@acme.example>", "score_percent": 80.0,
        "report_url": "https://assay.example.com/v1/invitations/9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8/report.html",
        "scorecard": {"reviews_submitted": 2, "reviews_assigned": 2, "criteria": [
            {"key": "correctness", "label": "Correctness", "mean": 3.5, "spread": 1.0, "disagreement": False},
            {"key": "code_quality", "label": "Code quality", "mean": 3.0, "spread": 0.0, "disagreement": False}],
            "overall_mean": 3.25, "recommendations": {"strong_no": 0, "no": 0, "yes": 1, "strong_yes": 1},
            "disagreements": [], "suggestion": None}},
    "review.submitted": {"invitation_id": "9b2f0c1e5d8a4f67b1c2d3e4f5a6b7c8",
                         "assessment_id": "3c4d5e6f708192a3b4c5d6e7f8091a2b", "external_id": "gh-app-26234709",
                         "review_id": "7a6b5c4d3e2f10a9b8c7d6e5f4a3b2c1", "revision": 1,
                         "reviewer": {"user_id": "4f3e2d1c0b0a99887766554433221100", "name": "Rita Reviewer"},
                         "scores": {"correctness": 3, "code_quality": 4, "testing": 2, "communication": 3},
                         "recommendation": "yes", "submitted_at": _T, "reviews_submitted": 1,
                         "reviews_assigned": 2},
    "test": {"endpoint_id": "ep_1f2e3d4c5b6a79881726354453627181", "message": "a test event from Assay"},
}


def _envelope_schema(event_type: str) -> dict[str, Any]:
    model, description = EVENT_TYPES[event_type]
    data_schema = model.model_json_schema(mode="serialization")
    defs = data_schema.pop("$defs", None)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": event_type, "description": description, "type": "object",
        "required": ["type", "timestamp", "data"], "additionalProperties": False,
        "properties": {"type": {"const": event_type}, "timestamp": {"type": "string", "format": "date-time"},
                       "data": data_schema},
    }
    if defs:
        schema["$defs"] = defs
    return schema


def reference_markdown() -> str:
    from datetime import UTC

    parts = []
    moment = datetime(2026, 11, 23, 14, 5, 9, 412000, tzinfo=UTC)
    for event_type, (_, description) in EVENT_TYPES.items():
        body = json.loads(envelope(event_type, moment, EXAMPLES[event_type]))
        parts.append(f"### `{event_type}`\n\n{description[0].upper() + description[1:]}.\n\n"
                     f"```json\n{json.dumps(body, indent=2)}\n```\n\n"
                     f"<details><summary>JSON Schema</summary>\n\n"
                     f"```json\n{json.dumps(_envelope_schema(event_type), indent=2)}\n```\n\n</details>\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference_markdown())
