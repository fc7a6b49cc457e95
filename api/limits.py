"""Request body caps, enforced while the body streams in (Content-Length or chunked alike)."""

from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PROBLEM_JSON


class BodyLimit:
    """ASGI middleware: bodies over the cap for their path get 413 problem+json, unread."""

    def __init__(self, app: ASGIApp, *, default_bytes: int, upload_bytes: int, upload_paths: tuple[str, ...]) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.upload_bytes = upload_bytes
        self.upload_paths = upload_paths

    def _cap(self, path: str) -> int:
        return self.upload_bytes if path.startswith(self.upload_paths) else self.default_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self._cap(scope["path"])
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > cap:
                    await _too_large(send, scope["path"], cap)
                    return
        seen = 0
        responded = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise _BodyTooLarge(cap)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal responded
            if message["type"] == "http.response.start":
                responded = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not responded:
                await _too_large(send, scope["path"], cap)


class _BodyTooLarge(HTTPException):
    """Raised while the body streams in. An HTTPException, so that FastAPI, which turns any other
    error met while reading a body into a 400, lets it through to the problem+json handler."""

    title = "Content too large"

    def __init__(self, cap: int) -> None:
        super().__init__(413, f"the request body is larger than {cap} bytes")


async def _too_large(send: Send, path: str, cap: int) -> None:
    body = json.dumps({"type": "about:blank", "title": "Content too large", "status": 413,
                       "detail": f"the request body is larger than {cap} bytes", "instance": path}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
