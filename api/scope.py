"""Which hiring teams a caller may see. Everything of a team (assessments and through them invitations,
submissions, reports, analytics, decisions, events) is visible only inside its scope; a thing outside it
is answered as if it did not exist (404), so ids of other teams reveal nothing.

A key made for one team (``ApiKey.team_id``) and a person see their teams; an admin and a key made
before teams existed (no team) see every team.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col


@dataclass(frozen=True)
class Scope:
    teams: frozenset[str] | None  # None: every team

    def allows(self, team_id: str | None) -> bool:
        """Whether a thing of ``team_id`` is visible (a thing of no team only to the all-teams scope)."""
        return self.teams is None or (team_id is not None and team_id in self.teams)

    def clause(self, column: Any) -> ColumnElement[bool]:
        """A WHERE clause keeping the rows whose ``column`` (a team id) is in scope."""
        if self.teams is None:
            return true()
        if not self.teams:
            return false()
        return col(column).in_(sorted(self.teams))

    @property
    def single(self) -> str | None:
        """The one team of a one-team scope (where new things go), else None."""
        return next(iter(self.teams)) if self.teams is not None and len(self.teams) == 1 else None


EVERY_TEAM = Scope(None)


def of_teams(team_ids: set[str] | frozenset[str]) -> Scope:
    return Scope(frozenset(team_ids))
