"""Errors on the pages answered as a page; the JSON API keeps its problem+json.

Each app hands ``install`` a renderer that returns a page for the requests it owns, or None. A request
FastAPI itself refused (a form field missing or too long: ``RequestValidationError``) reaches the
renderers as an ``Unprocessable`` in plain words (api.pages.form_errors), so no page shows pydantic's
wording or raw JSON."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.responses import Response

from api.errors import ApiError, Unprocessable
from api.pages import form_errors

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
    validation_handler = app.exception_handlers.get(RequestValidationError)
    assert validation_handler is not None, "api.errors.install(app) first"

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = form_errors.plain(exc.errors())
        plain = Unprocessable(form_errors.summary(errors) or "the form could not be read", errors=errors)
        for render in renderers:
            html = render(request, plain)
            if html is not None:
                return html
        answer = validation_handler(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_exception_handler(RequestValidationError, validation_error)
