"""``install(app)``: the interviews' pages and sockets, and the app's pad hub (app.state.pads)."""

from __future__ import annotations

from fastapi import FastAPI

from api.interviews import routes
from api.interviews.pad import Hub


def install(app: FastAPI) -> None:
    app.state.pads = Hub(app.state.engine, app.state.settings, app.state.executor)
    app.include_router(routes.router)
