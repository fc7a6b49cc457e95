"""The console's Team page (/ui/team): the hiring teams the signed-in person may manage, their members
(name, e-mail, role, last sign-in, active) and pending invitations; invite a teammate (e-mailed, or the
link shown to copy when e-mail is off), change a member's role, remove a member; admins also make teams
and deactivate or reactivate people. Routes only: the work is api.people.roster's.

Every form posts with the console's CSRF token and redirects (post/redirect/get); a refused form comes
back with the error beside its field and what was typed kept. Another team's ids answer 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api.auth import Staff
from api.console import csrf
from api.console.pages import SECURITY_HEADERS, page, page_person
from api.deps import SessionDep, SettingsDep
from api.errors import NotFound
from api.people import roster, teams
from api.people.models import TeamRole, User
from api.settings import Settings

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=500)]
DONE = {  # ?done=... after a form
    "invited": "The invitation e-mail is on its way.",
    "added": "They already had an account: they are in the team now.",
    "role": "The role was changed.",
    "removed": "They were removed from the team.",
    "team": "The team was made: invite its members below.",
    "deactivated": "The account was deactivated: their sessions have ended.",
    "reactivated": "The account was reactivated: they can sign in again.",
}
ROLES = [(role.value, teams.ROLE_NAMES[role]) for role in TeamRole]


def manages_a_team(request: Request, staff: Staff | None) -> bool:
    """For the header's "Team" link (a template global): whether the signed-in person manages a team."""
    if staff is None or staff.user_id is None:
        return False
    with Session(request.app.state.engine) as session:
        user = session.get(User, staff.user_id)
        return user is not None and roster.manages_a_team(session, user)


def _person(request: Request, session: Session, settings: Settings, token: str | None = None) -> tuple[Staff, User]:
    staff, user = page_person(request, session, settings)
    if token is not None:
        csrf.check(request, settings, token)
    return staff, user


def _page(request: Request, session: Session, settings: Settings, staff: Staff, user: User, *,
          done: str | None = None, errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
          form: str = "", status: int = 200) -> Response:
    views = roster.overview(session, user)
    if not views and not user.is_admin:
        raise NotFound("no team of yours to manage here")
    return page(request, "team.html", {
        "views": views, "roles": ROLES, "is_admin": user.is_admin, "me": user,
        "csrf": csrf.token_for(request, settings),
        "done": DONE.get(done or ""), "errors": errors or {}, "form": form,
        "values": {"name": "", "email": "", "team_id": views[0].team.id if len(views) == 1 else "",
                   "role": TeamRole.REVIEWER.value, "team_name": "", **(values or {})}}, status=status, staff=staff)


def _back(done: str, anchor: str = "") -> Response:
    return RedirectResponse(f"/ui/team?done={done}{'#' + anchor if anchor else ''}", status_code=303,
                            headers=SECURITY_HEADERS)


@router.get("/ui/team")
def team_page(request: Request, session: SessionDep, settings: SettingsDep,
              done: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    staff, user = _person(request, session, settings)
    return _page(request, session, settings, staff, user, done=done)


@router.post("/ui/team/invite")
def invite(request: Request, session: SessionDep, settings: SettingsDep, csrf_token: Text = "", name: Text = "",
           email: Text = "", team_id: Text = "", role: Text = "") -> Response:
    staff, user = _person(request, session, settings, csrf_token)
    values = {"name": name, "email": email, "team_id": team_id, "role": role}
    try:
        invited = roster.invite(session, staff, user, team_id=team_id, name=name, email=email, role=role,
                                public_url=settings.resolved_public_url, request=request)
    except roster.FormErrors as exc:
        session.rollback()
        return _page(request, session, settings, staff, user, errors=exc.errors, values=values, form="invite",
                     status=422)
    session.commit()
    if invited.link is not None:  # e-mail is off: the link is shown once, here (it is stored only hashed)
        return page(request, "team_link.html", {"invited": invited, "name": " ".join(name.split()),
                                                "role_name": teams.ROLE_NAMES[invited.role]}, staff=staff)
    return _back("added" if invited.added else "invited", f"team-{invited.team.id}")


@router.post("/ui/team/new")
def new_team(request: Request, session: SessionDep, settings: SettingsDep, csrf_token: Text = "",
             team_name: Text = "") -> Response:
    staff, user = _person(request, session, settings, csrf_token)
    try:
        team = roster.create_team(session, staff, user, team_name, request=request)
    except roster.FormErrors as exc:
        session.rollback()
        return _page(request, session, settings, staff, user, errors=exc.errors, values={"team_name": team_name},
                     form="team", status=422)
    session.commit()
    return _back("team", f"team-{team.id}")


@router.post("/ui/team/{team_id}/members/{member_id}/role")
def change_role(request: Request, team_id: str, member_id: str, session: SessionDep, settings: SettingsDep,
                csrf_token: Text = "", role: Text = "") -> Response:
    staff, user = _person(request, session, settings, csrf_token)
    try:
        roster.set_role(session, staff, user, team_id=team_id, member_id=member_id, role=role, request=request)
    except roster.FormErrors as exc:
        session.rollback()
        return _page(request, session, settings, staff, user, errors=exc.errors, form=f"role-{team_id}-{member_id}",
                     status=422)
    session.commit()
    return _back("role", f"team-{team_id}")


@router.post("/ui/team/{team_id}/members/{member_id}/remove")
def remove_member(request: Request, team_id: str, member_id: str, session: SessionDep, settings: SettingsDep,
                  csrf_token: Text = "") -> Response:
    staff, user = _person(request, session, settings, csrf_token)
    roster.remove(session, staff, user, team_id=team_id, member_id=member_id, request=request)
    session.commit()
    return _back("removed", f"team-{team_id}")


def _set_active(request: Request, person_id: str, session: Session, settings: Settings, csrf_token: str,
                active: bool) -> Response:
    staff, user = _person(request, session, settings, csrf_token)
    try:
        roster.set_active(session, staff, user, person_id=person_id, active=active, request=request)
    except roster.FormErrors as exc:
        session.rollback()
        return _page(request, session, settings, staff, user, errors=exc.errors, form=f"person-{person_id}",
                     status=422)
    session.commit()
    return _back("reactivated" if active else "deactivated")


@router.post("/ui/team/people/{person_id}/deactivate")
def deactivate(request: Request, person_id: str, session: SessionDep, settings: SettingsDep,
               csrf_token: Text = "") -> Response:
    return _set_active(request, person_id, session, settings, csrf_token, False)


@router.post("/ui/team/people/{person_id}/reactivate")
def reactivate(request: Request, person_id: str, session: SessionDep, settings: SettingsDep,
               csrf_token: Text = "") -> Response:
    return _set_active(request, person_id, session, settings, csrf_token, True)
