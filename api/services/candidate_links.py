"""The candidate's way in: the one builder of the candidate app's URLs (``/take/<token>``, its report)
and the one lookup of the invitation a candidate token opens.

A leaf (models and security only): authentication, the mail and webhook outboxes, the REST routes and
both page apps use it."""

from __future__ import annotations

from sqlmodel import Session, col, select

from api.models import Invitation
from api.security import TOKEN_PREFIX, hash_secret

APP_PATH = "/take/"  # the candidate app; a proxy publishes it (and /v1/me) to the internet
MAX_TOKEN_LENGTH = 200


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
