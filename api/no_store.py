"""``Cache-Control: no-store`` on the JSON APIs: REST (``/v1/``) and the ATS integrations
(``/integrations/``).

Their answers carry credentials (a new invitation's token, a candidate's link, an integration's
``candidate_token``) and candidates' personal data; no browser, proxy or CDN may keep a copy (issue 22,
item 14). An answer that already says how it may be cached (an ETag-validated report page) keeps its own
header.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIXES = ("/v1/", "/integrations/")


class NoStore:
    """ASGI middleware: adds ``Cache-Control: no-store`` to answers under ``prefixes`` that have none."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...] = API_PREFIXES) -> None:
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_no_store)
