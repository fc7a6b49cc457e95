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
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, create_engine, select

from api.errors import RateLimited
from api.grade_record import StoredResult
from api.models import Invitation, ProblemVersion, Submission, utcnow
from api.services import grading as grading_service
from api.services import queue_limit
from api.services.grading import GradingService
from api.settings import Settings
from sandbox.container import EngineUnavailable


@pytest.fixture
def database(tmp_path: Path) -> Any:
    from api.migrate import upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'assay.db'}")
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys=OFF"))
    return engine


def _invitation(session: Session) -> Invitation:
    invitation = Invitation(assessment_id="a1", candidate_name="Ada", candidate_email="ada@example.com",
                            token_hash=os.urandom(8).hex(), expires_at=utcnow() + timedelta(days=1))
    session.add(invitation)
    session.commit()
    session.refresh(invitation)
    return invitation


def _submission(session: Session, invitation_id: str, status: str = "queued", version_id: int = 1) -> Submission:
    submission = Submission(invitation_id=invitation_id, problem_version_id=version_id, language="python3",
                            files={"main.py": "print(1)"}, status=status)
    session.add(submission)
    session.commit()
    session.refresh(submission)
    return submission


def test_failed_result_write_releases_the_claim(database: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    with Session(database) as session:
        session.execute(text("PRAGMA foreign_keys=OFF"))
        version = ProblemVersion(slug="p", version=1, title="p", content_hash="h", manifest={}, package=b"")
        session.add(version)
        session.commit()
        invitation = _invitation(session)
        submission_id = _submission(session, invitation.id, version_id=version.id or 1).id
    service = GradingService(database, sandbox=lambda: None)  # type: ignore[arg-type,return-value]
    monkeypatch.setattr(grading_service.problem_service, "package_of", lambda version: object())
    monkeypatch.setattr(service, "_evaluate_retrying", lambda *a, **k: grading_service.Outcome(
        verdict="AC", points=1.0, max_points=1.0, result=StoredResult(verdict="AC", tests=[])))

    def broken_finish(*args: Any, **kwargs: Any) -> bool:
        raise OperationalError("UPDATE submissions ...", {}, Exception("disk I/O error"))

    monkeypatch.setattr(service, "_finish", broken_finish)
    with pytest.raises(OperationalError):
        service.grade(submission_id)
    with Session(database) as session:
        stored = session.get(Submission, submission_id)
        assert stored is not None
        assert stored.status == "queued", "the claim was not released: the submission would never be retried"
        assert stored.verdict is None
    monkeypatch.undo()


def test_engine_fault_releases_without_counting_the_attempt(database: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with Session(database) as session:
        session.execute(text("PRAGMA foreign_keys=OFF"))
        version = ProblemVersion(slug="p", version=1, title="p", content_hash="h", manifest={}, package=b"")
        session.add(version)
        session.commit()
        invitation = _invitation(session)
        submission_id = _submission(session, invitation.id, version_id=version.id or 1).id
    service = GradingService(database, sandbox=lambda: None)  # type: ignore[arg-type,return-value]
    monkeypatch.setattr(grading_service.problem_service, "package_of", lambda version: object())

    def unavailable(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise EngineUnavailable("the Docker engine did not answer (simulated)")

    monkeypatch.setattr(service, "_evaluate_retrying", unavailable)
    for _ in range(grading_service.MAX_ATTEMPTS + 2):  # more than MAX_ATTEMPTS: still never a final JE
        with pytest.raises(EngineUnavailable):
            service.grade(submission_id)
    with Session(database) as session:
        stored = session.get(Submission, submission_id)
        assert stored is not None and stored.status == "queued" and stored.verdict is None
        assert stored.attempts == 0


def test_queued_submission_limit_holds_across_api_processes(database: Any, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_MAX_QUEUED_SUBMISSIONS", "3")
    settings = Settings()
    other_process = create_engine(f"sqlite:///{tmp_path / 'assay.db'}")  # a second API process's engine
    with Session(database) as session:
        session.execute(text("PRAGMA foreign_keys=OFF"))
        invitation_id = _invitation(session).id
        queue_limit.check(session, invitation_id, settings)
        _submission(session, invitation_id, "queued")
        _submission(session, invitation_id, "graded")  # finished ones do not count
    with Session(other_process) as session:
        session.execute(text("PRAGMA foreign_keys=OFF"))
        queue_limit.check(session, invitation_id, settings)
        _submission(session, invitation_id, "running")
        queue_limit.check(session, invitation_id, settings)
        _submission(session, invitation_id, "queued")
    for engine in (database, other_process):
        with Session(engine) as session, pytest.raises(RateLimited) as caught:
            queue_limit.check(session, invitation_id, settings)
        assert caught.value.status == 429 and "at most 3" in caught.value.detail
    with Session(database) as session:
        stored = session.exec(select(Submission).where(Submission.invitation_id == invitation_id,
                                                       Submission.status == "queued")).first()
        assert stored is not None
        stored.status = "graded"
        session.add(stored)
        session.commit()
    with Session(other_process) as session:
        queue_limit.check(session, invitation_id, settings)  # one was graded: room again
    monkeypatch.setenv("ASSAY_MAX_QUEUED_SUBMISSIONS", "0")
    settings = Settings()
    with Session(database) as session:
        queue_limit.check(session, invitation_id, settings)  # 0: no limit


# ------------------------------------------------------------------------------ budget and cap
