"""Regression tests for the API findings of issue 13 (items 3-6 and 8), with the real service served
over real HTTP (uvicorn in a thread) and real receivers on loopback. Each test says what it guards;
each failed on the main branch before its fix."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from support.service import SOLUTION, Service, invite, upload_tiny_problem


@pytest.fixture
def service(tmp_path):
    s = Service(tmp_path / "data", greenhouse_callback_key="gh-partner-secret",
                greenhouse_callback_hosts="greenhouse.example,*.greenhouse.example").start()
    yield s
    s.stop()


def test_candidate_paths_never_read_the_package_blob_and_regrades_are_audited(docker_api, tmp_path):
    """Guards issue 13 item 5: GET /v1/me, the candidate's submit and the pages loaded every problem's
    package zip from the database on each request. Only grading reads it now (once per process and
    content hash). And (item 8) a regrade is audited."""
    from sqlalchemy import event

    service = Service(tmp_path / "data", session_cookie_secure=False).start()
    try:
        admin = service.client(service.key())
        assessment_id = upload_tiny_problem(admin)
        invitation = invite(admin, assessment_id)
        token = invitation["token"]
        candidate = service.client(token)
        statements: list[tuple[str, str]] = []

        def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            statements.append((threading.current_thread().name, statement))

        event.listen(service.app.state.engine, "before_cursor_execute", listen)
        try:
            assert candidate.get("/v1/me").status_code == 200
            assert candidate.post("/v1/me/start").status_code == 200
            assert candidate.get("/v1/me").status_code == 200
            assert candidate.get("/v1/me/problems/echo-sum").status_code == 200
            graded = candidate.post("/v1/me/submissions", params={"wait": 60},
                                    json={"problem": "echo-sum", "language": "python3", "source": SOLUTION})
            assert graded.status_code in (200, 202) and graded.json()["points"] == 100.0, graded.text
            assert service.client().get(f"/take/{token}").status_code < 500  # the candidate's page
            reviewer = service.client(service.key("reviewer"))
            assert reviewer.get(f"/v1/invitations/{invitation['id']}/report").status_code == 200
            assert reviewer.get("/v1/assessments").status_code == 200
            assert reviewer.get("/v1/problems").status_code == 200
        finally:
            event.remove(service.app.state.engine, "before_cursor_execute", listen)
        blob_reads = [(thread, s) for thread, s in statements
                      if "problem_versions.package" in s and not thread.startswith("grader")]
        assert not blob_reads, blob_reads
        assert any("problem_versions" in s for _, s in statements)  # the queries did run

        submission_id = graded.json()["id"]
        regraded = reviewer.post(f"/v1/submissions/{submission_id}/regrade")
        assert regraded.status_code == 202, regraded.text
        records = admin.get("/v1/audit", params={"action": "submission.regraded"}).json()["items"]
        assert len(records) == 1 and records[0]["target_id"] == submission_id
        assert records[0]["actor_role"] == "reviewer"
    finally:
        service.stop()
