"""The candidate sees their place in the queue: ``queue_position`` in the run and submission status
JSON (POST and GET, and the list), null once running or done, and documented in OpenAPI. The
in-process executor is not started here, so everything stays queued until the test moves it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session
from support.service import invite, upload_tiny_problem

from api.app import create_app
from api.models import Submission, SubmissionStatus
from api.services.keys import create_key
from api.settings import Settings

CODE = {"problem": "echo-sum", "language": "python3", "source": "print(3)\n"}


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSAY_MAX_QUEUED_SUBMISSIONS", "2")  # waiting submissions, and waiting runs apart
    settings = Settings(data_dir=tmp_path, load_bundled_problems=False, demo=False, webhook_worker=False,
                        submissions_per_minute=100, runs_per_minute=100)
    return create_app(settings, start_executor=False)


@pytest.fixture
def candidate(app) -> Iterator[TestClient]:
    with TestClient(app) as client:
        with Session(app.state.engine) as session:
            _, secret = create_key(session, "admin", "queue-position")
            session.commit()
        admin = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
        token = invite(admin, upload_tiny_problem(admin))["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        assert client.post("/v1/me/start").status_code == 200
        yield client


def set_status(app, submission_id: str, status: str) -> None:
    with Session(app.state.engine) as session:
        session.exec(update(Submission).where(Submission.id == submission_id).values(status=status))
        session.commit()


def test_queue_position_while_queued_then_null(app, candidate):
    first, second = (candidate.post("/v1/me/submissions", json=CODE).json() for _ in range(2))
    assert (first["status"], first["queue_position"]) == ("queued", 0)
    assert second["queue_position"] == 1
    run = candidate.post("/v1/me/runs", json=CODE)
    assert run.status_code == 202, run.text
    assert run.json()["queue_position"] == 0  # runs have their own lane: the gradings are not ahead of it

    assert candidate.get(f"/v1/me/submissions/{second['id']}").json()["queue_position"] == 1
    assert candidate.get(f"/v1/me/runs/{run.json()['id']}").json()["queue_position"] == 0
    listed = {item["id"]: item["queue_position"] for item in candidate.get("/v1/me/submissions").json()}
    assert listed == {first["id"]: 0, second["id"]: 1}

    set_status(app, first["id"], SubmissionStatus.RUNNING)
    assert candidate.get(f"/v1/me/submissions/{first['id']}").json()["queue_position"] is None
    set_status(app, first["id"], SubmissionStatus.GRADED)
    assert candidate.get(f"/v1/me/submissions/{first['id']}").json()["queue_position"] is None


def test_queue_position_is_documented(candidate):
    schema = candidate.get("/openapi.json").json()["components"]["schemas"]["SubmissionOut"]["properties"]
    field = schema["queue_position"]
    assert "null once running or done" in field["description"]
    assert {"type": "integer", "minimum": 0} in field["anyOf"]


def test_waiting_runs_are_limited_apart_from_submissions(candidate):
    for _ in range(2):
        assert candidate.post("/v1/me/runs", json=CODE).status_code == 202
    refused = candidate.post("/v1/me/runs", json=CODE)
    assert refused.status_code == 429 and "2 of your runs are still waiting" in refused.json()["detail"]
    assert candidate.post("/v1/me/submissions", json=CODE).status_code == 202  # runs do not use their room
