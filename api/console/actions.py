"""The HR console: what reviewers and admins do in the browser (the reviewer pages are in api.console.routes).

Create an assessment from the problem library; revoke, resend, extend the expiry, grant extra time (an
accommodation), show a candidate's link (inviting is api.console.inviting). Every form is a plain POST
with a CSRF token (api.console.csrf) and goes through the same services as the REST API; every action is
in the audit log. Post/redirect/get: a form that did something answers with a redirect to a page (the
invitation's, with ?done=...; the link's page), so Reload or Back never repeats it. A refused form
comes back on its page with the error beside its field in plain words and what was typed kept (422).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff
from api.console import csrf
from api.console.form_values import end_of_day, whole_number
from api.console.pages import SECURITY_HEADERS, page, page_staff
from api.console.report_context import report_context
from api.console.views import candidate_label
from api.deps import SessionDep, SettingsDep
from api.errors import Forbidden, Unprocessable
from api.models import Invitation, utcnow
from api.pages import form_errors
from api.people.models import Team
from api.people.teams import Action
from api.permissions import require
from api.schemas import AssessmentCreate, ProblemOut
from api.services import assessments as assessment_service
from api.services import invitation_actions as actions
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services import team_choice
from api.services.invitations import MAX_EXTRA_MINUTES, MAX_MULTIPLIER
from api.settings import Settings
from sandbox import all_languages

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=500)]


def _staff(request: Request, session: Session, settings: Settings, token: str | None = None) -> Staff:
    staff = page_staff(request, session, settings)
    if token is not None:
        csrf.check(request, settings, token)
    return staff


def _library(session: Session) -> list[ProblemOut]:
    return [problem_service.summary(v) for v in problem_service.latest_versions(session)]


# ------------------------------------------------------------------------------ assessments


def _new_form(request: Request, session: Session, settings: Settings, staff: Staff, values: dict[str, Any],
              errors: list[dict[str, str]] | None = None, status: int = 200) -> Response:
    languages = {name: lang.display_name for name, lang in sorted(all_languages().items())}
    return page(request, "assessment_new.html", {
        "library": _library(session), "languages": languages, "values": values, "errors": errors or [],
        "labels": form_errors.LABELS,
        "teams": session.exec(select(Team).where(staff.scope.clause(Team.id)).order_by(col(Team.name))).all(),
        "csrf": csrf.token_for(request, settings)}, status=status, staff=staff)


@router.get("/ui/assessments/new")
def new_assessment(request: Request, session: SessionDep, settings: SettingsDep,
                   problem: Annotated[str, Query(max_length=100)] = "") -> Response:
    staff = _staff(request, session, settings)
    return _new_form(request, session, settings, staff, {"title": "", "duration": 90, "pools": "", "languages": [],
                                                         "problems": [problem] if problem else []})


def pool_lines(text: str) -> list[list[str]]:
    """The new-assessment form's pools: one a line, slugs separated by commas."""
    lines = [[slug.strip() for slug in line.split(",") if slug.strip()] for line in text.splitlines()]
    return [line for line in lines if line]


@router.post("/ui/assessments")
def create_assessment(request: Request, session: SessionDep, settings: SettingsDep,
                      csrf_token: Text = "", title: Annotated[str, Form()] = "",
                      duration: Annotated[str, Form(max_length=20)] = "",
                      problems: Annotated[list[str] | None, Form()] = None,
                      pools: Annotated[str, Form(max_length=2000)] = "",
                      languages: Annotated[list[str] | None, Form()] = None,
                      anonymised: Annotated[str, Form(max_length=10)] = "",
                      integrity_signals: Annotated[str, Form(max_length=20)] = "off",
                      ai_assistance: Annotated[str, Form(max_length=20)] = "not_allowed",
                      team_id: Annotated[str, Form(max_length=100)] = "") -> Response:
    # a plain def: FastAPI runs it in its thread pool, so the database calls below never block the event loop
    staff = _staff(request, session, settings, csrf_token)
    values: dict[str, Any] = {"title": title.strip(), "duration": duration.strip(), "problems": problems or [],
                              "languages": languages or [], "anonymised": anonymised == "yes",
                              "team_id": team_id.strip(), "integrity_signals": integrity_signals,
                              "ai_assistance": ai_assistance, "pools": pools.strip()}
    try:
        body = AssessmentCreate(title=values["title"], problems=[*values["problems"], *pool_lines(pools)],
                                duration_minutes=values["duration"] or 0,  # a text: the schema validates it
                                languages=values["languages"] or None, anonymised=values["anonymised"],
                                integrity_signals=integrity_signals,  # type: ignore[arg-type]  # validated
                                ai_assistance=ai_assistance)  # type: ignore[arg-type]
        chosen = team_choice.team_for_new(session, staff.scope, values["team_id"] or None)
        require(session, staff, chosen, Action.CREATE_ASSESSMENT)
        assessment = assessment_service.create(session, body, staff.key_id, chosen)
    except ValidationError as exc:
        return _new_form(request, session, settings, staff, values, form_errors.plain(exc.errors()), status=422)
    except Unprocessable as exc:
        return _new_form(request, session, settings, staff, values, _assessment_errors(exc), status=422)
    except Forbidden as exc:
        return _new_form(request, session, settings, staff, values, [{"field": "team_id", "message": exc.detail}],
                         status=403)
    audit.record(session, staff, "assessment.created", "assessment", assessment.id, request=request, via="console")
    session.commit()
    return RedirectResponse(f"/ui/assessments/{assessment.id}", status_code=303, headers=SECURITY_HEADERS)


def _assessment_errors(exc: Unprocessable) -> list[dict[str, str]]:
    """The service's refusals by form field ("problems.1" -> problems), the team's in its own words."""
    errors: dict[str, str] = {}
    for error in exc.errors or [{"field": "form", "message": exc.detail}]:
        field = str(error.get("field", "form")).split(".")[0] or "form"
        message = exc.detail.removeprefix("team_id: ").replace("team_id is needed", "a team is needed") \
            if field == "team_id" else str(error.get("message", ""))
        errors[field] = f"{errors[field]}; {message}" if field in errors else message
    return [{"field": field, "message": message} for field, message in errors.items()]


# ------------------------------------------------------------------------------ one invitation


def _back(invitation_id: str, done: str, anchor: str = "manage") -> Response:
    return RedirectResponse(f"/ui/invitations/{invitation_id}?done={done}#{anchor}", status_code=303,
                            headers=SECURITY_HEADERS)


def _refused(request: Request, session: Session, settings: Settings, staff: Staff, invitation: Invitation,
             form: str, values: dict[str, str], exc: Unprocessable) -> Response:
    """The invitation's page again, the Manage form ``form`` as typed with its error beside the field."""
    errors = [{"field": str(e.get("field", "")), "message": str(e.get("message", ""))} for e in exc.errors or []]
    if not errors or errors[0]["field"] not in values:
        errors = [{"field": next(iter(values)), "message": exc.detail}]
    context = report_context(request, session, settings, staff, invitation, "page",
                             manage_refused={"form": form, "values": values, "errors": errors})
    return page(request, "report.html", context, status=422, staff=staff)


@router.post("/ui/invitations/{invitation_id}/revoke")
def revoke(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
           csrf_token: Text = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    actions.revoke(session, staff, request, invitation_service.get(session, invitation_id, staff.scope), via="console")
    session.commit()
    return _back(invitation_id, "revoked")


@router.post("/ui/invitations/{invitation_id}/extend")
def extend(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
           csrf_token: Text = "", expires_on: Annotated[str, Form(max_length=20)] = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    try:
        expires_at = end_of_day(expires_on, "expires_on")
        if expires_at is None:
            raise Unprocessable("pick the new expiry date", errors=[
                {"field": "expires_on", "message": "pick the new expiry date"}])
        if expires_at <= utcnow():
            raise Unprocessable("the new expiry is in the past", errors=[
                {"field": "expires_on", "message": "is in the past: pick today or a later day"}])
        actions.extend(session, staff, request, invitation, expires_at, via="console")
    except Unprocessable as exc:
        session.rollback()
        return _refused(request, session, settings, staff, invitation, "extend", {"expires_on": expires_on}, exc)
    session.commit()
    return _back(invitation_id, "extended")


@router.post("/ui/invitations/{invitation_id}/extra-time")
def extra_time(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
               csrf_token: Text = "", percent: Annotated[str, Form(max_length=10)] = "0",
               minutes: Annotated[str, Form(max_length=10)] = "0", reason: Text = "") -> Response:
    """Grant extra time (a percentage of the duration and/or minutes); 0 and 0 grants nothing and is
    refused, unless it removes extra time granted before."""
    staff = _staff(request, session, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    values = {"percent": percent, "minutes": minutes, "reason": reason}
    try:
        extra_percent = whole_number(percent, "percent", 0, round((MAX_MULTIPLIER - 1) * 100), "the percentage")
        extra = whole_number(minutes, "minutes", 0, MAX_EXTRA_MINUTES, "the minutes")
        had = invitation.time_multiplier != 1.0 or invitation.extra_minutes != 0
        if extra_percent == 0 and extra == 0 and not had:
            raise Unprocessable("nothing to grant", errors=[{"field": "percent", "message": (
                "nothing to grant: give a percentage or minutes above 0")}])
        multiplier = 1.0 + extra_percent / 100.0
        if multiplier == invitation.time_multiplier and extra == invitation.extra_minutes:
            raise Unprocessable("unchanged", errors=[{"field": "percent", "message": (
                "this is the extra time already granted: change the percentage or the minutes")}])
        actions.grant_time(session, staff, request, invitation, multiplier, extra, reason.strip(), via="console")
    except Unprocessable as exc:
        session.rollback()
        return _refused(request, session, settings, staff, invitation, "extra_time", values, exc)
    session.commit()
    return _back(invitation_id, "extra_time" if extra_percent or extra else "extra_time_removed")


@router.post("/ui/invitations/{invitation_id}/resend")
def resend(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
           csrf_token: Text = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    rotated = actions.resend(session, staff, request, invitation, request.app.state.webhook_box, via="console")
    session.commit()
    return _back(invitation_id, "resent_rotated" if rotated else "resent")


# ------------------------------------------------------------------------------ a candidate's link


def _to_link(invitation_id: str, shown: int | None = None) -> Response:
    query = f"?shown={shown}" if shown is not None else ""
    return RedirectResponse(f"/ui/invitations/{invitation_id}/link{query}", status_code=303,
                            headers=SECURITY_HEADERS)


@router.post("/ui/invitations/{invitation_id}/link")
def show_link(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
              csrf_token: Text = "", reveal: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Show the candidate's link (audited), then redirect to the page that shows it: reloading that page
    shows it again for a few minutes and records nothing more."""
    staff = _staff(request, session, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    try:
        link = actions.show_link(session, staff, request, invitation, request.app.state.webhook_box,
                                 settings.resolved_public_url, reveal=reveal == "yes", via="console")
    except actions.RevealNeeded:
        return _to_link(invitation_id)  # the page asks to reveal
    if link is None:
        return _to_link(invitation_id)  # the page says to resend
    session.flush()
    shown = actions.last_link_shown(session, staff, invitation)
    session.commit()
    return _to_link(invitation_id, shown)


@router.get("/ui/invitations/{invitation_id}/link")
def link_page(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
              shown: int | None = None) -> Response:
    """With ``shown`` (the audit entry of a Show link by this person, minutes old): the link. Else what
    Show link needs: a reveal of an anonymised candidate, a Resend for an old invitation, or the button."""
    staff = _staff(request, session, settings)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    require(session, staff, actions.team_of(session, invitation), Action.SEE_CANDIDATE_LINK)
    candidate = candidate_label(session, invitation)
    link = None
    if shown is not None and actions.link_shown_recently(session, staff, invitation, shown):
        link = invitation_service.candidate_link(invitation, request.app.state.webhook_box,
                                                 settings.resolved_public_url)
    reveal = link is None and invitation.token_enc is not None and actions.needs_reveal(session, staff, invitation)
    if link is not None:
        message = "The candidate's personal link: whoever has it can take the assessment as this candidate."
    elif invitation.token_enc is None:
        message = "This invitation predates kept links: use Resend to give the candidate a new one."
    elif reveal:
        message = (f"{candidate} is anonymised: their personal link greets them by name and opens their assessment "
                   "as them. Showing it reveals who they are and is recorded in the audit log (candidate.revealed).")
    else:
        message = "Show the candidate's personal link (recorded in the audit log)."
    return page(request, "link.html", {"invitation": invitation, "link": link, "message": message,
                                       "candidate": candidate, "reveal": reveal, "ask": link is None and not reveal
                                       and invitation.token_enc is not None,
                                       "csrf": csrf.token_for(request, settings)}, staff=staff, revalidate=False)
