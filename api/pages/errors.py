"""Errors on the pages answered as a page; the JSON API keeps its problem+json.

Each app hands ``install`` a renderer that returns a page for the requests it owns, or None."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

from fastapi import FastAPI, Request
from starlette.responses import Response

from api.errors import ApiError

Renderer = Callable[[Request, ApiError], Response | None]


def install(app: FastAPI, renderers: Sequence[Renderer]) -> None:
    """Route ApiError through ``renderers`` first (after the JSON handler ``api.errors`` installed)."""
    api_handler = app.exception_handlers.get(ApiError)
    assert api_handler is not None, "api.errors.install(app) first"

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        for render in renderers:
            html = render(request, exc)
            if html is not None:
                return html
        answer = api_handler(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_exception_handler(ApiError, api_error)
