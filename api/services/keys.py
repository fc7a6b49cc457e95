"""Staff API keys."""

from __future__ import annotations

from sqlmodel import Session

from api.models import ApiKey
from api.security import KEY_PREFIX, ROLES, hash_secret, new_secret


def create_key(session: Session, role: str, name: str = "") -> tuple[ApiKey, str]:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    secret = new_secret(KEY_PREFIX)
    key = ApiKey(name=name, role=role, prefix=secret[:10], key_hash=hash_secret(secret))
    session.add(key)
    session.flush()
    return key, secret
