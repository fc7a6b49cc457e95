"""Staff API keys (admin): create (the key is shown once), list, revoke."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated

from fastapi import APIRouter, Path, Request, status
from sqlmodel import col, select

from api import audit
from api.auth import Admin
from api.deps import MAX_INT, SessionDep
from api.errors import NotFound, Unprocessable
from api.models import ApiKey, utcnow
from api.schemas import KeyCreate, KeyCreated, KeyOut
from api.services.keys import create_key

router = APIRouter(prefix="/v1/keys", tags=["keys"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=KeyCreated, summary="create a key (admin)")
def create(body: KeyCreate, request: Request, session: SessionDep, staff: Admin) -> KeyCreated:
    expires_at = body.expires_at
    if expires_at is not None:
        expires_at = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
        if expires_at <= utcnow():
            raise Unprocessable("expires_at must be in the future",
                                errors=[{"field": "expires_at", "message": "must be in the future"}])
    key, secret = create_key(session, body.role, body.name, expires_at, body.team_id)
    audit.record(session, staff, "key.created", "key", key.id, request=request, role=key.role, prefix=key.prefix,
                 team_id=key.team_id, expires_at=expires_at.isoformat() if expires_at else None)
    session.commit()
    return KeyCreated(**key.model_dump(), key=secret)


@router.get("", response_model=list[KeyOut], summary="list keys (admin)")
def list_keys(session: SessionDep, _: Admin) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.id))).all())


@router.delete("/{key_id}", response_model=KeyOut, summary="revoke a key (admin)")
def revoke(key_id: Annotated[int, Path(ge=1, le=MAX_INT)], request: Request, session: SessionDep,
           staff: Admin) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"key {key_id} does not exist")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        audit.record(session, staff, "key.revoked", "key", key.id, request=request, role=key.role, prefix=key.prefix)
        session.commit()
    return key
