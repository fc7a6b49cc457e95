"""Which team a new assessment goes to: the one asked for (if the caller may use it), else the caller's
only team, else the only team there is; with none yet, a "Default team" is made."""

from __future__ import annotations

from sqlmodel import Session, col, select

from api.errors import Unprocessable
from api.people.models import Team
from api.people.teams import create as create_team
from api.scope import Scope

DEFAULT_TEAM = "Default team"


def team_for_new(session: Session, scope: Scope, requested: str | None) -> str:
    """The team id a new assessment of a caller with ``scope`` belongs to (Unprocessable saying why not)."""
    if requested is not None:
        if session.get(Team, requested) is None or not scope.allows(requested):
            raise Unprocessable(f"team_id: no team {requested!r} of yours",
                                errors=[{"field": "team_id", "message": "not one of your teams"}])
        return requested
    if scope.single is not None:
        return scope.single
    candidates = session.exec(select(Team).where(scope.clause(Team.id)).order_by(col(Team.name))).all()
    if len(candidates) == 1:
        return candidates[0].id
    if not candidates:
        if scope.teams is not None:  # a person in no team
            raise Unprocessable("you are in no hiring team yet: ask an administrator to add you to one",
                                errors=[{"field": "team_id", "message": "no team"}])
        return default_team(session)
    names = ", ".join(f"{t.name} ({t.id})" for t in candidates)
    raise Unprocessable(f"team_id is needed: pick one of {names}",
                        errors=[{"field": "team_id", "message": "several teams: pick one"}])


def default_team(session: Session) -> str:
    """The "Default team" (made if missing): where assessments go before anyone made teams."""
    existing = session.exec(select(Team).where(Team.name == DEFAULT_TEAM)).first()
    return existing.id if existing is not None else create_team(session, DEFAULT_TEAM).id
