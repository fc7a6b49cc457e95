"""The audit log, read-only (admin). There is no route that changes or deletes a record."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api import audit
from api.auth import Admin
from api.deps import MAX_INT, SessionDep
from api.errors import Unprocessable
from api.schemas import Page

router = APIRouter(prefix="/v1/audit", tags=["audit"])


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor_key_id: int | None
    actor_role: str
    actor_name: str
    action: str
    target_type: str
    target_id: str
    detail: dict[str, Any]
    ip: str | None = None
    actor_user_id: str | None = None  # a person (their name and e-mail are in actor_name)


@router.get("", response_model=Page[AuditEventOut],
            summary="audit records, newest first, filtered by action, actor, target and time (admin)")
def list_events(
    session: SessionDep, _: Admin,
    action: Annotated[str | None, Query(description=f"one of: {', '.join(audit.ACTIONS)}")] = None,
    actor_key_id: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    target_type: Annotated[str | None, Query(max_length=50)] = None,
    target_id: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[datetime | None, Query(description="at or after (ISO 8601 with a timezone)")] = None,
    until: Annotated[datetime | None, Query(description="before (ISO 8601 with a timezone)")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    if action is not None and action not in audit.ACTIONS:
        raise Unprocessable(f"unknown action {action!r}; actions: {', '.join(audit.ACTIONS)}",
                            errors=[{"field": "action", "message": "unknown action"}])
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise Unprocessable(f"{name} needs a timezone, e.g. 2030-01-31T00:00:00Z",
                                errors=[{"field": name, "message": "needs a timezone"}])
    rows, total = audit.query(session, action=action, actor_key_id=actor_key_id, target_type=target_type,
                              target_id=target_id, since=since, until=until, offset=offset, limit=limit)
    return {"items": [row.model_dump() for row in rows], "total": total, "offset": offset, "limit": limit}
