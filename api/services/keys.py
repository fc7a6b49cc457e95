"""Staff API keys."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from api.errors import Unprocessable
from api.models import ApiKey
from api.people.models import Team
from api.security import KEY_PREFIX, ROLES, hash_secret, new_secret


def create_key(session: Session, role: str, name: str = "", expires_at: datetime | None = None,
               team_id: str | None = None) -> tuple[ApiKey, str]:
    """A new key (the secret is returned once); ``expires_at``: it stops working then (None: never);
    ``team_id``: it acts in that hiring team only (None: every team)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if team_id is not None and session.get(Team, team_id) is None:
        raise Unprocessable(f"team_id: no team {team_id!r}", errors=[{"field": "team_id", "message": "no such team"}])
    secret = new_secret(KEY_PREFIX)
    key = ApiKey(name=name, role=role, prefix=secret[:10], key_hash=hash_secret(secret), expires_at=expires_at,
                 team_id=team_id)
    session.add(key)
    session.flush()
    return key, secret
