"""Webhook test support (no tests here): a receiver, run as its own process by the webhook tests and
bench/webhooks.py, and the harness that runs the service and the receiver.

    python tests/test_webhooks_support.py --port 0 [--secret whsec_...]... [--delay-ms 1]

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
    from standardwebhooks import Webhook, WebhookVerificationError

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


# ---------------------------------------------------------------------- harness for the tests


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Any, timeout: float = 20.0, interval: float = 0.05, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Receiver:
    """The receiver above as a separate process on loopback."""

    def __init__(self, secrets: list[str] | None = None, port: int = 0, delay_ms: float = 0.0) -> None:
        self.secrets = secrets or []
        self.port = port
        self.delay_ms = delay_ms
        self.process: Any = None

    def start(self) -> Receiver:
        import subprocess

        command = [sys.executable, __file__, "--port", str(self.port), "--delay-ms", str(self.delay_ms)]
        for secret in self.secrets:
            command += ["--secret", secret]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("READY"):
            raise RuntimeError(f"receiver did not start: {line!r}")
        self.port = int(line.split()[1])
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except Exception:
                self.process.kill()
                self.process.wait(5)
            self.process = None

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        import httpx

        response = httpx.request(method, f"http://127.0.0.1:{self.port}{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def control(self, **config: Any) -> None:
        self._call("POST", "/_control", config)

    def reset(self) -> None:
        self._call("POST", "/_reset")

    def log(self) -> dict[str, Any]:
        return self._call("GET", "/_log")

    def requests(self, event_type: str | None = None) -> list[dict[str, Any]]:
        return [r for r in self.log()["requests"] if event_type is None or r["type"] == event_type]

    def delivered(self, event_type: str | None = None) -> list[dict[str, Any]]:
        return [r for r in self.log()["delivered"] if event_type is None or r["type"] == event_type]

    def wait_delivered(self, count: int, event_type: str | None = None, timeout: float = 20.0) -> list[dict[str, Any]]:
        return wait_for(lambda: (lambda d: d if len(d) >= count else None)(self.delivered(event_type)),
                        timeout, what=f"{count} delivered {event_type or 'event'}(s)")


class Service:
    """The Assay app served by uvicorn in a thread of this process (stop and start again = restart)."""

    def __init__(self, data_dir: Any, **overrides: Any) -> None:
        self.data_dir = data_dir
        self.port = overrides.pop("port", None) or free_port()
        self.overrides = {"load_bundled_problems": False, "demo": False, "webhook_allow_private": True,
                          "webhook_retry_scale": 0.001, "webhook_poll_seconds": 0.2, **overrides}
        self.server: Any = None
        self.thread: threading.Thread | None = None
        self.app: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Service:
        import uvicorn

        from api.app import create_app
        from api.settings import Settings

        settings = Settings(data_dir=self.data_dir, host="127.0.0.1", port=self.port, **self.overrides)
        self.app = create_app(settings)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                                   lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        wait_for(lambda: self.server.started, 20, what="the service to start")
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
            assert self.thread is not None
            self.thread.join(30)
            self.server = None

    def key(self, role: str = "admin") -> str:
        from sqlmodel import Session

        from api.services.keys import create_key

        with Session(self.app.state.engine) as session:
            _, secret = create_key(session, role, f"test-{role}")
            session.commit()
        return secret

    def client(self, key: str | None = None, **kwargs: Any) -> Any:
        import httpx

        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60, **kwargs)


TINY_PROBLEM = {
    "problem.yaml": "schema: 1\nslug: echo-sum\ntitle: Echo Sum\nlanguages: [python3]\n"
                    "limits: {time_limit_s: 2, memory_limit_mib: 128}\ngrader: {kind: exact}\n"
                    "scoring:\n  groups:\n    - {name: main, points: 100}\n",
    "statement.md": "# Echo Sum\n\nPrint the sum of two integers.\n",
    "tests/sample/01.in": "1 2\n", "tests/sample/01.ans": "3\n",
    "tests/secret/main/01.in": "40 2\n", "tests/secret/main/01.ans": "42\n",
    "tests/secret/main/02.in": "-5 5\n", "tests/secret/main/02.ans": "0\n",
    "submissions/accepted/sum.py": "a, b = map(int, input().split())\nprint(a + b)\n",
}
SOLUTION = "a, b = map(int, input().split())\nprint(a + b)\n"


def upload_tiny_problem(admin: Any, languages: tuple[str, ...] = ("python3",)) -> str:
    """Upload the tiny problem, make an assessment of it; returns the assessment id."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in TINY_PROBLEM.items():
            archive.writestr(f"echo-sum/{name}", text)
    response = admin.post("/v1/problems", files={"file": ("echo-sum.zip", buffer.getvalue(), "application/zip")})
    assert response.status_code in (200, 201), response.text
    response = admin.post("/v1/assessments", json={"title": "Webhook screening", "problems": ["echo-sum"],
                                                   "duration_minutes": 30, "languages": list(languages)})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def invite(client: Any, assessment_id: str, *, external_id: str | None = "ats-42", expires_in_s: float = 86400) -> Any:
    from datetime import UTC, datetime, timedelta

    expires = (datetime.now(UTC) + timedelta(seconds=expires_in_s)).isoformat()
    response = client.post("/v1/invitations", json={
        "assessment_id": assessment_id, "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
        "expires_at": expires, "external_id": external_id})
    assert response.status_code == 201, response.text
    return response.json()


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
