"""End-to-end fixtures: the real `assay serve` in a subprocess, real HTTP (httpx), real Docker.

Every server gets its own data directory (SQLite + state) and a free port; staff keys are made with
`assay keys create --role R --quiet` against the same data directory, as an operator would. Tests
that need Docker depend on ``docker_api`` (tests/conftest.py): a skip locally, a failure in CI.
Helpers live in e2e_support.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from e2e_support import SLUG, Api, Server, e2e_package


@pytest.fixture(scope="session")
def start_server(docker_api, tmp_path_factory) -> Iterator[Callable[..., Server]]:
    """Factory: start_server(**ASSAY_overrides) -> a running Server with keys for every role."""
    servers: list[Server] = []

    def start(**env: str) -> Server:
        server = Server(tmp_path_factory.mktemp("assay"), {f"ASSAY_{k.upper()}": str(v) for k, v in env.items()})
        servers.append(server)
        server.start()
        server.make_keys()
        return server

    yield start
    for server in servers:
        server.stop()
        server.remove_containers(docker_api)


@pytest.fixture(scope="session")
def server(start_server) -> Server:
    """The shared server most tests use (bundled library loaded, as `assay serve` does by default)."""
    return start_server()


@pytest.fixture(scope="session")
def api(server) -> Iterator[Api]:
    client = Api(server)
    yield client
    client.close()


@pytest.fixture(scope="session")
def e2e_problem(api) -> dict[str, Any]:
    """The e2e package, uploaded by an author."""
    response = api.upload(e2e_package())
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture(scope="session")
def assessment(api, e2e_problem) -> dict[str, Any]:
    """An assessment of the e2e problem and a bundled one, python3 only."""
    return api.assessment([SLUG, "regional-sales"], languages=["python3"])
