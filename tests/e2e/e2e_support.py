"""End-to-end helpers: the real `assay serve` in a subprocess, real HTTP (httpx), real Docker.

Every server gets its own data directory (SQLite + state) and a free port; staff keys are made with
`assay keys create --role R --quiet` against the same data directory, as an operator would. Tests
that need Docker depend on ``docker_api`` (tests/conftest.py): a skip locally, a failure in CI.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.net import free_port

REPO = Path(__file__).resolve().parents[2]
ROLES = ("admin", "author", "reviewer", "ats")
PROBLEM_JSON = "application/problem+json"
SLUG = "e2e-sum"


@dataclass
class Server:
    """One `assay serve` process (restartable on the same data directory)."""

    data_dir: Path
    env_extra: Mapping[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    pids: list[int] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "serve.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
        env.update({"ASSAY_DATA_DIR": str(self.data_dir), "ASSAY_SANDBOX_POOL_SIZE": "1",
                    "PYTHONUNBUFFERED": "1"})
        env.update(self.env_extra)
        return env

    def start(self, timeout_s: float = 90.0) -> Server:
        assert self.process is None or self.process.poll() is not None, "already running"
        self.port = self.port or free_port()  # a restart keeps its port (clients keep their base URL)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)],
            cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.pids.append(self.process.pid)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"assay serve exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"assay serve was not ready within {timeout_s:.0f} s:\n{self.log_tail()}")

    def key(self, role: str) -> str:
        done = subprocess.run([sys.executable, "-m", "api.cli", "keys", "create", "--role", role, "--quiet"],
                              cwd=REPO, env=self.env(), capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        secret = done.stdout.strip().splitlines()[-1]
        assert secret.startswith("ask_"), done.stdout
        return secret

    def make_keys(self) -> dict[str, str]:
        with ThreadPoolExecutor(len(ROLES)) as pool:  # four CLI start-ups at once
            self.keys = dict(zip(ROLES, pool.map(self.key, ROLES), strict=True))
        return self.keys

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, as in a crash."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def remove_containers(self, docker_api: Any) -> None:
        """Sandbox containers a killed server left behind (labelled with the owner's pid)."""
        from sandbox.labels import LABEL_OWNER, LABEL_SANDBOX

        for item in docker_api.containers(all=True, filters={"label": f"{LABEL_SANDBOX}=1"}):
            owner = (item.get("Labels") or {}).get(LABEL_OWNER, "")
            if any(f":{pid}:" in owner for pid in self.pids):
                try:
                    docker_api.remove_container(item["Id"], force=True)
                except Exception:
                    pass


# ---------------------------------------------------------------------- HTTP helpers


class Api:
    """httpx with the server's base URL and a bearer per call: ``api.get(path, as_="reviewer")``."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.url, timeout=90)

    def headers(self, as_: str | None, headers: Mapping[str, str] | None = None) -> dict[str, str]:
        out = dict(headers or {})
        if as_ is not None:
            secret = self.server.keys.get(as_, as_)  # a role name, or a token/key as is
            out["Authorization"] = f"Bearer {secret}"
        return out

    def request(self, method: str, path: str, *, as_: str | None = None, headers: Mapping[str, str] | None = None,
                **kwargs: Any) -> httpx.Response:
        response = self.http.request(method, path, headers=self.headers(as_, headers), **kwargs)
        assert response.status_code < 500, f"{method} {path}: {response.status_code} {response.text}"
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def close(self) -> None:
        self.http.close()

    # flows -------------------------------------------------------------------

    def upload(self, files: Mapping[str, bytes], as_: str = "author", name: str = "package.zip") -> httpx.Response:
        return self.post("/v1/problems", as_=as_, files={"file": (name, zip_package(files), "application/zip")})

    def assessment(self, problems: list[str], *, duration_minutes: int = 60, languages: list[str] | None = None,
                   title: str = "e2e assessment") -> dict[str, Any]:
        body: dict[str, Any] = {"title": title, "problems": problems, "duration_minutes": duration_minutes}
        if languages is not None:
            body["languages"] = languages
        response = self.post("/v1/assessments", as_="author", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def invite(self, assessment_id: str, *, expires_in_s: float = 7 * 86400, as_: str = "reviewer",
               name: str = "Ada Lovelace") -> dict[str, Any]:
        expires = datetime.now(UTC) + timedelta(seconds=expires_in_s)
        response = self.post("/v1/invitations", as_=as_, json={
            "assessment_id": assessment_id, "candidate": {"name": name, "email": "ada@example.com"},
            "expires_at": expires.isoformat(), "external_id": f"ext-{time.monotonic_ns()}"})
        assert response.status_code == 201, response.text
        data = response.json()
        assert data["token"].startswith("inv_")
        return data

    def started(self, assessment_id: str, **kwargs: Any) -> dict[str, Any]:
        invitation = self.invite(assessment_id, **kwargs)
        response = self.post("/v1/me/start", as_=invitation["token"])
        assert response.status_code == 200, response.text
        return invitation

    def submit(self, token: str, source: str, *, problem: str = SLUG, language: str = "python3", wait: float = 0,
               headers: Mapping[str, str] | None = None) -> httpx.Response:
        return self.post(f"/v1/me/submissions?wait={wait}", as_=token, headers=headers,
                         json={"problem": problem, "language": language, "source": source})

    def wait_graded(self, token: str, submission_id: str, *, kind: str = "submissions",
                    timeout_s: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            response = self.get(f"/v1/me/{kind}/{submission_id}?wait=20", as_=token)
            assert response.status_code == 200, response.text
            body = response.json()
            if body["status"] in ("graded", "error"):
                return body
            if time.monotonic() > deadline:
                pytest.fail(f"{kind} {submission_id} not graded within {timeout_s} s: {body}\n"
                            f"{self.server.log_tail()}")


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """An RFC 9457 problem+json with the given status."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers["content-type"]
    body = response.json()
    for name in ("type", "title", "status", "detail"):
        assert name in body, f"problem+json without {name!r}: {body}"
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"].strip()
    return body


# ---------------------------------------------------------------------- the e2e package

# Programs for the e2e package (python3): read integers, print their sum.
AC = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"
WA = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()) + 1)\n"
ECHO = "import sys\nsys.stdout.write(sys.stdin.read())\n"  # wrong, and prints the (secret) input
RE_ECHO = "import sys\ndata = sys.stdin.read()\nsys.stderr.write(data)\nraise SystemExit(3)\n"
TLE = "while True:\n    pass\n"
CE = "def broken(:\n    return 1\n"
SLOW_AC = ("import sys, time\ndata = sys.stdin.read()\ntime.sleep(1.2)\n"
           "print(sum(int(x) for x in data.split()))\n")

SECRET_TESTS = {
    "01": ("40000000001 2000000000003\n", "2040000000004\n"),
    "02": ("777777777777 111111111111 5\n", "888888888893\n"),
    "03": ("-918273645546372819 918273645546372818\n", "-1\n"),
}


def e2e_package(*, title: str = "E2E Sum", time_limit_s: float = 1, extra: Mapping[str, bytes] | None = None,
                slug: str = SLUG) -> dict[str, bytes]:
    files = {
        "problem.yaml": (
            f"schema: 1\nslug: {slug}\ntitle: {title}\nlanguages: [python3, c]\n"
            f"limits: {{time_limit_s: {time_limit_s}, memory_limit_mib: 128}}\n"
            "grader: {kind: token}\nscoring:\n  groups:\n    - {name: main, points: 100}\n"
        ).encode(),
        "statement.md": b"# Sum\n\nRead whitespace-separated integers from standard input and print their sum.\n",
        "templates/python3/main.py": b"import sys\n\n# read the integers and print their sum\n",
        "tests/sample/01.in": b"1 2\n",
        "tests/sample/01.ans": b"3\n",
        "submissions/accepted/sum.py": AC.encode(),
    }
    for name, (given, answer) in SECRET_TESTS.items():
        files[f"tests/secret/main/{name}.in"] = given.encode()
        files[f"tests/secret/main/{name}.ans"] = answer.encode()
    files.update(extra or {})
    return files


def zip_package(files: Mapping[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return out.getvalue()


def zip_folder(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


