"""Images on demand, as the service shows them (issue 27): an upload or a new assessment starts the
builds of the less common languages it names, and a candidate's run that waits for its language's
image says "preparing Ruby" instead of failing. The sandbox is a stand-in: no Docker needed."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session
from support.reviewer_data import make_app

from api.models import utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.keys import create_key
from problemformat.package_loader import build_package
from sandbox import Language, get_language

PACKAGE = {
    "problem.yaml": b"schema: 1\nslug: echo\ntitle: Echo\nlanguages: [python3, ruby]\ngrader: {kind: token}\n"
                    b"scoring: {groups: [{name: main, points: 100}]}\n",
    "statement.md": b"# Echo\n",
    "tests/secret/main/1.in": b"1\n",
    "tests/secret/main/1.ans": b"1\n",
}


class StandInSandbox:
    """The app's sandbox holder: Ruby's image is missing (being built), Python's is there."""

    def __init__(self) -> None:
        self.prepared: list[str] = []

    def __call__(self) -> StandInSandbox:
        return self

    def image_ready(self, language: Language) -> bool:
        return not language.on_demand

    def prepare_images(self, languages: list[str]) -> list[str]:
        self.prepared += languages
        return languages

    def close(self, **_: object) -> None:
        pass


def test_a_run_waiting_for_its_language_image_says_preparing(tmp_path):
    app = make_app(tmp_path)  # the executor is not started: every run stays queued
    stand_in = app.state.sandbox = StandInSandbox()
    with Session(app.state.engine) as session:
        _, author = create_key(session, "author", "author")
        problem_service.store(session, build_package(PACKAGE), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Echo", problems=["echo"], duration_minutes=30, languages=["python3", "ruby"]), None)
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment.id, candidate=CandidateIn(name="Ruby Rhodes", email="r@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        invitation_service.start(session, invitation, consent=True)
        session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        ruby = client.post("/v1/me/runs?wait=0", json={"problem": "echo", "language": "ruby", "source": "puts 1\n"},
                           headers=bearer)
        assert ruby.status_code in (200, 202), ruby.text
        assert ruby.json()["status"] == "queued" and ruby.json()["preparing"] == get_language("ruby").title == "Ruby"
        again = client.get(f"/v1/me/runs/{ruby.json()['id']}", headers=bearer)
        assert again.json()["preparing"] == "Ruby"
        python = client.post("/v1/me/runs?wait=0", json={"problem": "echo", "language": "python3",
                                                         "source": "print(1)\n"}, headers=bearer)
        assert python.json()["status"] == "queued" and python.json()["preparing"] is None

        created = client.post("/v1/assessments", headers={"Authorization": f"Bearer {author}"},
                              json={"title": "Echo again", "problems": ["echo"], "duration_minutes": 30,
                                    "languages": ["python3", "ruby"]})
        assert created.status_code == 201, created.text
        assert stand_in.prepared == ["ruby"]  # the common language's image is built ahead, not here
