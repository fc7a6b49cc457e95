"""Staff API keys."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from api.models import ApiKey
from api.security import KEY_PREFIX, ROLES, hash_secret, new_secret


def create_key(session: Session, role: str, name: str = "", expires_at: datetime | None = None) -> tuple[ApiKey, str]:
    """A new key (the secret is returned once); ``expires_at``: it stops working then (None: never)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    secret = new_secret(KEY_PREFIX)
    key = ApiKey(name=name, role=role, prefix=secret[:10], key_hash=hash_secret(secret), expires_at=expires_at)
    session.add(key)
    session.flush()
    return key, secret
