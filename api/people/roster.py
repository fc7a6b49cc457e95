"""What the console's Team page does: list the teams a person may manage with their members and pending
invitations, invite a teammate (a one-time join link, e-mailed through the outbox or shown to copy),
change a member's role, remove a member, make a team, and (admins only) deactivate or reactivate a person.

Who may do what is ``teams.can(..., Action.MANAGE_MEMBERS)``: admins every team, hiring managers their
own. A team or person the caller may not manage is answered exactly like one that does not exist
(NotFound). Every change is audited with the person as the actor. A refused form raises ``FormErrors``
with one plain message per field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from fastapi import Request
from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff
from api.errors import NotFound
from api.models import utcnow
from api.people import links, teams, users
from api.people import mail as staff_mail
from api.people.models import LinkPurpose, OneTimeLink, Team, TeamMember, TeamRole, User


class FormErrors(Exception):
    """A refused form: ``errors`` maps each field to what is wrong with it, in plain words."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Member:
    user: User
    role: TeamRole

    @property
    def role_name(self) -> str:
        return teams.ROLE_NAMES[self.role]


@dataclass(frozen=True)
class Pending:
    """An invitation not used yet."""

    name: str
    email: str
    role: TeamRole
    expires_at: datetime

    @property
    def role_name(self) -> str:
        return teams.ROLE_NAMES[self.role]


@dataclass(frozen=True)
class TeamView:
    team: Team
    members: list[Member] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)


@dataclass(frozen=True)
class Invited:
    """The outcome of an invitation: e-mailed, shown (``link`` to copy: e-mail is off), or an existing
    account added to the team at once (``added``)."""

    email: str
    team: Team
    role: TeamRole
    emailed: bool = False
    link: str | None = None
    added: bool = False


# ---------------------------------------------------------------------- reading


def manageable_teams(session: Session, user: User) -> list[Team]:
    """The teams ``user`` may manage, by name: every team for an admin, else those they manage."""
    if not user.active:
        return []
    if user.is_admin:
        return list(session.exec(select(Team).order_by(col(Team.name))).all())
    return [m.team for m in teams.memberships(session, user)
            if teams.can(session, user, m.team.id, teams.Action.MANAGE_MEMBERS)]


def manages_a_team(session: Session, user: User) -> bool:
    return bool(user.active and (user.is_admin or manageable_teams(session, user)))


def team_to_manage(session: Session, user: User, team_id: str) -> Team:
    """The team ``team_id`` if ``user`` may manage it; NotFound otherwise (exists elsewhere or nowhere)."""
    team = session.get(Team, team_id)
    if team is None or not teams.can(session, user, team.id, teams.Action.MANAGE_MEMBERS):
        raise NotFound(f"no team {team_id}")
    return team


def pending_invitations(session: Session, team: Team) -> list[Pending]:
    now = utcnow()
    rows = session.exec(select(OneTimeLink).where(
        OneTimeLink.purpose == LinkPurpose.INVITE, OneTimeLink.team_id == team.id,
        col(OneTimeLink.used_at).is_(None), OneTimeLink.expires_at > now).order_by(col(OneTimeLink.created_at))).all()
    return [Pending(r.name, r.email, TeamRole(r.role or TeamRole.REVIEWER), r.expires_at) for r in rows]


def overview(session: Session, user: User) -> list[TeamView]:
    """The Team page: each team ``user`` may manage, its members and its pending invitations."""
    return [TeamView(team, [Member(u, role) for u, role in teams.members(session, team)],
                     pending_invitations(session, team)) for team in manageable_teams(session, user)]


# ---------------------------------------------------------------------- changing


def _role(value: str) -> TeamRole | None:
    try:
        return TeamRole(value)
    except ValueError:
        return None


def _audit(session: Session, actor: Staff, action: str, target_type: str, target_id: str, request: Request | None,
           team_id: str | None = None, **detail: object) -> None:
    event = audit.record(session, actor, action, target_type, target_id, request=request, via="console", **detail)
    event.actor_user_id = actor.user_id
    event.team_id = team_id


def invite(session: Session, actor: Staff, user: User, *, team_id: str, name: str, email: str, role: str,
           public_url: str, request: Request | None = None) -> Invited:
    """Invite ``email`` to a team ``user`` manages: a join link (7 days, once), e-mailed when SMTP is on,
    else returned to show. Someone who has an account already is added to the team at once."""
    name, email = " ".join(name.split()), users.normalise_email(email)
    errors: dict[str, str] = {}
    if not name or len(name) > users.MAX_NAME:
        errors["name"] = f"Type the teammate's name (up to {users.MAX_NAME} characters)."
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or " " in email or len(email) > users.MAX_EMAIL:
        errors["email"] = "Type an e-mail address like jane@example.com."
    team = session.get(Team, team_id) if team_id else None
    if team is None or not teams.can(session, user, team.id, teams.Action.MANAGE_MEMBERS):
        errors["team_id"] = "Pick one of the teams listed."
    picked = _role(role)
    if picked is None:
        errors["role"] = "Pick one of the roles listed."
    if errors:
        raise FormErrors(errors)
    assert team is not None and picked is not None
    existing = users.by_email(session, email)
    if existing is not None:
        if teams.role_of(session, existing, team.id) is not None:
            raise FormErrors({"email": f"{existing.display} is in this team already: change their role below."})
        if not existing.active:
            raise FormErrors({"email": f"{existing.display} has been deactivated: reactivate them first."})
        teams.set_member(session, team, existing, picked)
        _audit(session, actor, "team.member_set", "user", existing.id, request, team.id, role=picked.value,
               added=True)
        return Invited(existing.email, team, picked, added=True)
    issued = links.issue(session, LinkPurpose.INVITE, email=email, name=name, team_id=team.id, role=picked,
                         created_by=user.id)
    emailed = staff_mail.queue_team_invite(session, to_email=email, to_name=name, team_name=team.name, role=picked,
                                           inviter=user.name, link_token=issued.token, public_url=public_url)
    _audit(session, actor, "user.invited", "team", team.id, request, team.id, email=email, role=picked.value,
           emailed=emailed)
    return Invited(email, team, picked, emailed=emailed,
                   link=None if emailed else staff_mail.join_url(public_url, issued.token))


def _member(session: Session, team: Team, user_id: str) -> tuple[User, TeamMember]:
    member = session.get(TeamMember, (team.id, user_id))
    person = session.get(User, user_id)
    if member is None or person is None:
        raise NotFound(f"no member {user_id} in this team")
    return person, member


def set_role(session: Session, actor: Staff, user: User, *, team_id: str, member_id: str, role: str,
             request: Request | None = None) -> User:
    team = team_to_manage(session, user, team_id)
    person, _ = _member(session, team, member_id)
    picked = _role(role)
    if picked is None:
        raise FormErrors({"role": "Pick one of the roles listed."})
    teams.set_member(session, team, person, picked)
    _audit(session, actor, "team.member_set", "user", person.id, request, team.id, role=picked.value)
    return person


def remove(session: Session, actor: Staff, user: User, *, team_id: str, member_id: str,
           request: Request | None = None) -> User:
    team = team_to_manage(session, user, team_id)
    person, _ = _member(session, team, member_id)
    teams.remove_member(session, team, person)
    _audit(session, actor, "team.member_removed", "user", person.id, request, team.id)
    return person


def create_team(session: Session, actor: Staff, user: User, name: str, request: Request | None = None) -> Team:
    """A new team (admins only; anyone else: NotFound, as for a page that is not theirs)."""
    if not (user.active and user.is_admin):
        raise NotFound("no such page")
    name = " ".join(name.split())
    if not name or len(name) > teams.MAX_TEAM_NAME:
        raise FormErrors({"team_name": f"Type a name of 1 to {teams.MAX_TEAM_NAME} characters."})
    if session.exec(select(Team).where(Team.name == name)).first() is not None:
        raise FormErrors({"team_name": f"A team named {name} exists already."})
    team = teams.create(session, name)
    _audit(session, actor, "team.created", "team", team.id, request, team.id, name=name)
    return team


def set_active(session: Session, actor: Staff, user: User, *, person_id: str, active: bool,
               request: Request | None = None) -> User:
    """Deactivate (every session of theirs ends at once) or reactivate a person: admins only, never
    themselves; anyone else gets NotFound."""
    person = session.get(User, person_id)
    if person is None or not (user.active and user.is_admin):
        raise NotFound(f"no user {person_id}")
    if person.id == user.id:
        raise FormErrors({"person": "You cannot deactivate yourself: ask another admin."})
    if active:
        users.reactivate(session, person)
    else:
        users.deactivate(session, person)
    _audit(session, actor, "user.reactivated" if active else "user.deactivated", "user", person.id, request)
    return person
