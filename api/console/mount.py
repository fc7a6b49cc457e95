"""The reviewer pages (server-rendered HTML): ``install(app)`` adds their routes, static files and the
error handlers that answer a page with a page."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from api.errors import ApiError

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    # here, not at the top: the page modules import api.web's submodules, so the package stays light
    from api.web import analytics, candidate, candidate_report, console, pages, routes

    app.include_router(console.router)  # the HR console's actions (first: /ui/assessments/new before {id})
    app.include_router(analytics.router)  # analytics page, its CSV, decisions (issue 15)
    app.include_router(routes.router)
    app.include_router(candidate_report.router)  # /take/<token>/report (issue 15)
    app.include_router(candidate.router)  # the candidate app: /take/<token>
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")
    # The same files for the candidate app, so that a proxy can publish /take/ and /v1/me without /ui/.
    app.mount("/take/static", StaticFiles(directory=STATIC), name="take-static")
    app.add_exception_handler(pages.LoginRequired, pages.login_required)
    api_handler = app.exception_handlers.get(ApiError)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        html = pages.html_error(request, exc)
        if html is not None:
            return html
        assert api_handler is not None
        return await api_handler(request, exc)

    app.add_exception_handler(ApiError, api_error)
