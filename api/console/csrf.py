"""CSRF tokens for the HR console's forms.

The session cookie is already SameSite=Lax (no cross-site POST carries it); each console form also
carries a token bound to the session: HMAC(secret, "console-csrf:" + session cookie). A form posted
from elsewhere, or with another session's token, is refused with 403 and a page that says why."""

from __future__ import annotations

import hmac

from fastapi import Request

from api.console import session as web_session
from api.errors import Forbidden
from api.settings import Settings


def token_for(request: Request, settings: Settings) -> str:
    cookie = web_session.cookie_of(request) or ""
    return web_session._sign(web_session.secret_of(settings), "console-csrf:" + cookie)


def check(request: Request, settings: Settings, submitted: str) -> None:
    if not submitted or not hmac.compare_digest(submitted, token_for(request, settings)):
        raise Forbidden("this form expired or came from another site: reload the page and submit it again")
