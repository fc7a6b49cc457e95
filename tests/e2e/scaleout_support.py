"""Scale-out helpers: `assay worker` processes against a real PostgreSQL, as an operator runs them."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from e2e_support import REPO

# Fast failure detection for tests; the defaults (heartbeat 5 s, stalled after 30 s) suit production.
FAST = {
    "ASSAY_WORKER_HEARTBEAT_SECONDS": "1",
    "ASSAY_WORKER_STALLED_SECONDS": "5",
    "ASSAY_WORKER_MAINTENANCE_SECONDS": "1",
    "ASSAY_SANDBOX_POOL_SIZE": "1",
    "ASSAY_SUBMISSIONS_PER_MINUTE": "10000",
    "ASSAY_RUNS_PER_MINUTE": "10000",
}
GRADED = re.compile(r"job (\d+): graded submission (\S+) in")


@dataclass
class WorkerProcess:
    """One `assay worker` subprocess with its own log file."""

    data_dir: Path
    env_extra: Mapping[str, str]
    concurrency: int = 1
    name: str = "worker"
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    extra_args: list[str] = field(default_factory=list)

    @property
    def log_path(self) -> Path:
        return self.data_dir / f"{self.name}.log"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, ready_timeout_s: float = 60.0) -> WorkerProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
        env.update({"ASSAY_DATA_DIR": str(self.data_dir), "PYTHONUNBUFFERED": "1"})
        env.update(self.env_extra)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "worker", "--concurrency", str(self.concurrency), *self.extra_args],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.started_at = time.monotonic()
        deadline = time.monotonic() + ready_timeout_s
        while time.monotonic() < deadline:  # ready: its sandbox swept and warmed, the queue opened
            if self.process.poll() is not None:
                pytest.fail(f"assay worker exited with {self.process.returncode}:\n{self.log_tail()}")
            if " ready" in self.log():
                return self
            time.sleep(0.1)
        pytest.fail(f"assay worker not ready within {ready_timeout_s:.0f} s:\n{self.log_tail()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def graded(self) -> list[str]:
        """Submission ids this worker stored a final result for (its log lines)."""
        return [m.group(2) for m in GRADED.finditer(self.log())]

    def signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        os.kill(self.process.pid, sig)

    def kill(self) -> None:
        """SIGKILL: as a crash; nothing of the worker runs afterwards."""
        self.signal(signal.SIGKILL)
        assert self.process is not None
        self.process.wait(timeout=30)

    def wait(self, timeout_s: float) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout_s)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def containers_of(docker_api: Any, pid: int) -> list[str]:
    from sandbox.labels import LABEL_OWNER, LABEL_SANDBOX

    found = []
    for item in docker_api.containers(all=True, filters={"label": f"{LABEL_SANDBOX}=1"}):
        owner = (item.get("Labels") or {}).get(LABEL_OWNER, "")
        if f":{pid}:" in owner:
            found.append(item["Id"])
    return found


def duplicates(ids: list[str]) -> dict[str, int]:
    return {k: n for k, n in Counter(ids).items() if n > 1}


def db_rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        return list(conn.execute(sql, params).fetchall())
