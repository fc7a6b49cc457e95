"""The integrity tables (migration 0018_integrity)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models import utcnow


class AssessmentIntegrity(SQLModel, table=True):
    """An assessment's integrity settings; no row: signals off, AI assistance not allowed."""

    __tablename__ = "assessment_integrity"

    assessment_id: str = Field(foreign_key="assessments.id", primary_key=True)
    signals: str = "off"  # off | basic | full (api.integrity.policy)
    ai_assistance: str = "not_allowed"  # not_allowed | allowed


class RecordingBatch(SQLModel, table=True):
    """One batch of the candidate app's recording of one problem, as the autosave sent it: append-only.
    ``data`` is the zlib-compressed JSON list of events, their times in milliseconds since the start."""

    __tablename__ = "recording_batches"
    __table_args__ = (UniqueConstraint("invitation_id", "problem_slug", "batch_id"),)

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: str = Field(foreign_key="invitations.id", index=True)
    problem_slug: str
    batch_id: str  # the app's id of the batch: a retried request is stored once
    received_at: datetime = Field(default_factory=utcnow)
    events: int = 0
    compressed_bytes: int = 0
    coarse: bool = False  # past the cap: snapshots and events only, no change sets
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class AiDeclaration(SQLModel, table=True):
    """What the candidate declared on the finish dialog, where the assessment allows AI assistance."""

    __tablename__ = "ai_declarations"

    invitation_id: str = Field(foreign_key="invitations.id", primary_key=True)
    tools: str
    declared_at: datetime = Field(default_factory=utcnow)
