"""SQL questions in an assessment: a problem that takes only a query language (sqlite) sits beside code
problems without narrowing their languages, and the candidate sees it with SQL as its language. The
grading in the sandbox: tests/docker/test_sql_grader.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from support.reviewer_data import ROOT, make_app

from api.errors import Unprocessable
from api.models import utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from problemformat.package_loader import load_package

SLUGS = ["alert-windows", "top-customers", "above-their-manager"]


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with Session(app.state.engine) as session:
        for slug in SLUGS:
            problem_service.store(session, load_package(ROOT / "problems" / slug), None)
        session.commit()
    return app


def create(app, problems: list, languages: list[str] | None) -> list[str]:
    with Session(app.state.engine) as session:
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Mixed", problems=problems, duration_minutes=60, languages=languages), None)
        session.commit()
        return list(assessment.languages)


def test_an_sql_question_brings_its_language_and_leaves_the_others_alone(app):
    assert create(app, ["alert-windows", "top-customers"], ["python3", "go"]) == ["python3", "go", "sqlite"]
    every = create(app, ["alert-windows", "top-customers"], None)
    assert "python3" in every and "sqlite" in every
    assert create(app, ["top-customers", "above-their-manager"], None) == ["sqlite"]


def test_a_code_problem_never_takes_sql(app):
    with pytest.raises(Unprocessable, match="'sqlite' is not allowed by every problem"):
        create(app, ["alert-windows"], ["sqlite"])


def test_the_candidate_gets_the_sql_question_with_sql_as_its_language(app):
    with Session(app.state.engine) as session:
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Mixed", problems=["alert-windows", "top-customers"], duration_minutes=60,
            languages=["python3"]), None)
        _, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment.id, candidate=CandidateIn(name="Sam", email="s@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        assert client.post("/v1/me/start", json={"consent": True}, headers=bearer).status_code == 200
        problem = client.get("/v1/me/problems/top-customers", headers=bearer).json()
        assert problem["languages"] == ["sqlite"]
        assert "main.sql" in str(problem["templates"])
        code = client.get("/v1/me/problems/alert-windows", headers=bearer).json()
        assert code["languages"] == ["python3"]
