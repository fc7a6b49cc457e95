"""``GET /v1/events``: every webhook event, oldest first, for reconciliation when deliveries were
missed (a pull fallback: the same ids and payloads as the webhooks)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlmodel import col, select

from api.auth import Staff, require_staff
from api.deps import MAX_INT, SessionDep
from api.models import Assessment, Invitation, utcnow
from api.webhooks.models import WebhookEvent
from api.webhooks.schemas import EventPage

router = APIRouter(prefix="/v1/events", tags=["webhooks"])
AdminOrAts = Annotated[Staff, Depends(require_staff("ats"))]


@router.get("", response_model=EventPage,
            summary="events since a time or after a cursor, oldest first (admin, ats)")
def list_events(
    session: SessionDep, staff: AdminOrAts,
    since: Annotated[datetime | None, Query(description="events at or after this time (ISO 8601)")] = None,
    after: Annotated[int | None, Query(ge=0, le=MAX_INT, description="cursor: `next_after` of the last page")] = None,
    type_: Annotated[list[str] | None, Query(alias="type", description="only these types (repeatable)")] = None,
    invitation_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    query = select(WebhookEvent)
    if staff.scope.teams is not None:  # a key made for one team: that team's candidates' events only
        teams_assessments = select(Assessment.id).where(staff.scope.clause(Assessment.team_id))
        visible = select(Invitation.id).where(col(Invitation.assessment_id).in_(teams_assessments))
        query = query.where(col(WebhookEvent.invitation_id).in_(visible))
    if since is not None:
        since = since if since.tzinfo else since.replace(tzinfo=utcnow().tzinfo)
        query = query.where(col(WebhookEvent.created_at) >= since)
    if after is not None:
        query = query.where(col(WebhookEvent.seq) > after)
    if type_:
        query = query.where(col(WebhookEvent.type).in_(type_))
    if invitation_id is not None:
        query = query.where(col(WebhookEvent.invitation_id) == invitation_id)
    rows = session.exec(query.order_by(col(WebhookEvent.seq)).limit(limit + 1)).all()
    items = []
    for row in rows[:limit]:
        body = json.loads(row.payload)
        items.append({"id": row.id, "seq": row.seq, "type": row.type, "timestamp": body["timestamp"],
                      "data": body["data"]})
    return {"items": items, "next_after": rows[limit - 1].seq if len(rows) > limit else None}
