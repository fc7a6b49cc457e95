"""The Assay app served by uvicorn in a thread of the test's process, and the tiny problem most service
tests upload."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import uvicorn
from sqlmodel import Session

from api.app import create_app
from api.services.keys import create_key
from api.settings import Settings
from support.net import free_port, wait_for
from support.speedups import migrated_sqlite


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
        settings = Settings(data_dir=self.data_dir, host="127.0.0.1", port=self.port, **self.overrides)
        migrated_sqlite(settings)
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
        with Session(self.app.state.engine) as session:
            _, secret = create_key(session, role, f"test-{role}")
            session.commit()
        return secret

    def client(self, key: str | None = None, **kwargs: Any) -> Any:
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
    expires = (datetime.now(UTC) + timedelta(seconds=expires_in_s)).isoformat()
    response = client.post("/v1/invitations", json={
        "assessment_id": assessment_id, "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
        "expires_at": expires, "external_id": external_id})
    assert response.status_code == 201, response.text
    return response.json()
