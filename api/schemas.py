"""Request and response bodies of the REST API (pydantic), with examples for /docs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

from api.analytics_schemas import PercentileRank
from api.models import SubmissionStatus

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


# ---------------------------------------------------------------------- keys


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "reviewer", "name": "hr"}]})
    role: Literal["admin", "author", "reviewer", "ats"]
    name: str = Field("", max_length=100)
    expires_at: datetime | None = Field(None, description="optional: the key stops working then (UTC if no zone)")
    team_id: str | None = Field(None, description="optional: the key acts in this hiring team only (its "
                                "assessments, candidates, reports, events); default: every team")


class KeyOut(BaseModel):
    id: int
    name: str
    role: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None = None
    expires_at: datetime | None = None
    team_id: str | None = None


class KeyCreated(KeyOut):
    key: str = Field(description="the secret; shown once")


# ---------------------------------------------------------------------- problems


class ProblemOut(BaseModel):
    slug: str
    version: int
    title: str
    content_hash: str
    languages: list[str]
    grader: str
    max_points: float
    created_at: datetime


class ProblemDetail(ProblemOut):
    statement: str
    limits: dict[str, Any]
    groups: list[dict[str, Any]]
    sample_count: int
    secret_count: int
    versions: list[int]


# ---------------------------------------------------------------------- assessments


class AssessmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"title": "Backend screening", "problems": ["range-sum", "slow-endpoints"], "duration_minutes": 90,
         "languages": ["python3", "java"]}]})
    title: str = Field(min_length=1, max_length=200)
    problems: Sequence[str | list[str]] = Field(
        min_length=1, max_length=20,
        description="one slot per item: a problem slug, optionally pinned as slug@version, or a pool: a list of "
        "2-10 such slugs, of which each candidate gets one (drawn when the invitation is made)")
    duration_minutes: int = Field(ge=5, le=24 * 60)
    languages: list[str] | None = Field(None, description="default: every language all problems allow")
    anonymised: bool = Field(False, description="reviewers see candidate numbers, not names or e-mails, until "
                             "they record a decision")
    team_id: str | None = Field(None, description="the hiring team it belongs to; default: the caller's team "
                                "(a key made for one team, a person in one team), else the only team")
    integrity_signals: Literal["off", "basic", "full"] = Field(
        "off", description="what the candidate app records beyond the code: off (nothing), basic (pastes, leaving "
        "the workspace), full (also every edit, for playback); the landing page tells the candidate")
    ai_assistance: Literal["not_allowed", "allowed"] = Field(
        "not_allowed", description="allowed: the candidate names the AI tools they used when they finish")


class AssessmentProblemOut(BaseModel):
    slug: str
    version: int
    title: str
    max_points: float
    slot: int = Field(0, description="the slot it fills; several problems of one slot are a pool")


class AssessmentOut(BaseModel):
    id: str
    title: str
    duration_minutes: int
    languages: list[str]
    problems: list[AssessmentProblemOut]
    created_at: datetime
    anonymised: bool = False
    team_id: str | None = None
    integrity_signals: Literal["off", "basic", "full"] = "off"
    ai_assistance: Literal["not_allowed", "allowed"] = "not_allowed"


# ---------------------------------------------------------------------- invitations


class CandidateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr


class InvitationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"assessment_id": "3f2a...", "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
         "expires_at": "2030-01-31T23:59:00Z", "external_id": "gh-application-1234"}]})
    assessment_id: str
    candidate: CandidateIn
    expires_at: datetime | None = Field(None, description="default: the end of the day ASSAY_INVITATION_DAYS "
                                        "(14) days from now, UTC")
    external_id: str | None = Field(None, max_length=200)

    @field_validator("expires_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:  # a field validator: the error names the field
        if value is not None and value.tzinfo is None:
            raise ValueError("expires_at needs a timezone, e.g. 2030-01-31T23:59:00Z")
        return value


InvitationState = Literal["invited", "started", "completed", "expired", "revoked"]


class InvitationOut(BaseModel):
    id: str
    assessment_id: str
    candidate: dict[str, str]
    external_id: str | None
    state: InvitationState
    expires_at: datetime
    started_at: datetime | None
    deadline_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    candidate_url: str = Field(description="the candidate app; the personal link (/take/<token>) is in the "
                               "creation response only")
    consented_at: datetime | None = None
    time_multiplier: float = 1.0
    extra_minutes: int = 0
    score: float | None = None
    max_score: float | None = None


class InvitationCreated(InvitationOut):
    token: str = Field(description="the candidate's bearer token; shown once")


class InvitationResent(InvitationOut):
    """An invitation whose e-mail was queued again (resend; audited). It never carries the link."""

    email_queued: bool = Field(description="an invitation e-mail was queued (SMTP is configured)")
    token_replaced: bool = Field(False, description="the invitation predates kept tokens: a new token was made "
                                 "and the old link no longer works")


class LinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reveal: bool = Field(False, description="lift the anonymity of a masked candidate (recorded as "
                         "candidate.revealed); needed for their link while the assessment hides their name")


class InvitationLink(InvitationOut):
    """An invitation with the candidate's personal link (admin, ats, recruiter; audited)."""

    link: str | None = Field(description="the candidate's personal link, /take/<token>; null for an invitation "
                             "made before tokens were kept (resend gives it a new one)")


class ExtendIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"expires_at": "2030-02-15T23:59:00Z"}]})
    expires_at: datetime

    @field_validator("expires_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("expires_at needs a timezone, e.g. 2030-01-31T23:59:00Z")
        return value


class ExtraTimeIn(BaseModel):
    """An accommodation: working time = duration x time_multiplier + extra_minutes (replaces an earlier one)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"time_multiplier": 1.5}]})
    time_multiplier: float = Field(1.0, ge=1.0, le=4.0)
    extra_minutes: int = Field(0, ge=0, le=24 * 60)
    reason: str = Field("", max_length=500, description="kept in the audit log")


class BulkSkipped(BaseModel):
    line: int
    email: str
    reason: str
    invitation_id: str | None = Field(None, description="the open invitation the row was skipped for")


class BulkInvited(BaseModel):
    created: list[InvitationCreated]
    skipped: list[BulkSkipped]
    withheld: int = Field(0, description="rows not invited again (an open invitation exists) and not listed in "
                          "skipped: the assessment is anonymised, and the list would name its candidates")


# ---------------------------------------------------------------------- candidate


class MeProblem(BaseModel):
    slug: str
    title: str
    max_points: float
    best_points: float | None = None


class MeOut(BaseModel):
    invitation_id: str
    candidate_name: str
    assessment_title: str
    state: InvitationState
    duration_minutes: int
    expires_at: datetime
    started_at: datetime | None
    deadline_at: datetime | None
    finished_at: datetime | None = None
    seconds_left: int | None
    now: datetime = Field(description="the server's clock: the countdown's truth")
    consented_at: datetime | None = None
    time_multiplier: float = 1.0
    extra_minutes: int = 0
    effective_duration_minutes: float = Field(description="working time with any accommodation")
    retention_days: int = Field(0, description="personal data and code are erased this many days after the "
                                "invitation was created (0: kept until the company deletes them)")
    languages: list[str]
    language_names: dict[str, str] = Field(default_factory=dict)
    problems: list[MeProblem]
    integrity_signals: Literal["off", "basic", "full"] = Field(
        "off", description="what the candidate app records: off, basic (pastes, leaving the page), full (edits)")
    ai_assistance: Literal["not_allowed", "allowed"] = "not_allowed"


class SampleOut(BaseModel):
    name: str
    input: str
    output: str


class OptionOut(BaseModel):
    id: str
    text: str = Field(description="Markdown")
    text_html: str


class QuestionOut(BaseModel):
    """A question of a quiz as a candidate sees it: no correct options, no rubric."""

    id: str
    type: Literal["single", "multiple", "text"]
    prompt: str = Field(description="Markdown")
    prompt_html: str
    options: list[OptionOut] = Field(default_factory=list, description="in this candidate's order")
    points: float
    max_chars: int | None = Field(None, description="text questions: the answer's length cap")


class TextScoreIn(BaseModel):
    """A reviewer's points for a free-text answer of a quiz (null: clear them, back to awaiting review)."""

    model_config = ConfigDict(extra="forbid")
    points: float | None = Field(description="0 to the question's points")


class SqlColumnOut(BaseModel):
    name: str
    type: str
    primary_key: bool = False
    not_null: bool = False


class SqlTableOut(BaseModel):
    name: str
    columns: list[SqlColumnOut]


class SqlQuestionOut(BaseModel):
    """An SQL question's sample database and expected result, as tables."""

    tables: list[SqlTableOut]
    sample_columns: list[str] = Field(description="the sample's expected result: its column names")
    sample_rows: list[list[str]] = Field(description="... and rows (strings unquoted, NULL as NULL)")


class EditorFilesOut(BaseModel):
    """What the candidate may do with the files of a problem in the editor."""

    read_only: dict[str, list[str]] = Field(default_factory=dict, description="language -> starter files the "
                                            "candidate cannot change (sent back as they are, whatever is sent)")
    max_files: int = Field(description="files one language's code may have")
    max_kib: int = Field(description="their size together, in KiB")


class MeProblemDetail(BaseModel):
    slug: str
    title: str
    statement: str
    languages: list[str]
    limits: dict[str, Any]
    templates: dict[str, dict[str, str]]
    samples: list[SampleOut]
    max_points: float
    statement_html: str = Field(description="the statement rendered from Markdown (raw HTML disabled)")
    language_names: dict[str, str] = Field(default_factory=dict, description="language -> display name")
    source_names: dict[str, str] = Field(default_factory=dict, description="language -> the single file's name")
    files: EditorFilesOut | None = Field(None, description="read-only starter files and the caps on the files")
    sql: SqlQuestionOut | None = Field(None, description="an SQL question (grader kind sql): the sample database's "
                                       "tables and the sample's expected result")
    questions: list[QuestionOut] | None = Field(
        None, description="a quiz (grader kind quiz): its questions; answers go as language 'answers', "
        "files {'answers.json': '{\"<question id>\": [\"<option id>\"] or \"text\"}'}")


class FinishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ai_tools: str | None = Field(None, max_length=2000, description="where AI assistance is allowed: the tools the "
                                 "candidate used")


class StartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    consent: bool = Field(False, description="the candidate agreed to the rules and to what is recorded")


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str | None = None
    files: dict[str, str] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> DraftIn:
        if (self.source is None) == (self.files is None):
            raise ValueError("give exactly one of 'source' or 'files'")
        return self


class DraftOut(BaseModel):
    problem: str
    language: str
    files: dict[str, str]
    updated_at: datetime


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"problem": "range-sum", "language": "python3", "source": "print(sum(map(int, input().split())))"}]})
    problem: str
    language: str
    source: str | None = Field(None, description="one file, named as the language expects (main.py, Main.java...)")
    files: dict[str, str] | None = Field(None, description="several files: name -> content")

    @model_validator(mode="after")
    def _one_of(self) -> CodeIn:
        if (self.source is None) == (self.files is None):
            raise ValueError("give exactly one of 'source' or 'files'")
        return self


class RunIn(CodeIn):
    stdin: str | None = Field(None, description="custom input; without it the samples are run")


SubmissionKind = Literal["submission", "run"]


class TestOut(BaseModel):
    group: str
    name: str
    verdict: str
    hidden: bool
    time_ms: int
    memory_kib: int
    fraction: float | None = None
    message: str | None = None
    input: str | None = None
    expected_output: str | None = None
    output: str | None = None


class SubmissionOut(BaseModel):
    id: str
    kind: SubmissionKind
    problem: str
    language: str
    status: SubmissionStatus
    verdict: str | None
    points: float | None
    max_points: float | None
    created_at: datetime
    graded_at: datetime | None
    queue_position: int | None = Field(
        None, ge=0, description="while queued: how many runs (for a run) or gradings (for a submission) start "
        "before this one (0: next); null once running or done. Runs have their own lane, ahead of gradings")
    preparing: str | None = Field(
        None, description="while queued: the language (\"Kotlin\") whose sandbox image is being built for it; "
        "it runs once the image is ready (images of less common languages are built when first needed)")
    compile_message: str | None = None
    tests: list[TestOut] = Field(default_factory=list)
    # custom-input runs
    stdout: str | None = None
    stderr: str | None = None
    time_ms: int | None = None
    memory_kib: int | None = None


class MySubmissionOut(SubmissionOut):
    """A candidate's own submission in their history (GET /v1/me/submissions)."""

    files: dict[str, str] | None = Field(None, description="the code as submitted (only with ?code=true)")


class SubmissionDetail(SubmissionOut):
    """Reviewer view: code, every test with its output and messages."""

    invitation_id: str
    files: dict[str, str]
    groups: list[dict[str, Any]] = Field(default_factory=list)
    attempts: int = 0
    started_at: datetime | None = None
    result: dict[str, Any] | None = None


class ReportProblem(BaseModel):
    slug: str
    version: int
    title: str
    max_points: float
    points: float
    best_submission_id: str | None
    last_submission_id: str | None
    submissions: int
    pool: list[str] = Field(default_factory=list, description="the slugs of the slot's pool this problem was "
                            "drawn from; empty when the slot is a single problem")
    kind: Literal["code", "quiz"] = Field("code", description="quiz: questions (grader kind quiz), where the "
                                          "last submission counts, not the best")


class TimelineEvent(BaseModel):
    at: datetime
    event: str
    detail: dict[str, Any] = Field(default_factory=dict)


class ReportOut(BaseModel):
    invitation: InvitationOut
    assessment_title: str
    total_points: float
    max_points: float
    time_used_seconds: int | None
    duration_minutes: int
    problems: list[ReportProblem]
    timeline: list[TimelineEvent]
    percentile: PercentileRank | None = Field(None, description="the finished candidate's percentile rank "
                                              "within the assessment (share scoring lower, ties counted half)")


class ErasureOut(BaseModel):
    invitation_id: str
    erased_at: datetime
    submissions_scrubbed: int
