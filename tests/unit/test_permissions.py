"""api.permissions: one check for people (their team role) and API keys (their key role)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, SQLModel, create_engine

from api.auth import Staff
from api.errors import Forbidden
from api.people import teams
from api.people.models import TeamRole, User
from api.people.teams import Action
from api.permissions import allowed, require
from api.scope import EVERY_TEAM, of_teams


@pytest.fixture()
def session() -> Session:
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        yield session


def _person(session: Session, email: str, team_id: str, role: TeamRole) -> Staff:
    user = User(email=email, name=email.split("@")[0])
    session.add(user)
    session.flush()
    teams.set_member(session, teams.get(session, team_id), user, role)
    return Staff(key_id=None, role="reviewer", name=user.display, scope=of_teams({team_id}), user_id=user.id)


def test_a_reviewer_may_score_but_not_decide_and_the_refusal_names_who_may(session: Session) -> None:
    team = teams.create(session, "Platform")
    reviewer = _person(session, "rev@acme.example", team.id, TeamRole.REVIEWER)
    recruiter = _person(session, "hr@acme.example", team.id, TeamRole.RECRUITER)
    assert allowed(session, reviewer, team.id, Action.REVIEW)
    assert not allowed(session, reviewer, team.id, Action.DECIDE)
    assert allowed(session, recruiter, team.id, Action.DECIDE)
    assert not allowed(session, recruiter, team.id, Action.REVIEW)
    with pytest.raises(Forbidden, match="Recruiter"):
        require(session, reviewer, team.id, Action.DECIDE)


def test_another_teams_things_are_never_allowed(session: Session) -> None:
    a, b = teams.create(session, "A"), teams.create(session, "B")
    recruiter = _person(session, "hr@acme.example", a.id, TeamRole.RECRUITER)
    assert not allowed(session, recruiter, b.id, Action.VIEW)
    key = Staff(key_id=1, role="admin", name="k", scope=of_teams({a.id}))
    assert allowed(session, key, a.id, Action.DECIDE) and not allowed(session, key, b.id, Action.VIEW)


def test_keys_keep_their_role_rights(session: Session) -> None:
    ats = Staff(key_id=1, role="ats", name="ats", scope=EVERY_TEAM)
    assert allowed(session, ats, None, Action.INVITE)
    assert not allowed(session, ats, None, Action.DECIDE)
    with pytest.raises(Forbidden, match=r"role 'ats'.*admin or reviewer"):
        require(session, ats, None, Action.DECIDE)
