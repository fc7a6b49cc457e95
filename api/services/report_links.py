"""The read-only ``rpt_`` links to a candidate's transparency report (api.services.candidate_report),
which the invitation.completed webhook carries for the ATS to pass on.

A leaf: the webhook outbox makes these links, and the report itself needs the services that use the
outbox."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.analytics_models import CandidateReportKey
from api.models import Invitation
from api.services import candidate_links

KEY_PREFIX = "rpt_"


def link(session: Session, invitation: Invitation, public_url: str) -> str:
    """The read-only report link (made once per invitation; the same link after that)."""
    row = session.get(CandidateReportKey, invitation.id)
    if row is None:
        row = CandidateReportKey(invitation_id=invitation.id, report_key=KEY_PREFIX + secrets.token_urlsafe(24))
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # made meanwhile by another transaction
            row = session.exec(select(CandidateReportKey).where(
                col(CandidateReportKey.invitation_id) == invitation.id)).one()
    return candidate_links.report_link(public_url, row.report_key)


def by_key(session: Session, key: str) -> Invitation | None:
    """The invitation a report key opens, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    row = session.exec(select(CandidateReportKey).where(col(CandidateReportKey.report_key) == key)).first()
    return session.get(Invitation, row.invitation_id) if row is not None else None
