"""Rendering a candidate page (api/take/templates) with the candidate headers, and the page for a token
that opens nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.errors import ApiError
from api.pages import headers
from api.pages.assets import SHARED, Assets
from api.pages.templating import environment

HERE = Path(__file__).parent
SECURITY_HEADERS = headers.CANDIDATE
ASSETS = Assets("/take/static", [HERE / "static", SHARED], bundle=HERE / "static" / "dist")
ENV = environment(HERE / "templates", ASSETS)


def candidate_page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A candidate page, with the candidate app's headers."""
    html = ENV.get_template(template).render(request=request, **context)
    page_headers = SECURITY_HEADERS
    if context.get("nonce"):  # the editor (CodeMirror) injects its own <style> element, with this nonce
        page_headers = headers.with_style_nonce(page_headers, context["nonce"])
    return HTMLResponse(html, status_code=status, headers=page_headers)


def candidate_not_found(request: Request) -> HTMLResponse:
    """The page for a token that opens nothing."""
    return candidate_page(request, "unknown.html", {}, status=404)


def html_error(request: Request, exc: ApiError) -> HTMLResponse | None:
    """A form of a candidate page refused as unreadable (422: a field too long, say) answers as a page in
    plain words, never as JSON; other errors and other paths are not this renderer's."""
    if exc.status != 422 or not request.url.path.startswith("/take"):
        return None
    return candidate_page(request, "unknown.html", {"refused": True}, status=422)
