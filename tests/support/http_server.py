"""A loopback HTTP server in a daemon thread, the ground the fakes of other services stand on (Ashby,
Greenhouse, Lever, a capturing callback host): each fake gives its handler class, built on
``JsonHandler``, and uses the server as a context manager."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class JsonHandler(BaseHTTPRequestHandler):
    """HTTP/1.1, quiet, with helpers to read the body and answer JSON."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def body(self) -> bytes:
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status: int, body: Any = None) -> None:
        """Answer ``status`` with ``body`` as JSON (no body at all when it is None)."""
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class LoopbackServer:
    """``handler`` served on 127.0.0.1 (a free port) by a thread; ``with`` (or listen/close) starts and stops it."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def listen(self) -> Self:
        self.thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Self:
        return self.listen()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class CaptureServer(LoopbackServer):
    """Records every request (method, path, headers) and answers 200."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        capture = self

        class Handler(JsonHandler):
            def _any(self) -> None:
                self.body()
                capture.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers)})
                self.reply(200)

            do_GET = do_POST = do_PATCH = do_PUT = _any

        super().__init__(Handler)
