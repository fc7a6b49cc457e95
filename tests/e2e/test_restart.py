"""Crash recovery of the embedded executor: the database row is the queue. A server killed with
SIGKILL while grading comes back, finds the submission it was grading, and grades it again; the
submission ends with exactly one final result. Also the per-invitation rate limit (429)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest
from e2e_support import CE, SECRET_TESTS, SLOW_AC, SLUG, Api, assert_problem, e2e_package


@pytest.fixture(scope="module")
def crashy(start_server) -> Iterator[Api]:
    server = start_server(load_bundled_problems="false", demo="false", runs_per_minute="1")
    api = Api(server)
    # a roomy time limit (wall 7 s): the slow program must not time out on a busy machine
    assert api.upload(e2e_package(time_limit_s=3)).status_code == 201
    yield api
    api.close()


def _row(api: Api, submission_id: str) -> tuple[str, int]:
    with sqlite3.connect(api.server.data_dir / "assay.db", timeout=30) as db:
        return db.execute("SELECT status, attempts FROM submissions WHERE id = ?", (submission_id,)).fetchone()


def test_sigkill_while_grading_then_restart(crashy):
    api = crashy
    assessment = api.assessment([SLUG])
    invitation = api.started(assessment["id"])
    token = invitation["token"]
    posted = api.submit(token, SLOW_AC)  # ~1.2 s per test case, 4 test cases, within the limits
    assert posted.status_code == 202, posted.text
    submission_id = posted.json()["id"]

    deadline = time.monotonic() + 90
    while api.get(f"/v1/me/submissions/{submission_id}", as_=token).json()["status"] != "running":
        assert time.monotonic() < deadline, f"never ran:\n{api.server.log_tail()}"
        time.sleep(0.1)
    time.sleep(1.0)  # in the middle of its test cases
    api.server.kill()
    assert _row(api, submission_id) == ("running", 1)  # the crash left it claimed, unfinished

    restarted_at = time.time()
    api.server.start()
    graded = api.wait_graded(token, submission_id)
    assert graded["status"] == "graded" and graded["verdict"] == "AC" and graded["points"] == 100, graded
    assert len(graded["tests"]) == 1 + len(SECRET_TESTS)  # one result per test case, none twice

    detail = api.get(f"/v1/submissions/{submission_id}", as_="reviewer").json()
    assert detail["attempts"] == 2 and detail["status"] == "graded"
    started = detail["started_at"].replace("Z", "+00:00")
    from datetime import datetime

    assert datetime.fromisoformat(started).timestamp() >= restarted_at - 1  # graded by the new process
    assert _row(api, submission_id) == ("graded", 2)
    assert [s["id"] for s in api.get("/v1/me/submissions", as_=token).json()] == [submission_id]
    report = api.get(f"/v1/invitations/{invitation['id']}/report", as_="reviewer").json()
    assert [e["event"] for e in report["timeline"]].count("submission") == 1
    assert report["total_points"] == 100
    assert "resuming 1 queued submission" in api.server.log_tail(400)


def test_rate_limit(crashy):
    api = crashy
    assessment = api.assessment([SLUG], title="rate limit")
    token = api.started(assessment["id"])["token"]
    run = {"problem": SLUG, "language": "python3", "source": CE}
    assert api.post("/v1/me/runs", as_=token, json=run).status_code == 202
    limited = api.post("/v1/me/runs", as_=token, json=run)
    body = assert_problem(limited, 429)
    assert "at most 1 runs per minute" in body["detail"]
    assert 1 <= int(limited.headers["retry-after"]) <= 61
    other = api.started(assessment["id"])["token"]  # the limit is per invitation
    assert api.post("/v1/me/runs", as_=other, json=run).status_code == 202
