"""``install(app)``: the candidate pages' routes and their static files under /take/static (the
candidate app's bundle included), so that a proxy can publish /take/ and /v1/me without /ui/."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.take import report, routes

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    app.include_router(report.router)  # /take/<token>/report (issue 15)
    app.include_router(routes.router)  # the candidate app: /take/<token>
    app.mount("/take/static", StaticFiles(directory=STATIC, packages=[("api.pages", "static")]),
              name="take-static")
