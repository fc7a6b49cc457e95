"""The tables of interviews: the interview (its window, its pad's document and version, the
interviewers' private notes), its interviewers, and the pad's accepted updates in order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from api.models import new_id, utcnow


class Interview(SQLModel, table=True):
    __tablename__ = "interviews"

    id: str = Field(default_factory=new_id, primary_key=True)
    invitation_id: str = Field(foreign_key="invitations.id", index=True)
    team_id: str | None = Field(default=None, index=True)  # the assessment's team
    starts_at: datetime
    duration_minutes: int
    problem_slug: str | None = None  # the problem shown to the candidate, if any
    language: str
    video_url: str | None = None
    token_hash: str = Field(unique=True)  # the candidate's link
    token_enc: str  # the same token, encrypted (the console shows the link again)
    created_by: str | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    document: str = Field(default="", sa_column=Column(Text, nullable=False))  # the pad's text at ``version``
    start_document: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # at version 0
    version: int = 0  # the number of accepted updates
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))  # interviewers only
    updated_at: datetime = Field(default_factory=utcnow)


class InterviewInterviewer(SQLModel, table=True):
    __tablename__ = "interview_interviewers"

    interview_id: str = Field(foreign_key="interviews.id", primary_key=True)
    user_id: str = Field(foreign_key="users.id", primary_key=True)


class PadUpdate(SQLModel, table=True):
    """One accepted change of a pad (a CodeMirror ChangeSet as JSON), number ``version`` (from 1)."""

    __tablename__ = "pad_updates"

    interview_id: str = Field(foreign_key="interviews.id", primary_key=True)
    version: int = Field(primary_key=True)
    client_id: str
    changes: list[Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
