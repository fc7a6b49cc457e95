"""Hiring teams: members, their roles, and what each role may do in its team.

Everything of a team (assessments, invitations, reports, analytics, webhooks, audit) is visible to its
members only; admins are global. ``can()`` is the one place that says which role may do what.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from api.errors import Conflict, NotFound, Unprocessable
from api.people.models import Team, TeamMember, TeamRole, User

MAX_TEAM_NAME = 100


class Action(StrEnum):
    VIEW = "view"  # the team's assessments, candidates, reports, analytics
    CREATE_ASSESSMENT = "create_assessment"
    INVITE = "invite"  # invite candidates, manage their invitations (extend, extra time, revoke)
    SEE_CANDIDATE_LINK = "see_candidate_link"  # the candidate's personal link (it acts as the candidate)
    ASSIGN_REVIEWERS = "assign_reviewers"
    REVIEW = "review"  # score on the scorecard
    COMMENT = "comment"  # comment on a line of a candidate's code (api.comments)
    DECIDE = "decide"  # advance / reject / hold
    AUTHOR = "author"  # problems
    MANAGE_MEMBERS = "manage_members"
    SCHEDULE_INTERVIEW = "schedule_interview"  # a live interview for an invitation (api.interviews)


ALLOWED: dict[Action, frozenset[TeamRole]] = {
    Action.VIEW: frozenset(TeamRole),
    Action.CREATE_ASSESSMENT: frozenset({TeamRole.RECRUITER, TeamRole.HIRING_MANAGER, TeamRole.AUTHOR}),
    Action.INVITE: frozenset({TeamRole.RECRUITER, TeamRole.HIRING_MANAGER}),
    Action.SEE_CANDIDATE_LINK: frozenset({TeamRole.RECRUITER}),
    Action.ASSIGN_REVIEWERS: frozenset({TeamRole.RECRUITER, TeamRole.HIRING_MANAGER}),
    Action.REVIEW: frozenset({TeamRole.REVIEWER, TeamRole.HIRING_MANAGER}),
    Action.COMMENT: frozenset({TeamRole.RECRUITER, TeamRole.REVIEWER, TeamRole.HIRING_MANAGER}),
    Action.DECIDE: frozenset({TeamRole.RECRUITER, TeamRole.HIRING_MANAGER}),
    Action.AUTHOR: frozenset({TeamRole.AUTHOR}),
    Action.MANAGE_MEMBERS: frozenset({TeamRole.HIRING_MANAGER}),
    Action.SCHEDULE_INTERVIEW: frozenset({TeamRole.RECRUITER, TeamRole.REVIEWER, TeamRole.HIRING_MANAGER}),
}

ROLE_NAMES = {
    TeamRole.RECRUITER: "Recruiter (HR)",
    TeamRole.REVIEWER: "Reviewer (engineer)",
    TeamRole.HIRING_MANAGER: "Hiring manager",
    TeamRole.AUTHOR: "Author (problems)",
}


@dataclass(frozen=True)
class Membership:
    team: Team
    role: TeamRole


def create(session: Session, name: str) -> Team:
    name = " ".join(name.split())
    if not name or len(name) > MAX_TEAM_NAME:
        raise Unprocessable(f"a team name of 1 to {MAX_TEAM_NAME} characters is needed")
    if session.exec(select(Team).where(Team.name == name)).first() is not None:
        raise Conflict(f"a team named {name!r} exists already")
    team = Team(name=name)
    session.add(team)
    session.flush()
    return team


def get(session: Session, team_id: str) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(f"no team {team_id}")
    return team


def role_of(session: Session, user: User, team_id: str) -> TeamRole | None:
    member = session.get(TeamMember, (team_id, user.id))
    return TeamRole(member.role) if member is not None else None


def set_member(session: Session, team: Team, user: User, role: TeamRole | str) -> TeamMember:
    """Add ``user`` to ``team`` in ``role``, or change their role there."""
    try:
        role = TeamRole(role)
    except ValueError:
        raise Unprocessable(f"unknown role {role!r}; one of: {', '.join(r.value for r in TeamRole)}") from None
    member = session.get(TeamMember, (team.id, user.id))
    if member is None:
        member = TeamMember(team_id=team.id, user_id=user.id, role=role)
    else:
        member.role = role
    session.add(member)
    session.flush()
    return member


def remove_member(session: Session, team: Team, user: User) -> None:
    member = session.get(TeamMember, (team.id, user.id))
    if member is not None:
        session.delete(member)


def memberships(session: Session, user: User) -> list[Membership]:
    rows = session.exec(select(TeamMember, Team).where(TeamMember.team_id == Team.id, TeamMember.user_id == user.id)
                        .order_by(col(Team.name))).all()
    return [Membership(team, TeamRole(member.role)) for member, team in rows]


def members(session: Session, team: Team) -> list[tuple[User, TeamRole]]:
    rows = session.exec(select(TeamMember, User).where(TeamMember.user_id == User.id, TeamMember.team_id == team.id)
                        .order_by(col(User.name))).all()
    return [(user, TeamRole(member.role)) for member, user in rows]


def visible_team_ids(session: Session, user: User) -> set[str] | None:
    """The teams whose things ``user`` may see; None means every team (an admin)."""
    if user.is_admin:
        return None
    return {m.team.id for m in memberships(session, user)}


def can(session: Session, user: User, team_id: str | None, action: Action) -> bool:
    """Whether ``user`` may do ``action`` in team ``team_id`` (admins may do everything)."""
    if not user.active:
        return False
    if user.is_admin:
        return True
    if team_id is None:
        return False
    role = role_of(session, user, team_id)
    return role is not None and role in ALLOWED[action]
