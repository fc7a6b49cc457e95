"""The HR console: what reviewers and admins do in the browser (the reviewer pages are in api.console.routes).

Create an assessment from the problem library; invite one candidate or many from a CSV file; revoke,
resend, extend the expiry, grant extra time (an accommodation), show a candidate's link. Every form is
a plain POST with a CSRF token (api.console.csrf) and goes through the same services as the REST API; every
action is in the audit log. Pages answer errors as pages (422 with the problems listed, 409 with why).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff
from api.console import csrf
from api.console.pages import SECURITY_HEADERS, page, page_staff
from api.console.views import candidate_label
from api.deps import SessionDep, SettingsDep
from api.errors import Forbidden, Unprocessable
from api.mail import outbox as mail
from api.models import Invitation
from api.people.models import Team
from api.people.teams import Action
from api.permissions import allowed, require
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate, ProblemOut
from api.services import assessments as assessment_service
from api.services import candidate_links, invitation_csv, team_choice
from api.services import invitation_actions as actions
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.settings import Settings
from sandbox import all_languages

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=500)]
DONE = {  # ?done=... on the invitation page after an action
    "revoked": "The invitation was revoked: the candidate's link no longer works.",
    "extended": "The invitation's expiry was moved.",
    "extra_time": "Extra time was granted; it shows in the candidate's countdown.",
}


def _staff(request: Request, session: Session, settings: Settings, token: str | None = None) -> Staff:
    staff = page_staff(request, session, settings)
    if token is not None:
        csrf.check(request, settings, token)
    return staff


def _end_of_day(value: str, field: str) -> datetime | None:
    """A date from an <input type=date> as the end of that day, UTC; empty: None (the default applies)."""
    if not value.strip():
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise Unprocessable(f"{field}: {value!r} is not a date (YYYY-MM-DD)",
                            errors=[{"field": field, "message": "not a date"}]) from None
    return datetime.combine(day, time(23, 59), tzinfo=UTC)


def _library(session: Session) -> list[ProblemOut]:
    return [problem_service.summary(v) for v in problem_service.latest_versions(session)]


# ------------------------------------------------------------------------------ assessments


def _new_form(request: Request, session: Session, settings: Settings, staff: Staff, values: dict[str, Any],
              errors: list[dict[str, str]] | None = None, status: int = 200) -> Response:
    languages = {name: lang.display_name for name, lang in sorted(all_languages().items())}
    return page(request, "assessment_new.html", {
        "library": _library(session), "languages": languages, "values": values, "errors": errors or [],
        "teams": session.exec(select(Team).where(staff.scope.clause(Team.id)).order_by(col(Team.name))).all(),
        "csrf": csrf.token_for(request, settings)}, status=status, staff=staff)


@router.get("/ui/assessments/new")
def new_assessment(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    staff = _staff(request, session, settings)
    return _new_form(request, session, settings, staff, {"title": "", "duration": 90, "problems": [],
                                                         "languages": []})


@router.post("/ui/assessments")
def create_assessment(request: Request, session: SessionDep, settings: SettingsDep,
                      csrf_token: Text = "", title: Annotated[str, Form()] = "",
                      duration: Annotated[str, Form(max_length=20)] = "",
                      problems: Annotated[list[str] | None, Form()] = None,
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
                              "ai_assistance": ai_assistance}
    try:
        body = AssessmentCreate(title=values["title"], problems=values["problems"],
                                duration_minutes=values["duration"] or 0,  # a text: the schema validates it
                                languages=values["languages"] or None, anonymised=values["anonymised"],
                                integrity_signals=integrity_signals,  # type: ignore[arg-type]  # validated
                                ai_assistance=ai_assistance)  # type: ignore[arg-type]
        chosen = team_choice.team_for_new(session, staff.scope, values["team_id"] or None)
        require(session, staff, chosen, Action.CREATE_ASSESSMENT)
        assessment = assessment_service.create(session, body, staff.key_id, chosen)
    except ValidationError as exc:
        errors = [{"field": ".".join(str(p) for p in e["loc"]) or "form", "message": e["msg"]} for e in exc.errors()]
        return _new_form(request, session, settings, staff, values, errors, status=422)
    except Unprocessable as exc:
        return _new_form(request, session, settings, staff, values, exc.errors or [
            {"field": "form", "message": exc.detail}], status=422)
    except Forbidden as exc:
        return _new_form(request, session, settings, staff, values, [{"field": "team_id", "message": exc.detail}],
                         status=403)
    audit.record(session, staff, "assessment.created", "assessment", assessment.id, request=request, via="console")
    session.commit()
    return RedirectResponse(f"/ui/assessments/{assessment.id}", status_code=303, headers=SECURITY_HEADERS)


# ------------------------------------------------------------------------------ inviting


def _invited_page(request: Request, session: Session, settings: Settings, staff: Staff, assessment_id: str,
                  made: list[tuple[Invitation, str]], skipped: list[dict[str, Any]], withheld: int = 0
                  ) -> Response:
    """The invitations just made; their links only for who may see candidates' links (Show link later)."""
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    links = allowed(session, staff, assessment.team_id, Action.SEE_CANDIDATE_LINK)
    created = [{"invitation": invitation,
                "link": candidate_links.link(settings.resolved_public_url, token) if links else None}
               for invitation, token in made]
    return page(request, "invited.html", {
        "assessment": assessment_id, "created": created, "skipped": skipped, "withheld": withheld,
        "links": links, "email": request.app.state.mail_outbox.enabled},
        status=201, staff=staff)


@router.post("/ui/assessments/{assessment_id}/invitations")
def invite_one(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
               csrf_token: Text = "", name: Text = "", email: Text = "", external_id: Text = "",
               expires_on: Annotated[str, Form(max_length=20)] = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    assessment_service.get(session, assessment_id, staff.scope)
    try:
        candidate = CandidateIn(name=name.strip(), email=email.strip())
        body = InvitationCreate(assessment_id=assessment_id, candidate=candidate,
                                expires_at=_end_of_day(expires_on, "expires_on"),
                                external_id=external_id.strip() or None)
    except ValidationError as exc:
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        raise Unprocessable("; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors) from None
    invitation, token = actions.create(session, staff, request, body, box=request.app.state.webhook_box,
                                       default_days=settings.invitation_days, via="console")
    session.commit()
    return _invited_page(request, session, settings, staff, assessment_id, [(invitation, token)], [])


@router.post("/ui/assessments/{assessment_id}/invitations/csv")
def invite_many(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
                file: Annotated[UploadFile, File()], csrf_token: Text = "",
                expires_on: Annotated[str, Form(max_length=20)] = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    assessment_service.get(session, assessment_id, staff.scope)
    done = actions.invite_csv(session, staff, request, assessment_id, file.file.read(invitation_csv.MAX_BYTES + 1),
                              _end_of_day(expires_on, "expires_on"), box=request.app.state.webhook_box,
                              default_days=settings.invitation_days, via="console")
    session.commit()
    return _invited_page(request, session, settings, staff, assessment_id, done.created, done.skipped,
                         done.withheld)


# ------------------------------------------------------------------------------ one invitation


def _back(invitation_id: str, done: str) -> Response:
    return RedirectResponse(f"/ui/invitations/{invitation_id}?done={done}#manage", status_code=303,
                            headers=SECURITY_HEADERS)


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
    expires_at = _end_of_day(expires_on, "expires_on")
    if expires_at is None:
        raise Unprocessable("pick the new expiry date", errors=[{"field": "expires_on", "message": "missing"}])
    actions.extend(session, staff, request, invitation, expires_at, via="console")
    session.commit()
    return _back(invitation_id, "extended")


@router.post("/ui/invitations/{invitation_id}/extra-time")
def extra_time(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
               csrf_token: Text = "", percent: Annotated[str, Form(max_length=10)] = "0",
               minutes: Annotated[str, Form(max_length=10)] = "0", reason: Text = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    try:
        multiplier = 1.0 + float(percent or 0) / 100.0
        extra = int(minutes or 0)
    except ValueError:
        raise Unprocessable("extra time: give a whole percentage and whole minutes", errors=[
            {"field": "percent", "message": "not a number"}]) from None
    actions.grant_time(session, staff, request, invitation, multiplier, extra, reason, via="console")
    session.commit()
    return _back(invitation_id, "extra_time")


def _link_page(request: Request, staff: Staff, invitation: Invitation, link: str | None, message: str,
               candidate: str, *, reveal: bool = False, csrf_token: str = "") -> Response:
    return page(request, "link.html", {"invitation": invitation, "link": link, "message": message,
                                       "candidate": candidate, "reveal": reveal, "csrf": csrf_token},
                staff=staff, revalidate=False)


@router.post("/ui/invitations/{invitation_id}/resend")
def resend(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
           csrf_token: Text = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    rotated = actions.resend(session, staff, request, invitation, request.app.state.webhook_box, via="console")
    session.commit()
    candidate = candidate_label(session, invitation)  # "Candidate #N" in an anonymised review (issue 15)
    address = "" if candidate != invitation.candidate_name else f" to {invitation.candidate_email}"
    if mail.enabled(session):
        message = f"The invitation e-mail{address} was queued again."
    elif actions.may(session, staff, invitation, Action.SEE_CANDIDATE_LINK):
        message = "No mail server is configured (ASSAY_SMTP_HOST): use Show link and send the candidate the link."
    else:
        message = ("No mail server is configured (ASSAY_SMTP_HOST): ask a recruiter of the team or an admin to "
                   "send the candidate their link.")
    if rotated:
        message += " This invitation predates kept links, so it has a new link: the old one no longer works."
    return _link_page(request, staff, invitation, None, message, candidate)


@router.post("/ui/invitations/{invitation_id}/link")
def show_link(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
              csrf_token: Text = "", reveal: Annotated[str, Form(max_length=10)] = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    candidate = candidate_label(session, invitation)
    try:
        link = actions.show_link(session, staff, request, invitation, request.app.state.webhook_box,
                                 settings.resolved_public_url, reveal=reveal == "yes", via="console")
    except actions.RevealNeeded:
        return _link_page(request, staff, invitation, None,
                          f"{candidate} is anonymised: their personal link greets them by name and opens their "
                          "assessment as them. Showing it reveals who they are and is recorded in the audit log "
                          "(candidate.revealed).", candidate, reveal=True, csrf_token=csrf_token)
    session.commit()
    if link is None:
        message = "This invitation predates kept links: use Resend to give the candidate a new one."
    else:
        message = "The candidate's personal link: whoever has it can take the assessment as this candidate."
    return _link_page(request, staff, invitation, link, message, candidate)


def invite_context(request: Request, settings: Settings, session: Session | None = None,
                   team_id: str | None = None) -> dict[str, Any]:
    """What the assessment page's invite forms need; with ``session``, whether the signed-in staff member
    (page_staff put them on the request) may invite in team ``team_id`` and see the links made."""
    staff: Staff | None = getattr(request.state, "staff", None)
    may_invite = session is None or (staff is not None and allowed(session, staff, team_id, Action.INVITE))
    sees_links = session is None or (staff is not None and allowed(session, staff, team_id,
                                                                   Action.SEE_CANDIDATE_LINK))
    return {"csrf": csrf.token_for(request, settings), "mail_enabled": request.app.state.mail_outbox.enabled,
            "default_days": settings.invitation_days, "today": datetime.now(UTC).date().isoformat(),
            "can_invite": may_invite, "can_see_links": sees_links}


def manage_context(request: Request, session: Session, settings: Settings, invitation: Invitation) -> dict[str, Any]:
    """What the invitation page's Manage panel needs."""
    state = invitation_service.state(invitation)
    staff: Staff = request.state.staff  # page_staff put it there
    return {
        "can_invite": actions.may(session, staff, invitation, Action.INVITE),
        "can_see_link": actions.may(session, staff, invitation, Action.SEE_CANDIDATE_LINK),
        "csrf": csrf.token_for(request, settings),
        "mail_enabled": mail.enabled(session),
        "mails": mail.status_of(session, invitation.id),
        "open": state in ("invited", "started"),
        "can_extend": state in ("invited", "started", "expired"),
        "done": DONE.get(request.query_params.get("done", "")),
        "extra_percent": round((invitation.time_multiplier - 1.0) * 100),
    }
