"""The ``emails`` table (migration 0006_mail): one row per e-mail to send. It keeps who gets which kind
of mail and how sending went, never the token nor the link: the message is rendered at send time from
the invitation (its token decrypted then)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from api.models import utcnow

KINDS = ("invitation", "reminder")
STATUSES = ("pending", "sent", "failed", "cancelled")


class Email(SQLModel, table=True):
    __tablename__ = "emails"
    __table_args__ = (Index("ix_emails_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: str = Field(foreign_key="invitations.id", index=True)
    kind: str  # invitation | reminder
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
