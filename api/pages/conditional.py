"""Pages answered with an ETag, so that a browser revalidating one it has gets 304 and no body.

For pages that are the same for the same viewer (the console's: the viewer's session is in the
cookie, or their key in Authorization, hence ``Vary``): ``Cache-Control: private, no-cache`` (kept by
that browser only, and checked with the server before each use). The tag is a digest of the rendered
page, so anything that changes the page (data, the viewer, their CSRF token) changes it; the page is
still rendered (and a view still audited) each time: what a 304 saves is the transfer.

A page with a per-response CSP nonce never gets a tag: a 304 would make the browser run the old page
under a nonce this answer did not give. Such pages, and those with secrets of the moment (the login
form, a candidate's link, every candidate page), stay ``no-store``."""

from __future__ import annotations

import hashlib

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

CACHE_CONTROL = "private, no-cache"
VARY = "Cookie, Authorization"


def etag_of(body: bytes) -> str:
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'  # weak: gzip may re-encode the same page


def matches(request: Request, tag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    opaque = tag.removeprefix("W/")
    return any(t.strip() == "*" or t.strip().removeprefix("W/") == opaque for t in wanted.split(",") if t.strip())


def page_with_etag(request: Request, html: str, headers: dict[str, str]) -> Response:
    """``html`` as a 200 with an ETag, or 304 when the request already holds this version."""
    assert "'nonce-" not in headers.get("Content-Security-Policy", ""), "a page with a nonce is no-store"
    body = html.encode()
    tag = etag_of(body)
    page_headers = {**headers, "Cache-Control": CACHE_CONTROL, "ETag": tag, "Vary": VARY}
    if matches(request, tag):
        return Response(status_code=304, headers=page_headers)
    return HTMLResponse(body, headers=page_headers)
