"""compose.yaml as shipped, with locally built images: `up` serves the candidate flow end to end (the API
defers grading to the worker, which grades in sandboxes on the host's engine), and `down` leaves no
sandbox container and nothing of the compose project behind.

Images come from scripts/compose_images.py (Docker's layer cache makes a rebuild take seconds). The
project gets a unique name and a free host port, so it runs beside anything else on the engine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from e2e_support import AC, REPO, SLOW_AC, SLUG, Api, e2e_package
from support.net import free_port

from sandbox.labels import LABEL_OWNER, LABEL_SANDBOX

pytestmark = pytest.mark.timeout(1800)  # a cold first build makes every image

COMPOSE_FILE = REPO / "compose.yaml"
BUILD_TIMEOUT_S = 1500
UP_TIMEOUT_S = 600
READY_TIMEOUT_S = 180
GRADE_TIMEOUT_S = 240
DOWN_TIMEOUT_S = 300
BUNDLED = "regional-sales"
BUNDLED_AC = REPO / "problems" / BUNDLED / "submissions" / "accepted" / "csv_module.py"


def compose_command() -> list[str]:
    """`docker compose` (v2) if the engine's CLI has it, else `docker-compose` (v1.29, Debian's package)."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail("neither `docker compose` nor `docker-compose` is installed: run scripts/setup-host.sh as root "
                "(it installs Debian's docker-compose)")


@dataclass
class Project:
    """One compose project: `compose(...)` runs the compose CLI on compose.yaml with the project's env."""

    command: list[str]
    name: str
    env: dict[str, str]
    port: int
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def compose(self, *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
        argv = [*self.command, "-f", str(COMPOSE_FILE), "-p", self.name, *args]
        done = subprocess.run(argv, cwd=REPO, env=self.env, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False)
        if check and done.returncode != 0:
            pytest.fail(f"`{' '.join(argv)}` exited {done.returncode}:\n{done.stdout}\n{done.stderr}\n"
                        f"{self.log_tail()}")
        return done

    def log_tail(self, lines: int = 40) -> str:
        """What Api.wait_graded prints when grading takes too long: the services' last log lines."""
        argv = [*self.command, "-f", str(COMPOSE_FILE), "-p", self.name, "logs", "--no-color", f"--tail={lines}"]
        try:
            done = subprocess.run(argv, cwd=REPO, env=self.env, capture_output=True, text=True, timeout=60,
                                  check=False)
        except subprocess.TimeoutExpired:
            return "(compose logs timed out)"
        return done.stdout + done.stderr

    def key(self, role: str) -> str:
        done = self.compose("exec", "-T", "api", "assay", "keys", "create", "--role", role, "--quiet", timeout=120)
        secret = done.stdout.strip().splitlines()[-1]
        assert secret.startswith("ask_"), done.stdout
        return secret

    def container_ids(self, service: str | None = None) -> list[str]:
        args = ["ps", "-q", *([service] if service else [])]
        return self.compose(*args).stdout.split()


def build_images() -> dict[str, str]:
    """scripts/compose_images.py; returns the names it exports (ASSAY_IMAGE, ASSAY_POSTGRES_IMAGE, ...)."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "compose_images.py")], cwd=REPO,
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False)
    if done.returncode != 0:
        pytest.fail(f"scripts/compose_images.py exited {done.returncode}:\n{done.stderr[-6000:]}")
    exports: dict[str, str] = {}
    for line in done.stdout.splitlines():
        if line.startswith("export "):
            for item in line.removeprefix("export ").split():
                name, _, value = item.partition("=")
                exports[name] = value.strip("'")
    assert {"ASSAY_IMAGE", "ASSAY_POSTGRES_IMAGE"} <= exports.keys(), done.stdout
    print(f"images built in {time.monotonic() - started:.0f} s: {exports}")
    return exports


def owned_by(docker_api: Any, hosts: set[str]) -> list[dict[str, Any]]:
    """Sandbox containers (label io.assay.sandbox=1) made by processes in the containers named by hostname.

    Other processes on this engine (a test run beside this one) have sandboxes of their own: only the
    project's count.
    """
    found = []
    for item in docker_api.containers(all=True, filters={"label": f"{LABEL_SANDBOX}=1"}):
        owner = (item.get("Labels") or {}).get(LABEL_OWNER, "")
        if owner.partition(":")[0] in hosts:
            found.append(item)
    return found


@pytest.fixture(scope="module")
def project(docker_api) -> Iterator[Project]:
    command = compose_command()
    exports = build_images()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSAY_", "COMPOSE_"))}
    port = free_port()
    env.update(exports, ASSAY_PORT=str(port), ASSAY_BIND="127.0.0.1")
    name = f"assaye2e{uuid.uuid4().hex[:10]}"
    up = Project(command, name, env, port)
    try:
        started = time.monotonic()
        up.compose("up", "-d", timeout=UP_TIMEOUT_S)
        print(f"compose up in {time.monotonic() - started:.0f} s")
        yield up
    finally:
        # Normally the test has taken the project down already; this is the clean-up after a failure.
        if up.compose("ps", "-q", "--all", check=False).stdout.strip():
            print(up.log_tail(200))
        up.compose("down", "-v", "--remove-orphans", "--timeout", "150", timeout=DOWN_TIMEOUT_S, check=False)


def wait_ready(project: Project) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    last = ""
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{project.url}/readyz", timeout=5)
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text}"
        except httpx.HTTPError as exc:
            last = repr(exc)
        time.sleep(1)
    pytest.fail(f"/readyz not 200 within {READY_TIMEOUT_S} s (last: {last}):\n{project.log_tail()}")


def wait_running(api: Api, token: str, submission_id: str) -> None:
    deadline = time.monotonic() + GRADE_TIMEOUT_S
    while time.monotonic() < deadline:
        body = api.get(f"/v1/me/submissions/{submission_id}", as_=token).json()
        if body["status"] == "running":
            return
        assert body["status"] == "queued", body  # not graded yet: SLOW_AC takes over a second per test
        time.sleep(0.1)
    pytest.fail(f"submission {submission_id} not running within {GRADE_TIMEOUT_S} s")


def test_compose_up_serves_the_candidate_flow_and_down_leaves_nothing(project, docker_api):
    started = time.monotonic()
    wait_ready(project)
    ready = httpx.get(f"{project.url}/readyz", timeout=5).json()
    assert ready["checks"].get("database") == "ok", ready
    assert "docker" not in ready["checks"], f"the API should defer grading to the worker: {ready}"

    project.keys = {role: project.key(role) for role in ("author", "reviewer")}
    api = Api(project)  # type: ignore[arg-type]  # duck-typed: url, keys, log_tail
    try:
        # the bundled library is in the image (loaded at start-up), and an upload works too
        bundled = api.get(f"/v1/problems/{BUNDLED}", as_="author")
        assert bundled.status_code == 200, bundled.text
        upload = api.upload(e2e_package())
        assert upload.status_code == 201, upload.text
        assessment = api.assessment([SLUG, BUNDLED], languages=["python3"])
        invitation = api.started(assessment["id"])
        token = invitation["token"]
        statement = api.get(f"/v1/me/problems/{BUNDLED}", as_=token)
        assert statement.status_code == 200, statement.text

        graded = {}
        for slug, source in ((SLUG, AC), (BUNDLED, BUNDLED_AC.read_text())):
            submitted = api.submit(token, source, problem=slug, headers={"Idempotency-Key": f"compose-{slug}"})
            assert submitted.status_code == 202, submitted.text
            graded[slug] = api.wait_graded(token, submitted.json()["id"], timeout_s=GRADE_TIMEOUT_S)
        for slug, body in graded.items():
            assert body["status"] == "graded", (slug, body)
            assert body["verdict"] == "AC" and body["points"] == body["max_points"], (slug, body)

        report = api.get(f"/v1/invitations/{invitation['id']}/report", as_="reviewer")
        assert report.status_code == 200, report.text
        body = report.json()
        assert body["total_points"] == body["max_points"] > 0, body
        assert {p["slug"]: p["submissions"] for p in body["problems"]} == {SLUG: 1, BUNDLED: 1}, body
        print(f"flow done {time.monotonic() - started:.0f} s after up")

        # One more submission, slow on purpose: `down` comes while the worker is grading it.
        slow = api.submit(token, SLOW_AC, headers={"Idempotency-Key": "compose-slow"})
        assert slow.status_code == 202, slow.text
        wait_running(api, token, slow.json()["id"])
    finally:
        api.close()

    # The worker grades on the host's engine: its sandboxes are there now, without network.
    workers = project.container_ids("worker")
    assert len(workers) == 1, workers
    hosts = {docker_api.inspect_container(cid)["Config"]["Hostname"] for cid in project.container_ids()}
    sandboxes = owned_by(docker_api, hosts)
    assert sandboxes, "no sandbox container of the worker's found: did it grade on another engine?"
    for item in sandboxes:
        host_config = docker_api.inspect_container(item["Id"])["HostConfig"]
        assert host_config["NetworkMode"] == "none", (item["Id"], host_config["NetworkMode"])

    # `down` removes the worker container and its log: follow the log to show how the worker stopped.
    with tempfile.TemporaryFile("w+") as log:
        follower = subprocess.Popen(["docker", "logs", "--follow", "--since", "5s", workers[0]], stdout=log,
                                    stderr=subprocess.STDOUT, env=project.env)
        try:
            stopping = time.monotonic()
            project.compose("down", "-v", "--remove-orphans", "--timeout", "150", timeout=DOWN_TIMEOUT_S)
            print(f"compose down in {time.monotonic() - stopping:.0f} s")
        finally:
            try:
                follower.wait(timeout=10)
            except subprocess.TimeoutExpired:
                follower.kill()
                follower.wait()
        log.seek(0)
        worker_log = log.read()[-4000:]

    left = owned_by(docker_api, hosts)
    assert not left, (f"sandbox containers left after `down`: "
                      f"{[(c['Id'][:12], c['Status'], c['Labels'].get(LABEL_OWNER)) for c in left]}\n"
                      f"the worker's last log lines:\n{worker_log}")
    label = f"com.docker.compose.project={project.name}"
    assert not docker_api.containers(all=True, filters={"label": label})
    assert not (docker_api.volumes(filters={"label": label}) or {}).get("Volumes")
    assert not docker_api.networks(filters={"label": label})
