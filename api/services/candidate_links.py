"""The candidate's way in: the one builder of the candidate app's URLs (``/take/<token>``, its report)
and the one lookup of the invitation a candidate token opens.

The personal link carries the token only until it is first opened: ``GET /take/<token>`` moves it into a
cookie (``COOKIE``, HttpOnly, SameSite=Strict, path /take) and redirects to ``HOME_PATH``, so that no
address a browser shows, keeps in its history or sends to a server log holds it. The candidate app then
calls the candidate API under ``API_PREFIX`` (/take/v1/me...) with that cookie and the
``INVITATION_HEADER`` (which no other site can make a browser send); REST clients keep
``Authorization: Bearer`` on /v1/me.

A leaf (models, errors and security only): authentication, the mail and webhook outboxes, the REST routes
and both page apps use it."""

from __future__ import annotations

from sqlmodel import Session, col, select

from api.errors import Conflict, Forbidden, Unauthorized
from api.models import Invitation
from api.security import TOKEN_PREFIX, hash_secret

APP_PATH = "/take/"  # the candidate app; a proxy publishes it (and /v1/me) to the internet
MAX_TOKEN_LENGTH = 200
HOME_PATH = APP_PATH  # where a personal link leads once its token is in the cookie
REPORT_PATH = "/take/report"  # the transparency report, from the cookie
COOKIE = "assay_take"  # the candidate's token, or a read-only rpt_ report key
COOKIE_PATH = "/take"  # the cookie goes nowhere else (not to /v1, not to the console)
API_PREFIX = "/take/v1/me"  # the candidate API as the candidate app calls it: cookie and header
INVITATION_HEADER = "X-Assay-Invitation"  # the id of the invitation the page shows (not a secret)


def path(token: str) -> str:
    """The candidate's page on this server: ``/take/<token>``."""
    return f"{APP_PATH}{token}"


def report_path(key: str) -> str:
    """The candidate's transparency report, opened with their token or an ``rpt_`` key."""
    return f"{path(key)}/report"


def link(public_url: str, token: str) -> str:
    """The candidate's personal link, as sent out: ``<public url>/take/<token>``."""
    return public_url.rstrip("/") + path(token)


def report_link(public_url: str, key: str) -> str:
    return public_url.rstrip("/") + report_path(key)


def app_url(public_url: str) -> str:
    """The candidate app without a personal link."""
    return public_url.rstrip("/") + APP_PATH


def invitation_for(session: Session, token: str) -> Invitation | None:
    """The invitation a candidate token opens (revoked ones included), or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    return session.exec(select(Invitation).where(col(Invitation.token_hash) == hash_secret(token))).first()


def invitation_from_cookie(session: Session, cookie: str | None, page_invitation: str | None) -> Invitation:
    """The invitation the candidate app's request is for: the token in its cookie, on a request that
    carries ``INVITATION_HEADER`` with that invitation's id. The header is what no form or link of another
    site can send (SameSite=Strict keeps the cookie from their requests anyway); a different id is a tab of
    another personal link opened in the same browser since, which must not write into this one."""
    if not page_invitation:
        raise Forbidden(f"the candidate app sends the {INVITATION_HEADER} header with its cookie; other "
                        "clients send 'Authorization: Bearer <invitation token>' to /v1/me")
    invitation = invitation_for(session, cookie) if cookie else None
    if invitation is None:
        raise Unauthorized("this browser holds no assessment link: open your personal link again")
    if invitation.id != page_invitation:
        raise Conflict("another assessment link was opened in this browser since this page was loaded: "
                       "reload the page")
    return invitation
