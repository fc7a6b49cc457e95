"""``install(app)``: the candidate pages' routes, the candidate API as the candidate app calls it
(/take/v1/me..., authenticated by the cookie: api.services.candidate_links) and their static files under
/take/static (the candidate app's bundle included), so that a proxy can publish /take/ and /v1/me
without /ui/."""

from __future__ import annotations

from fastapi import FastAPI

from api.routes import me
from api.services import candidate_links
from api.take import pages, report, routes


def install(app: FastAPI) -> None:
    app.include_router(report.router)  # /take/report, /take/<token>/report (issue 15)
    app.include_router(me.router, prefix=candidate_links.API_PREFIX.removesuffix(me.router.prefix),
                       include_in_schema=False)  # /take/v1/me...: the same API, with the cookie
    app.include_router(routes.router)  # the candidate app: /take/, /take/<token>
    app.mount("/take/static", pages.ASSETS.files(), name="take-static")
