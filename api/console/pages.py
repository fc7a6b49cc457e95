"""What every console page shares: its Jinja2 environment (api/console/templates), rendering a page
(``page``) with the staff headers, the logged-in reviewer (``page_staff``, or ``LoginRequired``), and
errors answered as the console's error page.

The console's page modules (routes: login and the reviewer pages; actions; analytics) import this one
and none of each other's routes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.auth import Staff, staff_from_key, staff_of_user
from api.console import session as web_session
from api.console.highlight import pygments_css
from api.errors import ApiError, Forbidden, Unauthorized
from api.pages import headers
from api.pages.assets import SHARED, Assets
from api.pages.conditional import page_with_etag
from api.pages.templating import environment
from api.people.models import User
from api.security import KEY_PREFIX
from api.settings import Settings

HERE = Path(__file__).parent
SECURITY_HEADERS = headers.STAFF
ASSETS = Assets("/ui/static", [HERE / "static", SHARED], generated={"code.css": lambda: pygments_css().encode()})
ENV = environment(HERE / "templates", ASSETS)


def page(request: Request, template: str, context: dict[str, Any], status: int = 200,
         staff: Staff | None = None, *, revalidate: bool = True) -> Response:
    """A console page. A GET answered 200 gets an ETag (a repeat visit of an unchanged page is a 304);
    other answers, and those with ``revalidate=False`` (secrets of the moment), are no-store."""
    html = ENV.get_template(template).render(request=request, staff=staff, **context)
    if revalidate and status == 200 and request.method in ("GET", "HEAD"):
        return page_with_etag(request, html, SECURITY_HEADERS)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


class LoginRequired(Exception):
    """A staff page without a session: answered by a redirect to the login form (``login_required``)."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def page_staff(request: Request, session: Session, settings: Settings, *, allow_bearer: bool = False) -> Staff:
    """The logged-in reviewer (or admin); a Bearer key too where ``allow_bearer``."""
    staff = web_session.staff_of(session, settings, request)
    header = request.headers.get("authorization", "")
    if staff is None and allow_bearer and header:
        scheme, _, secret = header.partition(" ")
        staff = staff_from_key(session, secret.strip()) if scheme.lower() == "bearer" else None
        if staff is None:
            detail = ("an invitation token cannot open staff pages" if not secret.strip().startswith(KEY_PREFIX)
                      else "unknown or revoked API key")
            raise Unauthorized(detail, headers={"WWW-Authenticate": "Bearer"})
    if staff is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(path)
    if staff.role not in web_session.WEB_ROLES:
        raise Forbidden(f"role '{staff.role}' may not open the reviewer pages; needs reviewer or admin")
    request.state.staff = staff
    return staff


def page_person(request: Request, session: Session, settings: Settings) -> tuple[Staff, User]:
    """The signed-in person (pages that are about people: the Team page, their own account); a key's
    session is refused there (Forbidden), no session is LoginRequired."""
    current = web_session.person_of(session, request)
    if current is None:
        if web_session.staff_of(session, settings, request) is not None:
            raise Forbidden("this page is for people signed in as themselves, not for an API key's session")
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(path)
    staff = staff_of_user(session, current.user)
    request.state.staff = staff
    return staff, current.user


def _wants_html(request: Request) -> bool:
    return request.url.path.startswith("/ui/") or request.url.path.endswith(".html")


async def login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/ui/login?next={quote(exc.next_path, safe='')}", status_code=303,
                            headers=SECURITY_HEADERS)


def html_error(request: Request, exc: ApiError) -> Response | None:
    """Errors on the console's pages as a page (the JSON API keeps problem+json)."""
    if not _wants_html(request) or exc.status == 401:
        return None
    title = "Please correct the form" if exc.status == 422 else exc.title  # not the protocol's "Unprocessable content"
    return page(request, "error.html", {"status": exc.status, "title": title, "detail": exc.detail},
                status=exc.status, staff=getattr(request.state, "staff", None))
