"""Browser sessions for the console.

A person signs in as themselves (e-mail and password, with a one-time code if they turned it on, or
single sign-on): the cookie then holds their session token (``ses_...``, api.people.sessions: kept on the
server as a hash, revocable, ended at once when they are deactivated). With
``ASSAY_CONSOLE_KEY_SIGN_IN=true`` scripts may also sign in by pasting an API key into a form (POST,
never in a URL): the cookie then holds a random session id and its HMAC-SHA256 signature
(``<id>.<signature>``); the database keeps only a hash of the id, with the key it belongs to and an
expiry. The cookie is HttpOnly, SameSite=Lax (no cross-site POST carries it) and Secure (browsers accept
Secure cookies on http://localhost as well; ``ASSAY_SESSION_COOKIE_SECURE=false`` for plain-HTTP
testing elsewhere). Logging out ends the session server-side; revoking the key ends all its sessions.

A Secure cookie is named ``__Host-assay_session``: browsers keep a ``__Host-`` cookie only when it is
Secure, has Path=/ and no Domain, so neither a sibling subdomain nor a plain-HTTP page can plant or
shadow it (session fixation). The prefix needs Secure, so with ``ASSAY_SESSION_COOKIE_SECURE=false`` the
cookie is plain ``assay_session``. Only the configured name is read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, TypedDict

from fastapi import Request
from sqlmodel import Field, Session, SQLModel

from api.auth import Staff, staff_of_user
from api.models import ApiKey, utcnow
from api.people import sessions as people_sessions
from api.people.models import User
from api.security import create_once
from api.settings import Settings

COOKIE = "assay_session"  # the name over plain HTTP (ASSAY_SESSION_COOKIE_SECURE=false)
SECURE_COOKIE = "__Host-" + COOKIE  # the name of the Secure cookie (the default)
WEB_ROLES = ("admin", "reviewer")  # who may use the reviewer pages


class WebSession(SQLModel, table=True):
    __tablename__ = "web_sessions"

    id: str = Field(primary_key=True)  # sha256 of the session id; the id itself lives only in the cookie
    key_id: int = Field(foreign_key="api_keys.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    ended_at: datetime | None = None


def secret_of(settings: Settings) -> bytes:
    """The signing secret: the setting, else a random one kept (0600) in data_dir."""
    if settings.session_secret:
        return settings.session_secret.encode()
    path = Path(settings.data_dir) / "session-secret"
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    create_once(path, secrets.token_urlsafe(48).encode())  # another process may make it first: theirs wins
    return path.read_bytes().strip()


def cookie_name(settings: Settings) -> str:
    """The session cookie's name: ``__Host-assay_session`` when it is Secure, else ``assay_session``."""
    return SECURE_COOKIE if settings.session_cookie_secure else COOKIE


def cookie_of(request: Request) -> str | None:
    """The session cookie the request carries (under the name the app's settings give it)."""
    return request.cookies.get(cookie_name(request.app.state.settings))


def _sign(secret: bytes, sid: str) -> str:
    digest = hmac.new(secret, sid.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def start(session: Session, settings: Settings, key_id: int) -> tuple[str, WebSession]:
    """A new session for the key; returns the cookie value and the row (added to ``session``)."""
    sid = secrets.token_urlsafe(32)
    row = WebSession(id=_hash(sid), key_id=key_id, expires_at=utcnow() + timedelta(hours=settings.session_hours))
    session.add(row)
    return f"{sid}.{_sign(secret_of(settings), sid)}", row


def _row(session: Session, settings: Settings, cookie: str | None) -> WebSession | None:
    if not cookie or cookie.count(".") != 1:
        return None
    sid, signature = cookie.split(".")
    if not hmac.compare_digest(signature, _sign(secret_of(settings), sid)):
        return None
    row = session.get(WebSession, _hash(sid))
    if row is None or row.ended_at is not None or row.expires_at <= utcnow():
        return None
    return row


def person_of(session: Session, request: Request, *, pending: bool = False) -> people_sessions.Current | None:
    """The person whose live session the request's cookie carries (``pending``: also one whose second
    factor is still to come), or None."""
    cookie = cookie_of(request)
    if not cookie or not cookie.startswith(people_sessions.PREFIX):
        return None
    current = people_sessions.lookup(session, cookie)
    if current is None or (current.session.mfa_pending and not pending):
        return None
    return current


def start_person(session: Session, settings: Settings, request: Request, user: User, *,
                 mfa_pending: bool = False) -> str:
    """A new console session for ``user``; returns the cookie value."""
    _, token = people_sessions.start(session, user, hours=settings.session_hours, mfa_pending=mfa_pending,
                                     user_agent=request.headers.get("user-agent", ""),
                                     address=request.client.host if request.client else "")
    return token


def staff_of(session: Session, settings: Settings, request: Request) -> Staff | None:
    """The staff member whose live session the request's cookie carries, or None."""
    current = person_of(session, request)
    if current is not None:
        return staff_of_user(session, current.user)
    if not settings.console_key_sign_in:
        return None
    row = _row(session, settings, cookie_of(request))
    if row is None:
        return None
    key = session.get(ApiKey, row.key_id)
    if key is None or key.revoked_at is not None or key.id is None:
        return None
    if key.expires_at is not None and key.expires_at <= utcnow():  # an expired key's sessions end with it
        return None
    return Staff(key_id=key.id, role=key.role, name=key.name)


def end(session: Session, settings: Settings, request: Request) -> object | None:
    """End the request's session (a person's or a key's); returns it, or None."""
    current = person_of(session, request, pending=True)
    if current is not None:
        people_sessions.revoke(session, current.session)
        return current.session
    row = _row(session, settings, cookie_of(request))
    if row is not None:
        row.ended_at = utcnow()
        session.add(row)
    return row


# ---------------------------------------------------------------- login form CSRF (issue 13)
# A login CSRF (another site posting its own key to /ui/login, logging the victim in as someone else) is
# refused with a token bound to a pre-session cookie: GET /ui/login sets a random ``assay_login_csrf``
# cookie (SameSite=Strict, so no cross-site POST carries it) and the form carries HMAC(secret, cookie);
# POST /ui/login needs both, matching. (The HR console's forms get their CSRF tokens elsewhere.)

LOGIN_CSRF_COOKIE = "assay_login_csrf"


def login_csrf_nonce(request: Request) -> str | None:
    """The pre-session nonce the request's cookie carries, if it looks like one of ours."""
    value = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    return value if 20 <= len(value) <= 100 and value.replace("-", "").replace("_", "").isalnum() else None


def new_login_csrf_nonce() -> str:
    return secrets.token_urlsafe(24)


def login_csrf_token(settings: Settings, nonce: str) -> str:
    return _sign(secret_of(settings), "login-csrf:" + nonce)


def login_csrf_ok(settings: Settings, request: Request, token: str) -> bool:
    nonce = login_csrf_nonce(request)
    return bool(nonce and token) and hmac.compare_digest(token, login_csrf_token(settings, nonce or ""))


class CookieOptions(TypedDict):
    """Keyword arguments of ``Response.set_cookie``."""

    httponly: bool
    secure: bool
    samesite: Literal["lax", "strict", "none"]
    path: str
    max_age: int


def login_csrf_cookie_options(settings: Settings) -> CookieOptions:
    return CookieOptions(httponly=True, secure=settings.session_cookie_secure, samesite="strict", path="/ui/",
                         max_age=3600)


def cookie_options(settings: Settings) -> CookieOptions:
    return CookieOptions(httponly=True, secure=settings.session_cookie_secure, samesite="lax", path="/",
                         max_age=settings.session_hours * 3600)
