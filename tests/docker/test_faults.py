"""Gradings that survive faults: a Docker engine restart in the middle of a grading, an unreachable
engine, a failed result write; a grading's wall-clock budget, the cap on test cases, and the
per-candidate queued-submission limit held in the database.

The restart test starts a private Docker engine (its own socket, data root and containerd, no
network set-up) with a copy of the python3 sandbox image, grades a submission against it and restarts
that engine (SIGTERM, then a new dockerd) while the grading runs: the engine everyone else uses is
never touched. It needs root, like every Docker test here.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.gate import need

from api.services import grading as grading_service
from api.services.grading import GradingService
from graders.base import Submission as GraderSubmission
from graders.judge import grade_submission
from graders.results import Verdict
from problemformat.package_loader import load_package
from sandbox.container import EngineUnavailable
from sandbox.images import image_tag
from sandbox.languages import get_language
from sandbox.models import Limits, TestInput
from sandbox.runner import BudgetExceeded, Sandbox
from sandbox.settings import SandboxSettings

ROOT = Path(__file__).resolve().parents[2]
PROBLEM = ROOT / "problems" / "config-lint"


def accepted_source(delay_s: float = 0.0) -> bytes:
    source = (PROBLEM / "submissions" / "accepted" / "stack.py").read_bytes()
    return (f"import time\ntime.sleep({delay_s})\n".encode() + source) if delay_s else source


# ------------------------------------------------------------------------------ a private engine


class PrivateEngine:
    """A second dockerd on its own socket, data root and network namespace; restartable without
    disturbing anyone."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sock = root / "docker.sock"
        self.url = f"unix://{self.sock}"
        self.log = root / "dockerd.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 60.0) -> None:
        (self.root / "daemon.json").write_text("{}\n")
        # Its own network namespace: a second dockerd in the host's would touch the host's bridges (one
        # with --bridge none removed docker0, so the host's engine could no longer build images).
        argv = ["unshare", "--net", "dockerd", "--data-root", str(self.root / "data"),
                "--exec-root", str(self.root / "exec"),
                "--pidfile", str(self.root / "docker.pid"), "-H", self.url, "--bridge", "none",
                "--iptables=false", "--ip6tables=false", "--ip-masq=false",
                "--config-file", str(self.root / "daemon.json")]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"private dockerd exited: {self.log.read_text()[-2000:]}")
            if self.answers():
                return
            time.sleep(0.2)
        raise RuntimeError(f"private dockerd did not answer: {self.log.read_text()[-2000:]}")

    def answers(self) -> bool:
        import docker

        try:
            docker.APIClient(base_url=self.url, timeout=5).ping()
        except Exception:
            return False
        return True

    def stop(self, timeout_s: float = 60.0) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="module")
def private_engine(docker_api) -> Iterator[PrivateEngine]:
    if os.geteuid() != 0 or shutil.which("dockerd") is None:
        need("a private Docker engine needs root and dockerd")
    import docker

    host_links = set(os.listdir("/sys/class/net"))
    root = Path(tempfile.mkdtemp(prefix="assay-engine-", dir="/tmp"))
    engine = PrivateEngine(root)
    try:
        engine.start()
        tag = image_tag(get_language("python3"), SandboxSettings().image_prefix)
        private = docker.APIClient(base_url=engine.url, timeout=300)
        private.load_image(b"".join(docker_api.get_image(tag)))
        yield engine
    finally:
        engine.stop()
        subprocess.run(["umount", "-R", str(root / "exec")], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)
    if "docker0" in host_links:  # (others come and go with other tests' containers and compose networks)
        assert os.path.exists("/sys/class/net/docker0"), "the private engine removed the host engine's docker0"


@pytest.mark.timeout(600)
@pytest.mark.parametrize("isolation", ["submission", "test"])
def test_engine_restart_mid_grading_gets_the_right_verdict(private_engine: PrivateEngine, isolation: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import docker

    package = load_package(PROBLEM)
    tests = len(package.samples) + sum(len(t) for t in package.groups.values())
    api = docker.APIClient(base_url=private_engine.url, timeout=60)
    box = Sandbox(SandboxSettings(runtime="runc", pool_size=1, isolation=isolation), api=api)
    service = GradingService(engine=None, sandbox=lambda: box)  # type: ignore[arg-type]
    monkeypatch.setattr(grading_service, "ENGINE_RETRY_DELAYS_S", (1.0, 2.0, 4.0, 8.0, 15.0, 30.0))
    submission = GraderSubmission("python3", {"main.py": accepted_source(delay_s=0.25)})
    outcome: dict[str, Any] = {}

    def grade() -> None:
        try:
            outcome["payload"] = service._evaluate_retrying("restart-test", "submission", package, submission, None)
        except BaseException as exc:  # reported below
            outcome["error"] = exc

    try:
        worker = threading.Thread(target=grade)
        worker.start()
        time.sleep(0.25 * tests / 3 + 1.0)  # about a third of the tests are done
        assert worker.is_alive(), f"the grading ended before the restart: {outcome}"
        private_engine.restart()
        worker.join(timeout=300)
        assert not worker.is_alive(), "the grading did not finish after the engine came back"
    finally:
        box.close()
    assert "error" not in outcome, repr(outcome.get("error"))
    payload = outcome["payload"]
    result = payload.result
    assert payload.verdict == "AC", [(t.name, t.verdict, t.reviewer_message) for t in result.tests]
    assert payload.points == payload.max_points
    assert all(t.verdict == "AC" for t in result.tests) and len(result.tests) == tests


# ------------------------------------------------------------------------------ unreachable engine


class FlakySandbox:
    """A real sandbox whose engine 'fails' the first ``failures`` gradings (EngineUnavailable)."""

    def __init__(self, box: Sandbox, failures: int) -> None:
        self.box = box
        self.failures = failures
        self.settings = box.settings
        self.calls = 0

    def submission(self, language: str, limits: Limits) -> Any:
        self.calls += 1
        if self.calls <= self.failures:
            raise EngineUnavailable("the Docker engine did not answer (simulated)")
        return self.box.submission(language, limits)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.box, name)


def test_unreachable_engine_is_retried_with_back_off(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grading_service, "ENGINE_RETRY_DELAYS_S", (0.1, 0.2, 0.4))
    package = load_package(PROBLEM)
    flaky = FlakySandbox(sandbox, failures=3)
    service = GradingService(engine=None, sandbox=lambda: flaky)  # type: ignore[arg-type]
    began = time.monotonic()
    payload = service._evaluate_retrying("s1", "submission", package,
                                         GraderSubmission("python3", {"main.py": accepted_source()}), None)
    assert payload.verdict == "AC" and flaky.calls == 4
    assert time.monotonic() - began >= 0.7  # waited 0.1 + 0.2 + 0.4 between the attempts
    always = FlakySandbox(sandbox, failures=100)
    service = GradingService(engine=None, sandbox=lambda: always)  # type: ignore[arg-type]
    with pytest.raises(EngineUnavailable):  # bounded: given up after the back-off, never a JE verdict
        service._evaluate_retrying("s2", "submission", package,
                                   GraderSubmission("python3", {"main.py": accepted_source()}), None)
    assert always.calls == 4


# ------------------------------------------------------------------------------ the database


def test_a_grading_past_its_budget_starts_no_more_tests(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    from graders import judge

    package = load_package(PROBLEM)
    limits = Limits(time_limit_s=1)
    with sandbox.submission("python3", limits) as unit:
        compiled = unit.compile("print(1)\n")
        unit.set_budget(0.0)
        with pytest.raises(BudgetExceeded):
            unit.run_one(compiled, "python3", TestInput(stdin=b""), limits)
    monkeypatch.setattr(judge, "grading_budget_s", lambda package, sandbox, tests: 0.0)
    result = grade_submission(package, GraderSubmission("python3", {"main.py": accepted_source()}), sandbox)
    assert result.verdict == Verdict.JE
    assert result.tests and all(t.verdict == Verdict.JE for t in result.tests)
    assert "budget" in result.tests[0].reviewer_message
