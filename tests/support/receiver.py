"""``Receiver``: the tests' handle on a webhook receiver process (support/receiver_process.py) on
loopback: start and stop it, script its answers, read what it received."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from support.net import wait_for

TESTS = Path(__file__).resolve().parents[1]


class Receiver:
    """The receiver above as a separate process on loopback."""

    def __init__(self, secrets: list[str] | None = None, port: int = 0, delay_ms: float = 0.0) -> None:
        self.secrets = secrets or []
        self.port = port
        self.delay_ms = delay_ms
        self.process: Any = None

    def start(self) -> Receiver:
        command = [sys.executable, "-m", "support.receiver_process", "--port", str(self.port),
                   "--delay-ms", str(self.delay_ms)]
        for secret in self.secrets:
            command += ["--secret", secret]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=TESTS)
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
