"""A webhook receiver, run as its own process by the webhook tests and bench/webhooks.py (through
``support.receiver.Receiver``); only the standard library and ``standardwebhooks``, so it starts fast.

    cd tests && python -m support.receiver_process --port 0 [--secret whsec_...]... [--delay-ms 1]

It prints ``READY <port>`` when it listens. Every request is verified with the ``standardwebhooks``
package against each configured secret and recorded. ``POST /_control`` sets what it answers
(``{"script": [500, 500, 500], "default": 200, "retry_after": "1", "secrets": [...], "delay_ms": 1}``:
the script's statuses are used first, one per request, then ``default``); ``GET /_log`` returns
every request and ``delivered``: the ids answered 2xx, deduplicated by ``webhook-id``, each once;
``POST /_reset`` forgets the log.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook, WebhookVerificationError


class State:
    def __init__(self, secrets: list[str], delay_ms: float) -> None:
        self.lock = threading.Lock()
        self.secrets = secrets
        self.script: list[int] = []
        self.default = 200
        self.retry_after: str | None = None
        self.delay_ms = delay_ms
        self.requests: list[dict[str, Any]] = []
        self.delivered: dict[str, dict[str, Any]] = {}  # webhook-id -> first 2xx request
        self.verify_log = True


def verify(secrets: list[str], body: bytes, headers: dict[str, str]) -> list[int]:
    ok = []
    for index, secret in enumerate(secrets):
        try:
            Webhook(secret).verify(body, headers)
            ok.append(index)
        except WebhookVerificationError:
            pass
    return ok


def make_handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stalls

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self) -> bytes:
            length = int(self.headers.get("content-length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self) -> None:
            if self.path.startswith("/_log"):
                with state.lock:
                    data = {"requests": state.requests, "delivered": list(state.delivered.values())}
                self._reply(200, json.dumps(data).encode())
            else:
                self._reply(404)

        def do_PATCH(self) -> None:
            self._hook("PATCH")

        def do_POST(self) -> None:
            if self.path == "/_control":
                config = json.loads(self._body() or b"{}")
                with state.lock:
                    if "script" in config:
                        state.script = list(config["script"])
                    if "default" in config:
                        state.default = int(config["default"])
                    if "retry_after" in config:
                        state.retry_after = config["retry_after"]
                    if "secrets" in config:
                        state.secrets = list(config["secrets"])
                    if "delay_ms" in config:
                        state.delay_ms = float(config["delay_ms"])
                    if "verify_log" in config:
                        state.verify_log = bool(config["verify_log"])
                self._reply(200, b"{}")
            elif self.path == "/_reset":
                with state.lock:
                    state.requests.clear()
                    state.delivered.clear()
                self._reply(200, b"{}")
            else:
                self._hook("POST")

        def _hook(self, method: str) -> None:
            body = self._body()
            headers = {k.lower(): v for k, v in self.headers.items()}
            with state.lock:
                secrets = list(state.secrets)
                status = state.script.pop(0) if state.script else state.default
                retry_after = state.retry_after
                delay = state.delay_ms
                keep = state.verify_log
            verified = verify(secrets, body, headers) if secrets and "webhook-signature" in headers else []
            if delay:
                time.sleep(delay / 1000)
            try:
                payload = json.loads(body) if body else None
            except ValueError:
                payload = None
            record = {"method": method, "path": self.path, "status": status, "received_at": time.time(),
                      "webhook_id": headers.get("webhook-id"), "timestamp": headers.get("webhook-timestamp"),
                      "signature": headers.get("webhook-signature"), "verified_by": verified,
                      "type": payload.get("type") if isinstance(payload, dict) else None,
                      "body": payload if keep else None, "authorization": headers.get("authorization")}
            with state.lock:
                state.requests.append(record)
                key = record["webhook_id"] or f"{method} {self.path}"
                if 200 <= status < 300 and key not in state.delivered:
                    state.delivered[key] = record
            extra = {"retry-after": retry_after} if retry_after and status >= 400 else {}
            self._reply(status, json.dumps({"status": status}).encode(), extra)

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--secret", action="append", default=[])
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args(argv)
    state = State(args.secret, args.delay_ms)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(state))
    server.daemon_threads = True
    server.request_queue_size = 256
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
