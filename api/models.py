"""Database tables (SQLModel). Times are timezone-aware UTC."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class SubmissionStatus(StrEnum):
    """Where a submission (or run) is in its grading; stored and sent as these strings."""

    QUEUED = "queued"  # stored, waiting for an executor
    RUNNING = "running"  # an executor took it (attempts counts the takes)
    GRADED = "graded"  # the final result is stored
    ERROR = "error"  # grading failed for good (after its retries); a reviewer may regrade it


PENDING_STATUSES = (SubmissionStatus.QUEUED, SubmissionStatus.RUNNING)  # not graded yet
FINAL_STATUSES = (SubmissionStatus.GRADED, SubmissionStatus.ERROR)  # done: nothing more will happen to it


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: int | None = Field(default=None, primary_key=True)
    name: str = ""
    role: str = Field(index=True)  # admin, author, reviewer, ats
    prefix: str = Field(index=True)  # first characters, shown in listings
    key_hash: str = Field(unique=True)  # sha256 of the whole key (keys are 256-bit random)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    expires_at: datetime | None = None  # optional: the key stops working then (migration 0007)
    team_id: str | None = Field(default=None, index=True)  # acts in this team only; None: every team (0013)


class ProblemVersion(SQLModel, table=True):
    """An immutable, content-hashed version of a problem package; the package bytes live here so
    any worker can fetch them."""

    __tablename__ = "problem_versions"
    __table_args__ = (UniqueConstraint("slug", "version"), UniqueConstraint("slug", "content_hash"))

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True)
    version: int
    title: str
    content_hash: str = Field(index=True)
    manifest: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    package: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # zip of the package files
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="api_keys.id")


class Assessment(SQLModel, table=True):
    __tablename__ = "assessments"

    id: str = Field(default_factory=new_id, primary_key=True)
    title: str
    duration_minutes: int
    languages: list[str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="api_keys.id")
    team_id: str | None = Field(default=None, index=True)  # the hiring team it belongs to (migration 0013)


class AssessmentProblem(SQLModel, table=True):
    __tablename__ = "assessment_problems"

    assessment_id: str = Field(foreign_key="assessments.id", primary_key=True)
    position: int = Field(primary_key=True)
    problem_version_id: int = Field(foreign_key="problem_versions.id")
    # migration 0024_pools: the slot the problem fills; a slot of several problems is a pool, and each
    # candidate gets one of them (InvitationDraw). A plain assessment has slot == position.
    slot: int = 0


class InvitationDraw(SQLModel, table=True):
    """The problem a candidate drew for a pooled slot, stored when the invitation is made (migration 0024)."""

    __tablename__ = "invitation_draws"

    invitation_id: str = Field(foreign_key="invitations.id", primary_key=True)
    slot: int = Field(primary_key=True)
    problem_version_id: int = Field(foreign_key="problem_versions.id")


class Invitation(SQLModel, table=True):
    __tablename__ = "invitations"

    id: str = Field(default_factory=new_id, primary_key=True)
    assessment_id: str = Field(foreign_key="assessments.id", index=True)
    candidate_name: str
    candidate_email: str
    external_id: str | None = Field(default=None, index=True)
    token_hash: str = Field(unique=True)
    expires_at: datetime
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    deadline_at: datetime | None = None
    finished_at: datetime | None = None
    revoked_at: datetime | None = None
    created_by: int | None = Field(default=None, foreign_key="api_keys.id")
    # migration 0005_candidate_app
    consented_at: datetime | None = None  # the candidate ticked the consent box on the landing page
    time_multiplier: float = 1.0  # accommodation: the assessment's duration times this...
    extra_minutes: int = 0  # ...plus these minutes
    token_enc: str | None = None  # the candidate token, encrypted (Fernet): e-mails and resends need it


class InvitationErasure(SQLModel, table=True):
    """An invitation whose personal data and code were erased (api.services.retention): when, why, by whom."""

    __tablename__ = "invitation_erasures"

    invitation_id: str = Field(foreign_key="invitations.id", primary_key=True)
    erased_at: datetime = Field(default_factory=utcnow)
    reason: str  # request | retention
    by_key_id: int | None = Field(default=None, foreign_key="api_keys.id")


class Draft(SQLModel, table=True):
    """The candidate's unsaved work, autosaved by the candidate app: one per problem and language."""

    __tablename__ = "drafts"

    invitation_id: str = Field(foreign_key="invitations.id", primary_key=True)
    problem_slug: str = Field(primary_key=True)
    language: str = Field(primary_key=True)
    files: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class Submission(SQLModel, table=True):
    """A scored submission (kind 'submission') or an unscored run (kind 'run'); both are graded by
    the executor and end with exactly one final result."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("invitation_id", "idempotency_key"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    kind: str = Field(default="submission", index=True)  # submission | run
    invitation_id: str = Field(foreign_key="invitations.id", index=True)
    problem_version_id: int = Field(foreign_key="problem_versions.id")
    language: str
    files: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    stdin: str | None = None  # runs with custom input
    idempotency_key: str | None = None
    status: str = Field(default=SubmissionStatus.QUEUED, index=True)  # a SubmissionStatus
    attempts: int = 0
    verdict: str | None = None
    points: float | None = None
    max_points: float | None = None
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    started_at: datetime | None = None
    graded_at: datetime | None = None
