"""The ``emails`` table (migrations 0006_mail, 0014_staff_mail): one row per e-mail to send. It keeps
who gets which kind of mail and how sending went, never a token nor a link in clear.

- A candidate's e-mail (``invitation``, ``reminder``) belongs to an invitation and is rendered at send
  time from it (its token decrypted then).
- A staff e-mail (``team_invite``, ``password_reset``) has no invitation: its facts (``details``: the
  name, the team, the role, who invited) are kept on the row, and its link encrypted (``link_enc``,
  api.security.SecretBox), decrypted at send time and blanked once the row is sent, failed for good or
  cancelled.
- A notice to staff about reviewing (``NOTICE_KINDS``: a candidate finished, a review assigned, all
  reviews in, a review overdue; api.services.review_mail) names its invitation (erasing the candidate
  cancels it if pending and blanks it) and keeps its facts in ``details``, with the console page it
  links to as a path (the sender puts the public URL before it). It holds no secret.

``staff_notices`` (migration 0015_staff_notices): one row per notice decided, keyed so that none is
queued twice, whichever request, process or job comes to it first; ``notice_opt_outs``: the kinds of
notice a person turned off (migration 0021_notice_opt_outs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from api.models import utcnow

CANDIDATE_KINDS = ("invitation", "reminder")
STAFF_KINDS = ("team_invite", "password_reset")
NOTICE_KINDS = ("candidate_finished", "review_assigned", "reviews_done", "review_overdue")
INTERVIEW_KINDS = ("interview",)  # a candidate's live interview (api.interviews): its pad link encrypted, an .ics
KINDS = CANDIDATE_KINDS + STAFF_KINDS + NOTICE_KINDS + INTERVIEW_KINDS
STATUSES = ("pending", "sent", "failed", "cancelled")


class Email(SQLModel, table=True):
    __tablename__ = "emails"
    __table_args__ = (Index("ix_emails_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: str | None = Field(default=None, foreign_key="invitations.id", index=True)  # staff kinds: None
    kind: str  # one of KINDS
    to_addr: str  # blanked when the candidate's data is erased
    status: str = "pending"  # pending, sent, failed (permanent error or retries spent), cancelled
    tries: int = 0  # attempts made
    next_attempt_at: datetime = Field(default_factory=utcnow)  # a reminder: when it is due
    locked_until: datetime | None = None  # a sender's lease
    claim: str | None = None
    last_error: str | None = None
    subject: str | None = None  # filled when sent
    message_id: str | None = None  # chosen when queued: every attempt carries the same Message-ID
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    link_enc: str | None = None  # staff kinds: the link, encrypted; None once sent, failed or cancelled
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))  # staff kinds


class StaffNotice(SQLModel, table=True):
    """A notice to staff that was decided (its e-mails queued). ``key`` says which one
    (``review_assigned:<assignment>``, ``review_overdue:<assignment>:<n>``...): a second request, process
    or job run that comes to the same decision finds it taken and queues nothing."""

    __tablename__ = "staff_notices"
    __table_args__ = (Index("ix_staff_notices_subject", "kind", "subject_id"),)

    key: str = Field(primary_key=True)
    kind: str  # one of NOTICE_KINDS
    subject_id: str  # the assignment or the invitation it is about
    created_at: datetime = Field(default_factory=utcnow)


class NoticeOptOut(SQLModel, table=True):
    """A person who turned off one kind of notice (the console's "E-mails" page, api.console.my_reviews)."""

    __tablename__ = "notice_opt_outs"

    user_id: str = Field(foreign_key="users.id", primary_key=True)
    kind: str = Field(primary_key=True)  # one of NOTICE_KINDS
    created_at: datetime = Field(default_factory=utcnow)
