"""The candidate pages' cookie: the personal link's token (or a read-only ``rpt_`` report key) once the
link has been opened, so that the token leaves the address bar, the history and every log.

The personal link answers with the cookie and a 303 to the address without the secret, or, when the
link was clicked on another site, a page that moves on by itself (``remember``). HttpOnly (no script
reads it), SameSite=Strict (no other site's form, link or request carries it), path
/take (nothing else receives it), Secure when the site is served over https (the request's scheme, or
``ASSAY_PUBLIC_URL``: a TLS proxy in front), and no expiry (it goes when the browser closes; the link in
the e-mail opens the assessment again)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from api.services import candidate_links
from api.settings import Settings
from api.take.pages import SECURITY_HEADERS, candidate_page


def credential(request: Request) -> str | None:
    """The token or report key this browser holds, if any."""
    return request.cookies.get(candidate_links.COOKIE) or None


def secure(request: Request, settings: Settings) -> bool:
    return request.url.scheme == "https" or settings.resolved_public_url.startswith("https://")


def remember(request: Request, settings: Settings, secret: str, target: str) -> Response:
    """The answer to a personal link: the cookie, and on to ``target`` (an address without the secret).

    A link clicked on another site (a webmail, an ATS) is a cross-site navigation, and browsers keep a
    SameSite=Strict cookie from every request of it, redirects included: a 303 would land on ``target``
    without the cookie. Those get a page that moves on by itself (meta refresh, which replaces the
    link's entry in the history) in a navigation of this site's own; everything else (the browser's
    address bar, this site's pages, API clients) the 303."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        hop = candidate_page(request, "opening.html", {"target": target})
        return keep(request, settings, secret, hop)
    return keep(request, settings, secret, RedirectResponse(target, status_code=303, headers=SECURITY_HEADERS))


def keep(request: Request, settings: Settings, secret: str, response: Response) -> Response:
    """``response``, setting the cookie to ``secret``."""
    response.set_cookie(candidate_links.COOKIE, secret, path=candidate_links.COOKIE_PATH, httponly=True,
                        samesite="strict", secure=secure(request, settings))
    return response


def forget(request: Request, settings: Settings, response: Response) -> Response:
    """``response``, clearing a cookie that opens nothing any more (the invitation was erased)."""
    response.delete_cookie(candidate_links.COOKIE, path=candidate_links.COOKIE_PATH, httponly=True,
                           samesite="strict", secure=secure(request, settings))
    return response
