"""What the console's authoring pages share (issue 25): the signed-in author (a person with the author role
in a team, an admin, or a Bearer key of role author or admin), and the pages themselves, whose
Content-Security-Policy also allows the page's own script to fetch from this origin (the live preview of
the statement, the progress of a verify run)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api.auth import Staff, staff_from_key
from api.console import csrf
from api.console import session as web_session
from api.console.pages import ENV, SECURITY_HEADERS, LoginRequired
from api.errors import Forbidden, Unauthorized
from api.services import authoring
from api.settings import Settings

_POLICY = SECURITY_HEADERS["Content-Security-Policy"]
HEADERS = {**SECURITY_HEADERS,
           "Content-Security-Policy": _POLICY.replace("default-src 'none';", "default-src 'none'; connect-src 'self';")}


def staff_at(request: Request, session: Session, settings: Settings) -> tuple[Staff, bool]:
    """The member of staff at the page (a session, or a Bearer key) and whether it came by the cookie."""
    staff = web_session.staff_of(session, settings, request)
    by_cookie = staff is not None
    header = request.headers.get("authorization", "")
    if staff is None and header:
        scheme, _, secret = header.partition(" ")
        staff = staff_from_key(session, secret.strip()) if scheme.lower() == "bearer" else None
        if staff is None:
            raise Unauthorized("unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    if staff is None:
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    request.state.staff = staff
    return staff, by_cookie


def author_staff(request: Request, session: Session, settings: Settings, token: str | None = None) -> Staff:
    """The author at the page (Forbidden for someone who may not write problems). ``token``: the form's
    CSRF token, checked for a cookie session (a Bearer key's request carries no cookie to forge)."""
    staff, by_cookie = staff_at(request, session, settings)
    authoring.require_author(session, staff)
    if token is not None and by_cookie:
        csrf.check(request, settings, token)
    return staff


def reader_staff(request: Request, session: Session, settings: Settings) -> Staff:
    """Who may read an authoring page (a verify run): whoever opens the console's pages, or an author."""
    staff, _ = staff_at(request, session, settings)
    if staff.role not in web_session.WEB_ROLES and not authoring.may_author(session, staff):
        raise Forbidden(f"role '{staff.role}' may not open the console's pages")
    return staff


def authoring_page(request: Request, template: str, context: dict[str, Any], status: int = 200,
                   staff: Staff | None = None) -> Response:
    html = ENV.get_template(template).render(request=request, staff=staff, **context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def fragment(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """A piece of a page the page's script puts in place (never cached)."""
    return HTMLResponse(ENV.get_template(template).render(request=request, **context), status_code=status,
                        headers=HEADERS)
