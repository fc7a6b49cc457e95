"""Shared fixtures. Tests that need Docker fail (never skip) when CI=true and no engine answers."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
# Production defaults to gVisor where it is registered (ASSAY_SANDBOX_RUNTIME=auto). The tests keep
# their runtime explicit instead: runc unless the environment says otherwise, and runsc where a test
# asks for it (the sandbox_runsc fixture, tests/test_security_runsc.py) -- the suite under gVisor
# throughout would take several times as long (docs/deployment.md has the measured costs).
os.environ.setdefault("ASSAY_SANDBOX_RUNTIME", "runc")


def need(reason: str) -> None:
    """Skip locally, fail in CI: CI must run everything."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required, not skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def docker_api():
    import docker

    try:
        client = docker.from_env(max_pool_size=64)
        client.ping()
    except Exception as exc:
        need(f"no Docker engine: {exc}")
    return client.api


def _runtime_available(api, runtime: str) -> bool:
    return runtime in (api.info().get("Runtimes") or {})


@pytest.fixture(scope="session")
def sandbox(docker_api) -> Iterator:
    from sandbox.runner import Sandbox
    from sandbox.settings import SandboxSettings

    box = Sandbox(SandboxSettings(runtime="runc", pool_size=2), api=docker_api)
    yield box
    box.close()


@pytest.fixture(scope="session")
def sandbox_runsc(docker_api) -> Iterator:
    from sandbox.runner import Sandbox
    from sandbox.settings import SandboxSettings

    if not _runtime_available(docker_api, "runsc"):
        need("gVisor runtime runsc is not registered with Docker (scripts/setup-host.sh does it)")
    box = Sandbox(SandboxSettings(runtime="runsc", pool_size=2), api=docker_api)
    yield box
    box.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator:
    """A real PostgreSQL server (Debian's) in a temp directory; ``create_database()`` gives a fresh URL."""
    from postgres_server import PostgresServer, find_bindir

    if find_bindir() is None:
        need("PostgreSQL is not installed (scripts/setup-host.sh installs Debian's postgresql)")
    import shutil
    import tempfile
    from pathlib import Path

    # not under pytest's temp dir: that is private to root, and the server runs as the postgres user
    root = Path(tempfile.mkdtemp(prefix="assay-postgres-"))
    server = PostgresServer(root).init()
    server.start()
    yield server
    server.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)
