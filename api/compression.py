"""gzip for text answers: pages, CSS, JavaScript, JSON, CSV, SVG (Starlette's GZipMiddleware, which
leaves images, archives and answers under 500 bytes alone and adds ``Vary: Accept-Encoding``).

The sign-in forms (/ui/login...) are never compressed: they reflect ``?next=`` (chosen by whoever made
the link) beside a CSRF token, the shape a BREACH attack reads a secret from by watching compressed
sizes. The console's
other pages reflect no free text next to their tokens, and a candidate page is only reachable with
its token, the secret itself."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

UNCOMPRESSED_PATHS = ("/ui/login",)  # and what is under it (/ui/login/code)


class Compression:
    def __init__(self, app: ASGIApp, skip_paths: Iterable[str] = UNCOMPRESSED_PATHS, level: int = 6) -> None:
        self.app = app
        self.skip_paths = tuple(skip_paths)
        self.gzip = GZipMiddleware(app, minimum_size=500, compresslevel=level)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if scope["type"] != "http" or any(path == p or path.startswith(p + "/") for p in self.skip_paths):
            await self.app(scope, receive, send)
            return
        await self.gzip(scope, receive, send)
