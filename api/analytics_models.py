"""Tables of hiring analytics and anonymised review (migration 0008_analytics).

- ``submission_groups``: one row per scoring group of a graded submission (filled where the grading
  result is stored, and lazily for older rows), so that per-group failure rates are plain SQL on
  SQLite and PostgreSQL alike instead of reading every result's JSON. A graded submission with no
  group (a compile error) gets one row with the group name ``""``: "indexed, nothing ran".
- ``assessment_review``: per assessment, whether reviewers see candidate numbers instead of names.
- ``invitation_decisions``: a decision (advance, reject, hold) with its reason, by a key or a person
  (``by_user_id``, 0020_reviews); every decision is kept, the latest counts. In an anonymised
  assessment the first decision reveals the name (audited).
- ``candidate_report_keys``: the key of a read-only link to the candidate's transparency report (sent
  in the invitation.completed webhook, so the ATS can pass it on). The report it opens shows no name,
  e-mail, code or test data: scores, what was checked, the policies, the erasure date. Only the key's
  SHA-256 is kept (0018_report_key_hash), with its expiry: the end of the retention period.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from api.models import utcnow

DECISIONS = ("advance", "reject", "hold")


class SubmissionGroup(SQLModel, table=True):
    __tablename__ = "submission_groups"

    submission_id: str = Field(foreign_key="submissions.id", primary_key=True)
    group_name: str = Field(primary_key=True)  # "" marks a graded submission with no group result
    invitation_id: str = ""  # the submission's, copied: the figures read this table alone (a covering index)
    problem_version_id: int = 0
    verdict: str | None = None
    points: float = 0.0
    max_points: float = 0.0
    passed: bool = False  # every test of the group accepted (verdict AC)


class AssessmentReview(SQLModel, table=True):
    __tablename__ = "assessment_review"

    assessment_id: str = Field(foreign_key="assessments.id", primary_key=True)
    anonymised: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class InvitationDecision(SQLModel, table=True):
    __tablename__ = "invitation_decisions"

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: str = Field(foreign_key="invitations.id", index=True)
    decision: str  # advance | reject | hold
    note: str = ""
    decided_at: datetime = Field(default_factory=utcnow)
    by_key_id: int | None = Field(default=None, foreign_key="api_keys.id")
    by_user_id: str | None = None  # the person who decided (0020_reviews; no foreign key: an added column)


class CandidateReportKey(SQLModel, table=True):
    __tablename__ = "candidate_report_keys"

    invitation_id: str = Field(foreign_key="invitations.id", primary_key=True)
    key_hash: str = Field(unique=True, index=True)  # sha256 of the rpt_... key; the key is only in the link
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None  # the end of the retention period (None: kept until erased)
