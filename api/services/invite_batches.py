"""What one console invite did (one candidate or a CSV file), kept so its answer is a page that can be
reloaded: the POST records an ``invitation.batch`` audit entry and redirects to it (post/redirect/get),
so Reload or Back shows the same list and never invites again.

The entry holds identifiers only, as every audit record does: the invitations made, and for each row
skipped because its address already had an open invitation the line and that invitation's id (or, for
a caller who sees the assessment anonymised, only how many were skipped). Only whoever made the batch
reads it back; its personal links are shown for ``LINKS_FOR`` after it was made (then: Show link)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Request
from sqlmodel import Session, col, select

from api import audit
from api.audit import AuditEvent
from api.auth import Staff
from api.models import Invitation, utcnow

ACTION = "invitation.batch"
LINKS_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class Skipped:
    line: int | None  # the CSV line; None for the one-candidate form
    invitation: Invitation | None  # the open invitation that made it skip (None: erased since)


@dataclass(frozen=True)
class Batch:
    id: int
    assessment_id: str
    source: str  # "form" or "csv"
    made_at: datetime
    created: list[Invitation]
    skipped: list[Skipped]
    withheld: int

    @property
    def links_expired(self) -> bool:
        return utcnow() - self.made_at > LINKS_FOR


def record(session: Session, staff: Staff, request: Request, assessment_id: str, source: str,
           created: Sequence[Invitation], skipped: Sequence[tuple[int | None, str]], withheld: int = 0) -> int:
    """Record what an invite did (``skipped``: (line, id of the open invitation)); the entry's id."""
    event = audit.record(session, staff, ACTION, "assessment", assessment_id, request=request, source=source,
                         created=[i.id for i in created],
                         skipped=[{"line": line, "invitation_id": existing} for line, existing in skipped],
                         withheld=withheld)
    session.flush()
    assert event.id is not None
    return event.id


def read(session: Session, staff: Staff, assessment_id: str, batch_id: int) -> Batch | None:
    """The batch, if ``staff`` made it in this assessment; else None (as if it did not exist)."""
    event = session.get(AuditEvent, batch_id)
    if (event is None or event.action != ACTION or event.target_id != assessment_id
            or event.actor_key_id != staff.key_id or event.actor_user_id != staff.user_id):
        return None
    detail = event.detail
    wanted = list(detail.get("created", [])) + [s["invitation_id"] for s in detail.get("skipped", [])]
    found = {i.id: i for i in session.exec(select(Invitation).where(col(Invitation.id).in_(wanted))).all()} \
        if wanted else {}
    made_at = event.at if event.at.tzinfo is not None else event.at.replace(tzinfo=UTC)
    return Batch(id=batch_id, assessment_id=assessment_id, source=str(detail.get("source", "form")), made_at=made_at,
                 created=[found[i] for i in detail.get("created", []) if i in found],
                 skipped=[Skipped(s.get("line"), found.get(s["invitation_id"])) for s in detail.get("skipped", [])],
                 withheld=int(detail.get("withheld", 0)))
