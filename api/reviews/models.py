"""The review tables (migration 0020_reviews).

- ``scorecards``: per assessment, its criteria (key, name, guidance per level 1-4) and an optional pass
  threshold; an assessment without a row uses the default scorecard (``api.reviews.scorecards``).
- ``review_assignments``: a reviewer (a person) assigned to a candidate (an invitation), with a due
  date; ``submitted_at`` is set by their first submitted review, ``reminded_at`` is for the reminders.
- ``reviews``: every submitted version of a reviewer's review (append-only: an edit adds a revision,
  the highest counts), so nothing a reviewer wrote is lost and the report can say "edited".
- ``interview_reviews`` (migration 0026): the same scorecard filled by an interviewer for one live
  interview (issue 24), append-only in the same way; kept apart from ``reviews`` so that the screening
  summary and its pass threshold stay the assigned reviewers'.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models import new_id, utcnow

RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
RECOMMENDATION_NAMES = {"strong_no": "Strong no", "no": "No", "yes": "Yes", "strong_yes": "Strong yes"}


class Scorecard(SQLModel, table=True):
    __tablename__ = "scorecards"

    assessment_id: str = Field(foreign_key="assessments.id", primary_key=True)
    criteria: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    pass_threshold: float | None = None  # overall mean at or above it suggests advance (never rejects)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_user_id: str | None = Field(default=None, foreign_key="users.id")
    updated_by_key_id: int | None = Field(default=None, foreign_key="api_keys.id")


class ReviewAssignment(SQLModel, table=True):
    __tablename__ = "review_assignments"
    __table_args__ = (UniqueConstraint("invitation_id", "user_id"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    invitation_id: str = Field(foreign_key="invitations.id", index=True)
    user_id: str = Field(foreign_key="users.id", index=True)
    assigned_at: datetime = Field(default_factory=utcnow)
    due_at: datetime
    assigned_by_user_id: str | None = Field(default=None, foreign_key="users.id")
    assigned_by_key_id: int | None = Field(default=None, foreign_key="api_keys.id")
    submitted_at: datetime | None = None  # the reviewer's first submission
    reminded_at: datetime | None = None  # the last overdue reminder (api.reviews.assignments.overdue)


class Review(SQLModel, table=True):
    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("invitation_id", "user_id", "revision"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    invitation_id: str = Field(foreign_key="invitations.id", index=True)
    user_id: str = Field(foreign_key="users.id", index=True)
    revision: int = 1  # 1: as first submitted; each edit adds one
    scores: dict[str, int] = Field(sa_column=Column(JSON, nullable=False))  # criterion key -> 1..4
    recommendation: str  # one of RECOMMENDATIONS
    note: str = ""
    submitted_at: datetime = Field(default_factory=utcnow)


class InterviewReview(SQLModel, table=True):
    """One revision of an interviewer's scorecard of one interview (``interviews.id``)."""

    __tablename__ = "interview_reviews"
    __table_args__ = (UniqueConstraint("interview_id", "user_id", "revision"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    interview_id: str = Field(foreign_key="interviews.id", index=True)
    invitation_id: str = Field(foreign_key="invitations.id", index=True)
    user_id: str = Field(foreign_key="users.id", index=True)
    revision: int = 1
    scores: dict[str, int] = Field(sa_column=Column(JSON, nullable=False))  # criterion key -> 1..4
    recommendation: str  # one of RECOMMENDATIONS
    note: str = ""
    submitted_at: datetime = Field(default_factory=utcnow)
