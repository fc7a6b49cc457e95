"""Shared fixtures, and every test's kind from its folder.

The kinds (pyproject.toml registers them; ``make test-fast`` runs unit and service):

- ``tests/unit``: pure Python, no I/O beyond temporary files, no server;
- ``tests/service``: the app in-process or a local server process (uvicorn in a thread, SQLite, a local
  PostgreSQL, fake HTTP and SMTP servers), no Docker, no browser;
- ``tests/docker``: needs the Docker engine and the sandbox images;
- ``tests/browser``: Playwright driving Debian's Chromium (some also grade in the sandbox);
- ``tests/e2e``: real ``assay serve`` processes, compose, scale-out.

A test's kind marker is added here from its folder, never written by hand (tests/unit/test_layout.py
checks). ``make test`` runs the suite on pytest-xdist workers with ``--dist loadgroup``: one worker runs
the docker tests in their order, another the browser and e2e tests in theirs, while the others run the
unit and service tests beside them (``support.scheduling``).

What a test needs from the machine goes through ``support.gate.need``: a skip locally, a failure when
CI=true.

Work the suite repeats is done once (``support.speedups``: argon2id at a test cost unless a test is
marked ``production_password_hash``, one default TLS context, package zips kept, a migrated SQLite
database copied into new apps' data directories, what collection made frozen out of the garbage collector's
passes); each shortcut gives the result of the work it saves.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
from support import speedups
from support.gate import need
from support.postgres import PostgresServer, find_bindir
from support.scheduling import LanePlugin

from sandbox.runner import Sandbox
from sandbox.settings import SandboxSettings

TESTS = Path(__file__).resolve().parent
KINDS = ("unit", "service", "docker", "browser", "e2e")

# Production defaults to gVisor where it is registered (ASSAY_SANDBOX_RUNTIME=auto). The tests keep
# their runtime explicit instead: runc unless the environment says otherwise, and runsc where a test
# asks for it (the sandbox_runsc fixture, tests/docker/test_security_runsc.py) -- the suite under gVisor
# throughout would take several times as long (docs/deployment.md has the measured costs).
os.environ.setdefault("ASSAY_SANDBOX_RUNTIME", "runc")
# People sign in to the console as themselves (issue 21); pasting an API key is a setting for scripts,
# off by default. The suite's older console tests sign in with keys, so they turn it on; the tests of
# the default (tests/service/test_console_signin.py) turn it off explicitly.
os.environ.setdefault("ASSAY_CONSOLE_KEY_SIGN_IN", "true")


speedups.install()


def kind_of(path: Path) -> str | None:
    """The kind of the test file at ``path``: the folder under tests/ it sits in, if that is a kind."""
    try:
        folder = path.resolve().relative_to(TESTS).parts[0]
    except (ValueError, IndexError):
        return None
    return folder if folder in KINDS else None


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(LanePlugin(), "assay-lanes")


def pytest_collection_finish(session: pytest.Session) -> None:
    speedups.freeze_collected()


def uses_postgres(item: pytest.Item) -> bool:
    """The test needs the real PostgreSQL server: it takes the ``postgres`` fixture, or runs with a
    ``postgresql`` parameter (the SQLite-and-PostgreSQL tests, which ask for the server by name)."""
    if "postgres" in getattr(item, "fixturenames", ()):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgresql" in callspec.params.values()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        kind = kind_of(item.path)
        if kind is not None:
            item.add_marker(kind)
        if uses_postgres(item):
            item.add_marker("postgresql")


@pytest.fixture(autouse=True)
def cheap_password_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at m=1 MiB, t=1, p=1 (a production hash costs ~0.2 s of CPU); a test marked
    ``production_password_hash`` keeps the production parameters."""
    if request.node.get_closest_marker(speedups.PRODUCTION_MARKER) is None:
        speedups.cheap_password_hashes(monkeypatch)


@pytest.fixture(scope="session")
def docker_api():
    try:
        client = docker.from_env(max_pool_size=64)
        client.ping()
    except Exception as exc:
        need(f"no Docker engine: {exc}")
    return client.api


def _runtime_available(api, runtime: str) -> bool:
    return runtime in (api.info().get("Runtimes") or {})


@pytest.fixture(scope="session")
def sandbox(docker_api) -> Iterator[Sandbox]:
    box = Sandbox(SandboxSettings(runtime="runc", pool_size=2), api=docker_api)
    yield box
    box.close()


@pytest.fixture(scope="session")
def sandbox_runsc(docker_api) -> Iterator[Sandbox]:
    if not _runtime_available(docker_api, "runsc"):
        need("gVisor runtime runsc is not registered with Docker (scripts/setup-host.sh does it)")
    box = Sandbox(SandboxSettings(runtime="runsc", pool_size=2), api=docker_api)
    yield box
    box.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server (Debian's) in a temp directory; ``create_database()`` gives a fresh URL."""
    if find_bindir() is None:
        need("PostgreSQL is not installed (scripts/setup-host.sh installs Debian's postgresql)")
    # not under pytest's temp dir: that is private to root, and the server runs as the postgres user; in
    # memory where there is a tmpfs (each test's database is thousands of files: removing a cluster from
    # disk took ~18 s of the run's last seconds, from /dev/shm a tenth of a second)
    shm = Path("/dev/shm")
    in_memory = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    root = Path(tempfile.mkdtemp(prefix="assay-postgres-", dir=in_memory))
    server = PostgresServer(root).init()
    server.start()
    yield server
    server.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)
