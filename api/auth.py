"""Authentication: staff API keys with roles, candidates with their invitation token.

Every route declares who may call it with one of the dependencies below; admin may do what any
staff role may.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBasic, HTTPBasicCredentials, HTTPBearer
from sqlmodel import Session, select

from api.deps import get_session
from api.errors import Forbidden, Unauthorized
from api.models import ApiKey, utcnow
from api.people.models import User
from api.people.teams import memberships
from api.scope import EVERY_TEAM, Scope, of_teams
from api.security import KEY_PREFIX, TOKEN_PREFIX, hash_secret
from api.services import candidate_links

bearer = HTTPBearer(auto_error=False, description="a staff API key (ask_...) or an invitation token (inv_...)")
CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Staff:
    """Who calls: an API key (``key_id``) or a person signed in to the console (``user_id``)."""

    key_id: int | None
    role: str  # a key's role (admin, author, reviewer, ats); a person: admin or member
    name: str  # the key's label, or "Jane Doe <jane@acme.example>"
    scope: Scope = EVERY_TEAM  # the teams whose things this caller sees
    user_id: str | None = None


@dataclass(frozen=True)
class Candidate:
    invitation_id: str


def _credentials(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not credentials.credentials:
        raise Unauthorized("send 'Authorization: Bearer <API key or invitation token>'", headers=CHALLENGE)
    return credentials.credentials


def staff_from_key(session: Session, secret: str) -> Staff | None:
    if not secret.startswith(KEY_PREFIX):
        return None
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_secret(secret))).first()
    if key is None or key.revoked_at is not None or key.id is None:
        return None
    if key.expires_at is not None and key.expires_at <= utcnow():
        return None
    scope = of_teams({key.team_id}) if key.team_id is not None else EVERY_TEAM
    return Staff(key_id=key.id, role=key.role, name=key.name, scope=scope)


def staff_of_user(session: Session, user: User) -> Staff:
    """A signed-in person as the caller: an admin sees every team, anyone else the teams they are in."""
    scope = EVERY_TEAM if user.is_admin else of_teams({m.team.id for m in memberships(session, user)})
    return Staff(key_id=None, role="admin" if user.is_admin else "reviewer", name=user.display, scope=scope,
                 user_id=user.id)


def require_staff(*roles: str) -> Callable[..., Staff]:
    """Dependency: a staff key whose role is one of ``roles`` (admin always passes)."""

    allowed = set(roles) | {"admin"}

    def dependency(
        request: Request,
        session: Annotated[Session, Depends(get_session)],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Staff:
        secret = _credentials(credentials)
        staff = staff_from_key(session, secret)
        if staff is None:
            if secret.startswith(TOKEN_PREFIX):
                raise Forbidden("an invitation token cannot use staff endpoints")
            raise Unauthorized("unknown, revoked or expired API key", headers=CHALLENGE)
        if staff.role not in allowed:
            raise Forbidden(f"role '{staff.role}' may not do this; needs one of: {', '.join(sorted(allowed))}")
        request.state.staff = staff
        return staff

    dependency.__name__ = f"require_{'_'.join(roles) or 'admin'}"
    return dependency


basic = HTTPBasic(auto_error=False, realm="assay",
                  description="Greenhouse: an API key of role ats (or admin) as the username, no password")
BASIC_CHALLENGE = {"WWW-Authenticate": 'Basic realm="assay"'}


def require_ats_basic(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    credentials: Annotated[HTTPBasicCredentials | None, Depends(basic)],
) -> Staff:
    """HTTP Basic with the API key as the username (Greenhouse's Assessment Partner API); role ats or admin."""
    if credentials is None or not credentials.username:
        raise Unauthorized("send HTTP Basic credentials: an ats API key as the username", headers=BASIC_CHALLENGE)
    staff = staff_from_key(session, credentials.username)
    if staff is None:
        raise Unauthorized("unknown, revoked or expired API key", headers=BASIC_CHALLENGE)
    if staff.role not in ("ats", "admin"):
        raise Forbidden(f"role '{staff.role}' may not do this; needs one of: admin, ats")
    request.state.staff = staff
    return staff


def require_candidate(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Candidate:
    if credentials is None and request.url.path.startswith(candidate_links.API_PREFIX):
        # the candidate app: its cookie, with its header (api.services.candidate_links)
        invitation = candidate_links.invitation_from_cookie(
            session, request.cookies.get(candidate_links.COOKIE),
            request.headers.get(candidate_links.INVITATION_HEADER))
    else:
        secret = _credentials(credentials)
        if not secret.startswith(TOKEN_PREFIX):
            raise Forbidden("candidate endpoints take an invitation token (inv_...)")
        found = candidate_links.invitation_for(session, secret)
        if found is None:
            raise Unauthorized("unknown invitation token", headers=CHALLENGE)
        invitation = found
    if invitation.revoked_at is not None:
        raise Forbidden("this invitation was revoked")
    # End the read transaction: its connection goes back to the pool now, not when the request ends.
    # Endpoints that open sessions of their own (those that wait for a result) would otherwise hold
    # two connections each, and enough of them at once exhaust the pool for good.
    session.commit()
    return Candidate(invitation_id=invitation.id)


def require_global_admin(staff: Annotated[Staff, Depends(require_staff("admin"))]) -> Staff:
    """Dependency: an admin of every team (keys, webhooks and the audit log are the whole Assay's)."""
    if staff.scope.teams is not None:
        raise Forbidden("a key made for one team cannot do this; it needs an admin key of every team")
    return staff


Admin = Annotated[Staff, Depends(require_global_admin)]  # keys, webhooks, the audit log: the whole Assay's
TeamAdmin = Annotated[Staff, Depends(require_staff("admin"))]  # an admin key made for one team passes too
Author = Annotated[Staff, Depends(require_staff("author"))]
AuthorOrReviewer = Annotated[Staff, Depends(require_staff("author", "reviewer"))]
Reviewer = Annotated[Staff, Depends(require_staff("reviewer"))]
ReviewerOrAts = Annotated[Staff, Depends(require_staff("reviewer", "ats"))]
Ats = Annotated[Staff, Depends(require_staff("ats"))]
CandidateAuth = Annotated[Candidate, Depends(require_candidate)]
AtsBasic = Annotated[Staff, Depends(require_ats_basic)]
