"""The table of authoring in the console (issue 25): a "Verify" run on a problem version (migration 0025)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from api.models import new_id, utcnow


class VerifyStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    PASSED = "passed"  # every reference submission got its expected verdict (skipped ones do not count)
    FAILED = "failed"  # a submission or a test input failed
    ERROR = "error"  # the run itself could not go on (the sandbox is unavailable, ...): see ``error``


FINISHED = frozenset({VerifyStatus.PASSED, VerifyStatus.FAILED, VerifyStatus.ERROR})


class VerifyRun(SQLModel, table=True):
    """One "Verify" of a problem version: its progress and its report (problemformat.verify.ProblemReport as
    JSON), written as it goes, so the page shows it to whoever opens it, whenever."""

    __tablename__ = "problem_verify_runs"

    id: str = Field(default_factory=new_id, primary_key=True)
    problem_version_id: int = Field(foreign_key="problem_versions.id", index=True)
    slug: str
    version: int
    status: str = VerifyStatus.QUEUED
    done: int = 0  # test cases (and input checks) done
    total: int = 0
    current: str = ""  # the reference submission being graded
    report: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    error: str = ""
    started_by: str = ""  # the person's (or key's) name
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
