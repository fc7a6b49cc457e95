"""Who may do what in a team: one check for every caller, a person or an API key.

A person's right comes from their team role (``api.people.teams.can``: the one table of roles and
actions); an admin may do everything. An API key's right comes from its role: keys are for machines
(the ATS, CI, scripts), so their table is fixed here and keeps what each key role could do before
teams existed. Routes and console actions call :func:`require`; pages that only show or hide a
button call :func:`allowed`.
"""

from __future__ import annotations

from sqlmodel import Session

from api.auth import Staff
from api.errors import Forbidden
from api.people.models import User
from api.people.teams import ALLOWED, ROLE_NAMES, Action, can

_ALL = frozenset(Action)
KEY_ACTIONS: dict[str, frozenset[Action]] = {
    "admin": _ALL,
    "ats": frozenset({Action.VIEW, Action.INVITE, Action.SEE_CANDIDATE_LINK}),
    # a reviewer key invites and gets the new invitation's token in the answer, but never another
    # candidate's link (issue 22, item 1): only admin and ats keys (and the recruiter role) see those
    "reviewer": frozenset({Action.VIEW, Action.CREATE_ASSESSMENT, Action.INVITE,
                           Action.ASSIGN_REVIEWERS, Action.REVIEW, Action.COMMENT,
                           Action.DECIDE}),
    "author": frozenset({Action.VIEW, Action.CREATE_ASSESSMENT, Action.AUTHOR}),
}

WHAT = {
    Action.VIEW: "see this team's candidates",
    Action.CREATE_ASSESSMENT: "create assessments",
    Action.INVITE: "invite candidates or change their invitations",
    Action.SEE_CANDIDATE_LINK: "see a candidate's personal link",
    Action.ASSIGN_REVIEWERS: "assign reviewers",
    Action.REVIEW: "score candidates",
    Action.COMMENT: "comment on a candidate's code",
    Action.DECIDE: "record a hiring decision",
    Action.AUTHOR: "write problems",
    Action.MANAGE_MEMBERS: "manage the team's members",
    Action.SCHEDULE_INTERVIEW: "schedule an interview",
}


def allowed(session: Session, staff: Staff, team_id: str | None, action: Action) -> bool:
    """Whether ``staff`` may do ``action`` on a thing of team ``team_id`` (already known to be in scope)."""
    if not staff.scope.allows(team_id):
        return False
    if staff.user_id is None:
        return action in KEY_ACTIONS.get(staff.role, frozenset())
    user = session.get(User, staff.user_id)
    return user is not None and can(session, user, team_id, action)


def require(session: Session, staff: Staff, team_id: str | None, action: Action) -> None:
    """Raise 403 with a message naming the roles that may, unless ``staff`` may do ``action``."""
    if allowed(session, staff, team_id, action):
        return
    if staff.user_id is None:
        keys = sorted(role for role, actions in KEY_ACTIONS.items() if action in actions)
        raise Forbidden(f"an API key of role '{staff.role}' may not {WHAT[action]}; "
                        f"a key of role {' or '.join(keys)} may")
    roles = sorted(ROLE_NAMES[role] for role in ALLOWED[action])
    raise Forbidden(f"your role in this team may not {WHAT[action]}; "
                    f"a {' or '.join(roles) or 'team admin'} may (or an admin)")
