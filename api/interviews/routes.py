"""Interviews in the browser: scheduling one from an invitation's page (/ui/invitations/<id>/interviews),
the interview's page for staff (/ui/interviews/<id>), and the pad: the interviewers' at
/ui/interviews/<id>/pad (the console's session), the candidate's at /interview/<token> (the link
opens 15 minutes before the start and stops working a while after the end), each with its socket.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, cast
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request, WebSocket
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api import audit
from api.auth import Staff
from api.console import csrf
from api.console import session as web_session
from api.console.pages import SECURITY_HEADERS, page, page_person
from api.deps import SessionDep, SettingsDep
from api.errors import Conflict, Forbidden, Unprocessable
from api.interviews import after, pages, service
from api.interviews.models import Interview
from api.interviews.pad import CANDIDATE, INTERVIEWER, Hub
from api.models import Assessment, Invitation
from api.people.models import User
from api.people.teams import Action
from api.permissions import allowed, require
from api.reviews import interview_reviews
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.candidate import language_names
from api.settings import Settings
from api.statements import to_html

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=500)]
REFUSED, UNKNOWN, CLOSED = 4403, 4404, 4410


def _team_of(session: Session, invitation: Invitation) -> str | None:
    assessment = session.get(Assessment, invitation.assessment_id)
    return assessment.team_id if assessment is not None else None


# ------------------------------------------------------------------------------ scheduling (console)


def _form(request: Request, session: Session, settings: Settings, staff: Staff, invitation: Invitation,
          values: dict[str, Any], errors: list[dict[str, str]] | None = None, status: int = 200) -> Response:
    problems = service.assessment_problems(session, invitation)
    languages = sorted({lang for v in problems for lang in problem_service.summary(v).languages})
    return page(request, "interviews/new.html", {
        "invitation": invitation, "problems": problems, "languages": languages,
        "language_names": language_names(languages),
        "people": service.candidates_for_interviewers(session, _team_of(session, invitation)),
        "values": values, "errors": errors or [], "csrf": csrf.token_for(request, settings),
        "email": request.app.state.mail_outbox.enabled},
        status=status, staff=staff, revalidate=False)


@router.get("/ui/invitations/{invitation_id}/interviews/new")
def new_interview(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff, user = page_person(request, session, settings)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    require(session, staff, _team_of(session, invitation), Action.SCHEDULE_INTERVIEW)
    values = {"starts_at": "", "duration_minutes": 60, "interviewers": [user.id], "problem": "",
              "language": "", "video_url": "", "email": "yes"}
    return _form(request, session, settings, staff, invitation, values)


def _parse_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Unprocessable(f"not a date and time: {value!r}",
                            errors=[{"field": "starts_at", "message": "a date and time (UTC) is needed"}]) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@router.post("/ui/invitations/{invitation_id}/interviews")
def schedule_interview(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
                       csrf_token: Text, starts_at: Text, duration_minutes: Annotated[int, Form(ge=1, le=10000)],
                       interviewers: Annotated[list[str] | None, Form()] = None, problem: Text = "",
                       language: Text = "", video_url: Text = "", email: Text = "") -> Response:
    staff, user = page_person(request, session, settings)
    csrf.check(request, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    require(session, staff, _team_of(session, invitation), Action.SCHEDULE_INTERVIEW)
    values = {"starts_at": starts_at, "duration_minutes": duration_minutes, "interviewers": interviewers or [],
              "problem": problem, "language": language, "video_url": video_url, "email": email}
    try:
        body = service.ScheduleIn(starts_at=_parse_time(starts_at), duration_minutes=duration_minutes,
                                  interviewer_ids=interviewers or [], problem_slug=problem or None,
                                  language=language or None, video_url=video_url or None)
        interview, token = service.schedule(session, invitation, user, body, request.app.state.webhook_box)
    except Unprocessable as exc:
        session.rollback()
        return _form(request, session, settings, staff, invitation, values,
                     exc.errors or [{"field": "form", "message": exc.detail}], status=422)
    mailed = bool(email) and service.mail_candidate(
        session, interview, invitation, f"{settings.resolved_public_url}{service.PATH}{token}")
    audit.record(session, staff, "interview.scheduled", "invitation", invitation.id, request=request,
                 interview=interview.id, emailed=mailed)
    session.commit()
    done = "scheduled_mailed" if mailed else "scheduled"
    return RedirectResponse(f"/ui/interviews/{interview.id}?done={done}", status_code=303,
                            headers=SECURITY_HEADERS)


def _interview_page(request: Request, session: Session, settings: Settings, staff: Staff, user: User,
                    interview: Interview, *, form: dict[str, Any] | None = None,
                    errors: dict[str, str] | None = None, status: int = 200) -> Response:
    invitation = session.get(Invitation, interview.invitation_id)
    assert invitation is not None
    may_schedule = allowed(session, staff, interview.team_id, Action.SCHEDULE_INTERVIEW)
    may_open = _may_open(session, staff, user, interview)
    return page(request, "interviews/show.html", {
        "interview": interview, "invitation": invitation, "state": service.state(interview),
        "opens_at": service.opens_at(interview), "ends_at": service.ends_at(interview),
        "closes_at": service.closes_at(interview), "interviewers": service.interviewers(session, interview),
        "link": service.link(interview, request.app.state.webhook_box, settings.resolved_public_url)
        if may_schedule else None,
        "may_open": may_open, "done": request.query_params.get("done"),
        "notes": interview.notes if may_open else None, "csrf": csrf.token_for(request, settings),
        **after.context(session, staff, user, interview, invitation, form=form, errors=errors)},
        status=status, staff=staff, revalidate=False)


@router.get("/ui/interviews/{interview_id}")
def interview_page(request: Request, interview_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff, user = page_person(request, session, settings)
    interview = service.get(session, interview_id, staff.scope)
    return _interview_page(request, session, settings, staff, user, interview)


async def _form_fields(request: Request) -> dict[str, str]:
    """A form whose field names vary (``score_<criterion>``), read on the event loop."""
    return {k: str(v) for k, v in (await request.form()).items()}


@router.post("/ui/interviews/{interview_id}/review")
def submit_scorecard(request: Request, interview_id: str, session: SessionDep, settings: SettingsDep,
                     fields: Annotated[dict[str, str], Depends(_form_fields)]) -> Response:
    """An interviewer's scorecard of the interview, once it is over (post/redirect/get). A plain ``def``:
    the database work runs in the thread pool, never on the event loop."""
    staff, user = page_person(request, session, settings)
    csrf.check(request, settings, fields.get("csrf_token", ""))
    interview = service.get(session, interview_id, staff.scope)
    if not service.is_listed(session, interview, user):
        raise Forbidden("only this interview's interviewers fill its scorecard")
    if not service.is_over(interview):
        raise Conflict("the scorecard opens when the interview is over")
    invitation = session.get(Invitation, interview.invitation_id)
    assert invitation is not None
    scores = {k.removeprefix("score_"): v for k, v in fields.items() if k.startswith("score_")}
    try:
        interview_reviews.submit(session, staff, invitation, interview.id, scores,
                                 fields.get("recommendation", ""), fields.get("note", ""))
    except Unprocessable as exc:
        session.rollback()
        errors = {e["field"].replace("scores.", "score_"): e["message"] for e in exc.errors or []}
        return _interview_page(request, session, settings, staff, user, interview, form=fields, errors=errors,
                               status=422)
    session.commit()
    return RedirectResponse(f"/ui/interviews/{interview.id}?done=review#scorecard", status_code=303,
                            headers=SECURITY_HEADERS)


def _may_open(session: Session, staff: Staff, user: User, interview: Interview) -> bool:
    return service.is_interviewer(session, interview, user) or \
        allowed(session, staff, interview.team_id, Action.SCHEDULE_INTERVIEW)


# ------------------------------------------------------------------------------ the pad's pages


def _pad_context(session: Session, interview: Interview, role: str, name: str, socket_path: str) -> dict[str, Any]:
    invitation = session.get(Invitation, interview.invitation_id)
    assert invitation is not None
    languages = service.pad_languages(session, invitation, interview.problem_slug)
    problem = None
    if interview.problem_slug:
        version = service.run_version(session, invitation, interview.problem_slug)
        package = problem_service.package_of(version)
        problem = {"title": version.title, "statement_html": to_html(package.statement),
                   "samples": [{"input": t.input.decode("utf-8", "replace"),
                                "output": t.answer.decode("utf-8", "replace")} for t in package.samples]}
    return {"role": role, "name": name, "socket_path": socket_path, "languages": languages,
            "language_names": language_names(languages), "problem": problem, "video_url": interview.video_url,
            "candidate_name": invitation.candidate_name}


@router.get("/ui/interviews/{interview_id}/pad")
def interviewer_pad(request: Request, interview_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff, user = page_person(request, session, settings)
    interview = service.get(session, interview_id, staff.scope)
    if not _may_open(session, staff, user, interview):
        raise Forbidden("only this interview's interviewers open its pad")
    context = _pad_context(session, interview, INTERVIEWER, user.name, f"/ui/interviews/{interview.id}/socket")
    if service.is_over(interview):  # the ended pad leads to its playback and the interviewers' scorecard
        context["after_url"] = f"/ui/interviews/{interview.id}#playback"
    return pages.pad_page(request, context)


@router.get("/interview/{token}")
def candidate_pad(request: Request, token: str, session: SessionDep) -> Response:
    interview = service.by_token(session, token)
    if interview is None:
        return pages.refusal_page(request, "This interview link is not valid",
                                  "No interview matches this link. Check that you opened the whole link from "
                                  "your e-mail, or ask the person who invited you.", 404)
    try:
        service.require_open(interview)
    except Forbidden as exc:
        early = service.state(interview) == "early"
        return pages.refusal_page(request, "The interview has not opened yet" if early else "The interview is over",
                                  exc.detail, 403 if early else 410)
    return pages.pad_page(request, _pad_context(session, interview, CANDIDATE, "Candidate",
                                                f"/interview/{token}/socket"))


# ------------------------------------------------------------------------------ the sockets


def _same_origin(socket: WebSocket) -> bool:
    origin = socket.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == socket.headers.get("host")


async def _refuse(socket: WebSocket, code: int, message: str) -> None:
    await socket.accept()
    await socket.send_json({"type": "error", "message": message, "fatal": True})
    await socket.close(code, message[:120])


def _hub(socket: WebSocket) -> Hub:
    return cast(Hub, socket.app.state.pads)


@router.websocket("/interview/{token}/socket")
async def candidate_socket(socket: WebSocket, token: str) -> None:
    if not _same_origin(socket):
        return await _refuse(socket, REFUSED, "this pad opens from its own page only")
    hub = _hub(socket)
    with Session(hub.engine) as session:
        interview = service.by_token(session, token)
        if interview is None:
            return await _refuse(socket, UNKNOWN, "no interview matches this link")
        current = service.state(interview)
        closes = service.closes_at(interview).timestamp()
        interview_id = interview.id
    if current != "open":
        message = "the interview has not opened yet" if current == "early" else "the interview is over"
        return await _refuse(socket, REFUSED if current == "early" else CLOSED, message)
    await socket.accept()
    await hub.serve(socket, interview_id, CANDIDATE, "Candidate", closes_at=closes)


@router.websocket("/ui/interviews/{interview_id}/socket")
async def interviewer_socket(socket: WebSocket, interview_id: str) -> None:
    if not _same_origin(socket):
        return await _refuse(socket, REFUSED, "this pad opens from its own page only")
    hub = _hub(socket)
    with Session(hub.engine) as session:
        current = web_session.person_of(session, cast(Request, socket))
        if current is None:
            return await _refuse(socket, REFUSED, "sign in to the console to open this pad")
        user = current.user
        staff = web_session.staff_of(session, hub.settings, cast(Request, socket))
        interview = session.get(Interview, interview_id)
        if interview is None or staff is None or not staff.scope.allows(interview.team_id):
            return await _refuse(socket, UNKNOWN, "no such interview")
        if not _may_open(session, staff, user, interview):
            return await _refuse(socket, REFUSED, "only this interview's interviewers open its pad")
        name = user.name
    await socket.accept()
    await hub.serve(socket, interview_id, INTERVIEWER, name)
