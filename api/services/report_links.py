"""The read-only ``rpt_`` links to a candidate's transparency report (api.services.candidate_report),
which the invitation.completed webhook carries for the ATS to pass on.

Only a SHA-256 of each key is stored (as for API keys and candidate tokens): the key itself exists in
the link that was sent, nowhere else. A key expires with the retention period (the invitation's
creation plus ``ASSAY_RETENTION_DAYS``, when the candidate's data is purged) and is deleted when the
candidate's data is erased (:func:`revoke`, from api.services.retention). Keys stored in clear text
before migration 0018 were hashed by it and keep working.

A leaf: the webhook outbox makes these links, and the report itself needs the services that use the
outbox."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.analytics_models import CandidateReportKey
from api.models import Invitation, utcnow
from api.security import hash_secret
from api.services import candidate_links

KEY_PREFIX = "rpt_"
MAX_KEY_LENGTH = 100


def expiry(invitation: Invitation, retention_days: int) -> datetime | None:
    """When a report key of ``invitation`` stops working: with the candidate's data (None: no retention)."""
    return invitation.created_at + timedelta(days=retention_days) if retention_days > 0 else None


def link(session: Session, invitation: Invitation, public_url: str, *, retention_days: int = 0) -> str:
    """A read-only report link for ``invitation``. Its key is made here and only its hash stored, so each
    call makes a new key (the webhook outbox asks once per invitation, when it completes); an earlier
    key of the invitation stops working."""
    key = KEY_PREFIX + secrets.token_urlsafe(24)
    try:
        with session.begin_nested():
            _store(session, invitation.id, hash_secret(key), expiry(invitation, retention_days))
    except IntegrityError:  # made meanwhile by another transaction: replace it
        _store(session, invitation.id, hash_secret(key), expiry(invitation, retention_days))
        session.flush()
    return candidate_links.report_link(public_url, key)


def _store(session: Session, invitation_id: str, key_hash: str, expires_at: datetime | None) -> None:
    row = session.get(CandidateReportKey, invitation_id)
    if row is None:
        row = CandidateReportKey(invitation_id=invitation_id, key_hash=key_hash, expires_at=expires_at)
    else:
        row.key_hash, row.created_at, row.expires_at = key_hash, utcnow(), expires_at
    session.add(row)


def by_key(session: Session, key: str) -> Invitation | None:
    """The invitation a live report key opens, or None (unknown, expired or revoked)."""
    if not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_LENGTH:
        return None
    row = session.exec(select(CandidateReportKey).where(col(CandidateReportKey.key_hash) == hash_secret(key))).first()
    if row is None or (row.expires_at is not None and row.expires_at <= utcnow()):
        return None
    return session.get(Invitation, row.invitation_id)


def revoke(session: Session, invitation_id: str) -> None:
    """Erasure: the invitation's report key stops working (its row goes)."""
    session.execute(delete(CandidateReportKey).where(col(CandidateReportKey.invitation_id) == invitation_id))
