"""``install(app)``: the candidate pages' routes and their static files under /take/static (the
candidate app's bundle included), so that a proxy can publish /take/ and /v1/me without /ui/."""

from __future__ import annotations

from fastapi import FastAPI

from api.take import pages, report, routes


def install(app: FastAPI) -> None:
    app.include_router(report.router)  # /take/<token>/report (issue 15)
    app.include_router(routes.router)  # the candidate app: /take/<token>
    app.mount("/take/static", pages.ASSETS.files(), name="take-static")
