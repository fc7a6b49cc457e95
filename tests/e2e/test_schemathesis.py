"""Property-based fuzzing of every operation in /openapi.json against the live server: whatever
schemathesis sends, no response is a 5xx. Staff operations run with an admin key, candidate ones
with an invitation token of a started invitation."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from e2e_support import SLUG, Api, e2e_package
from support.gate import need

MAX_EXAMPLES = 20


@pytest.fixture(scope="module")
def fuzzed(start_server):
    if importlib.util.find_spec("schemathesis") is None:
        need("schemathesis is not installed (pip install schemathesis)")
    # its own server and data: the fuzzer creates, revokes and finishes things
    # No delivery worker: fuzzed webhook endpoints must never be called (this host sends nothing outside).
    server = start_server(load_bundled_problems="false", demo="false", webhook_worker="false")
    api = Api(server)
    assert api.upload(e2e_package()).status_code == 201
    assert api.upload(e2e_package(slug="e2e-other", title="Other")).status_code == 201
    assessment = api.assessment([SLUG, "e2e-other"])
    token = api.started(assessment["id"])["token"]
    yield server, token
    api.close()


def _schemathesis(server, bearer: str, *selection: str) -> None:
    command = [
        sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()", "run",
        f"{server.url}/openapi.json", "--checks", "not_a_server_error", "--max-examples", str(MAX_EXAMPLES),
        "--header", f"Authorization: Bearer {bearer}", "--generation-database", "none", "--no-color",
        "--request-timeout", "70", "--seed", "20261123", *selection,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False,
                          cwd=server.data_dir)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"schemathesis found failures:\n{output[-12000:]}\n--- server log:\n" \
        f"{server.log_tail(80)}"
    assert "passed" in output


def test_staff_operations(fuzzed):
    server, _ = fuzzed
    # the key revocation is fuzzed on its own, last: it may well revoke the key the fuzzer uses
    _schemathesis(server, server.keys["admin"], "--exclude-path-regex", "^/v1/me", "--exclude-method", "DELETE")


def test_candidate_operations(fuzzed):
    server, token = fuzzed
    _schemathesis(server, token, "--include-path-regex", "^/v1/me")


def test_key_revocation(fuzzed):
    server, _ = fuzzed
    _schemathesis(server, server.keys["admin"], "--include-method", "DELETE")
