"""The reviewer pages: login, assessments, an assessment's invitations, an invitation's report.

Server-rendered (Jinja2), printable, usable without JavaScript; one small script of our own
(static/console.js: times in the viewer's time zone, copy buttons) is the only one the
Content-Security-Policy allows. What the pages share (templates, headers, the logged-in reviewer) is
in api.console.pages.
The JSON API keeps Bearer authentication; these pages use the session cookie (api.console.session), and
GET /v1/invitations/{id}/report.html takes either.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func
from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff, staff_from_key
from api.console import session as web_session
from api.console import views
from api.console.actions import invite_context, manage_context
from api.console.highlight import pygments_css
from api.console.pages import SECURITY_HEADERS, page, page_staff
from api.deps import SessionDep, SettingsDep
from api.models import Assessment, Invitation
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.settings import Settings

router = APIRouter(include_in_schema=False)


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/ui/"


# ------------------------------------------------------------------------------ login, logout


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui/login")
def login_form(request: Request, session: SessionDep, settings: SettingsDep, next: str | None = None) -> Response:
    staff = web_session.staff_of(session, settings, request)
    return _login_page(request, settings, {"next": _safe_next(next), "error": None}, staff=staff)


def _login_page(request: Request, settings: Settings, context: dict[str, Any], status: int = 200,
                staff: Staff | None = None) -> Response:
    """The login form with its CSRF token, bound to the pre-session cookie (set here if missing)."""
    nonce = web_session.login_csrf_nonce(request) or web_session.new_login_csrf_nonce()
    response = page(request, "login.html", {**context, "insecure": _insecure(request, settings),
                                            "csrf_token": web_session.login_csrf_token(settings, nonce)},
                    status=status, staff=staff)
    response.set_cookie(web_session.LOGIN_CSRF_COOKIE, nonce,
                        **web_session.login_csrf_cookie_options(settings))
    return response


def _insecure(request: Request, settings: Settings) -> bool:
    """A Secure cookie over plain HTTP to another host than loopback will not be kept by the browser."""
    host = request.url.hostname or ""
    return (settings.session_cookie_secure and request.url.scheme == "http"
            and host not in ("localhost", "127.0.0.1", "::1") and not host.endswith(".localhost"))


@router.post("/ui/login")
def login(request: Request, session: SessionDep, settings: SettingsDep,
          key: Annotated[str, Form(max_length=200)] = "", next: Annotated[str, Form(max_length=2000)] = "/ui/",
          csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    if not web_session.login_csrf_ok(settings, request, csrf_token):
        return _login_page(request, settings, {"next": _safe_next(next), "error": (
            "The login form expired or came from another site; log in again from this page.")}, status=403)
    staff = staff_from_key(session, key.strip())
    error = None
    if staff is None:
        error = "That key is unknown or revoked." if key.strip() else "Paste your API key."
    elif staff.scope.teams is not None:
        error = "A key made for one team cannot open the console: sign in as yourself."
    elif staff.role not in web_session.WEB_ROLES:
        error = f"A key with the role '{staff.role}' cannot open the reviewer pages (reviewer or admin only)."
    if error is not None or staff is None or staff.key_id is None:
        return _login_page(request, settings, {"next": _safe_next(next), "error": error}, status=401)
    cookie, _ = web_session.start(session, settings, staff.key_id)
    audit.record(session, staff, "session.login", "key", staff.key_id, request=request)
    session.commit()
    response = RedirectResponse(_safe_next(next), status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(web_session.COOKIE, cookie, **web_session.cookie_options(settings))
    return response


@router.post("/ui/logout")
def logout(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    staff = web_session.staff_of(session, settings, request)
    if web_session.end(session, settings, request) is not None and staff is not None:
        audit.record(session, staff, "session.logout", "key", staff.key_id, request=request)
    session.commit()
    response = RedirectResponse("/ui/login", status_code=303, headers=SECURITY_HEADERS)
    response.delete_cookie(web_session.COOKIE, path="/", secure=settings.session_cookie_secure, httponly=True,
                           samesite="lax")
    return response


# ------------------------------------------------------------------------------ pages


@router.get("/ui/code.css")
def code_css() -> Response:
    return Response(pygments_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/ui/")
def home(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    assessments = session.exec(select(Assessment).order_by(col(Assessment.created_at).desc())).all()
    counts = dict(session.exec(select(Invitation.assessment_id, func.count()).group_by(Invitation.assessment_id)).all())
    items = [{"assessment": a, "problems": assessment_service.problem_versions(session, a.id),
              "invitations": counts.get(a.id, 0)} for a in assessments]
    return page(request, "home.html", {"items": items}, staff=staff)


@router.get("/ui/assessments/{assessment_id}")
def assessment_index(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
                     sort: Annotated[str, Query(pattern="^(" + "|".join(views.SORTS) + ")$")] = "score",
                     order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
                     state: Annotated[str | None, Query(pattern="^(invited|started|completed|expired|revoked)$")]
                     = None) -> Response:
    staff = page_staff(request, session, settings)
    assessment = assessment_service.get(session, assessment_id)
    context = views.index_page(session, assessment, settings, sort, order, state)
    context["problems"] = assessment_service.problem_versions(session, assessment_id)
    context.update(invite_context(request, settings))
    return page(request, "assessment.html", context, staff=staff)


def _report(request: Request, invitation_id: str, session: Session, settings: Settings, staff: Staff,
            via: str) -> Response:
    invitation = invitation_service.get(session, invitation_id)
    context = views.report_page(session, invitation, settings)
    if via == "page":  # the console's actions need the session cookie (CSRF-bound), not a Bearer key
        context["manage"] = manage_context(request, session, settings, invitation)
    audit.record(session, staff, "report.viewed", "invitation", invitation.id, request=request, format="html",
                 via=via)
    session.commit()
    return page(request, "report.html", context, staff=staff)


@router.get("/ui/invitations/{invitation_id}")
def report_page(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    return _report(request, invitation_id, session, settings, staff, "page")


@router.get("/v1/invitations/{invitation_id}/report.html", summary="the report as a page (reviewer)")
def report_html(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings, allow_bearer=True)
    return _report(request, invitation_id, session, settings, staff, "api")
