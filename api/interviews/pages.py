"""The pad's page (one template for both sides: api/interviews/templates/pad.html), rendered with the
candidate app's static files (the pad's bundle is the second entry of web/build.mjs) and headers that
let it open its WebSocket (connect-src 'self') and let CodeMirror inject its <style> (a nonce)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.pages import headers
from api.pages.templating import environment
from api.take.pages import ASSETS

HERE = Path(__file__).parent
ENV = environment(HERE / "templates", ASSETS)
BUNDLE = "dist/pad.js"  # the entry in dist/manifest.json (web/build.mjs)


def bundle_url() -> str | None:
    """The pad bundle's hashed URL, or None when `make assets` has not built it (the page then says so)."""
    return ASSETS.url(BUNDLE)


def _headers(nonce: str) -> dict[str, str]:
    base = dict(headers.CANDIDATE)  # connect-src 'self' already
    return headers.with_style_nonce(base, nonce)


def pad_page(request: Request, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    nonce = secrets.token_urlsafe(18)
    html = ENV.get_template("pad.html").render(request=request, nonce=nonce, bundle=bundle_url(),
                                               **context)
    return HTMLResponse(html, status_code=status, headers=_headers(nonce))


def refusal_page(request: Request, title: str, message: str, status: int) -> HTMLResponse:
    html = ENV.get_template("refused.html").render(request=request, title=title, message=message)
    return HTMLResponse(html, status_code=status, headers=headers.CANDIDATE)
