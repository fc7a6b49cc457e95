"""What every server-rendered page shares: the Jinja2 environment and its filters, the security
headers, rendering a staff page (``page``) or a candidate page (``candidate_page``), the logged-in
reviewer (``page_staff``), and errors answered as pages.

The page modules (routes: login and the reviewer pages; console; analytics; candidate; candidate_report)
import this one and none of each other.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlmodel import Session

from api.auth import Staff, staff_from_key
from api.errors import ApiError, Forbidden, Unauthorized
from api.security import KEY_PREFIX
from api.settings import Settings
from api.web import session as web_session
from graders import verdicts

NONE = "\u2013"  # an en dash for a missing value
HERE = Path(__file__).parent

SECURITY_HEADERS = {  # the staff pages
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
# The candidate app's pages (/take/...): the token is in the URL; the workspace calls /v1/me (connect-src).
CANDIDATE_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return NONE
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _offset(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(max(0, seconds), 60)
    return f"+{minutes}:{secs:02d}"


def _dt(value: datetime | None) -> Markup | str:
    """A time in UTC, marked up so that console.js shows it in the viewer's time zone (UTC on hover)."""
    if not value:
        return NONE
    utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    text = utc.strftime("%Y-%m-%d %H:%M UTC")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(utc.isoformat(), text, text)


def _num(value: float | None) -> str:
    if value is None:
        return NONE
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _memory(kib: int | None) -> str:
    if not kib:
        return NONE
    return f"{kib / 1024:.1f} MiB" if kib >= 1024 else f"{kib} KiB"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(duration=_duration, offset=_offset, dt=_dt, num=_num, memory=_memory,
                       pct=lambda v: f"{round(100 * (v or 0))} %")
    # the one set of verdict names (graders.verdicts): templates, and the candidate app through the workspace page
    env.globals.update(verdict_names=verdicts.NAMES, run_verdict_names=verdicts.RUN_NAMES, quote=quote)
    return env


ENV = _environment()


def page(request: Request, template: str, context: dict[str, Any], status: int = 200,
         staff: Staff | None = None) -> HTMLResponse:
    html = ENV.get_template(template).render(request=request, staff=staff, **context)
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


def candidate_page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A candidate page (templates/take/), with the candidate app's headers."""
    html = ENV.get_template(f"take/{template}").render(request=request, **context)
    headers = dict(CANDIDATE_SECURITY_HEADERS)
    if context.get("nonce"):  # the editor (CodeMirror) injects its own <style> element, with this nonce
        headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
            "style-src 'self'", f"style-src 'self' 'nonce-{context['nonce']}'")
    return HTMLResponse(html, status_code=status, headers=headers)


def candidate_not_found(request: Request) -> HTMLResponse:
    """The page for a token that opens nothing."""
    return candidate_page(request, "unknown.html", {}, status=404)


def _wants_html(request: Request) -> bool:
    return request.url.path.startswith("/ui/") or request.url.path.endswith(".html")


async def login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/ui/login?next={quote(exc.next_path, safe='')}", status_code=303,
                            headers=SECURITY_HEADERS)


def html_error(request: Request, exc: ApiError) -> Response | None:
    """Errors on the pages as a page (the JSON API keeps problem+json)."""
    if not _wants_html(request) or exc.status == 401:
        return None
    return page(request, "error.html", {"status": exc.status, "title": exc.title, "detail": exc.detail},
                status=exc.status, staff=getattr(request.state, "staff", None))
