"""A hiring team reviewing together, for the review tests: the reviewer-experience seed (an assessment
with graded candidates) moved into team "Backend", whose people are a recruiter, two reviewers and a
hiring manager, and a team "Frontend" with its own assessment and candidate (for 404s). People sign in
with a StaffSession's token in the cookie, as in test_team_page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.console import session as web_session
from api.models import Assessment
from api.people import sessions, teams, users
from api.people.models import TeamRole, User
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from support.reviewer_data import make_app, seed

PEOPLE = {  # short name -> (name, e-mail, team, role); None: admin
    "admin": ("Jane Admin", "jane@acme.example", None, None),
    "recruiter": ("Rachel Recruiter", "rachel@acme.example", "backend", TeamRole.RECRUITER),
    "rita": ("Rita Reviewer", "rita@acme.example", "backend", TeamRole.REVIEWER),
    "ravi": ("Ravi Reviewer", "ravi@acme.example", "backend", TeamRole.REVIEWER),
    "max": ("Max Manager", "max@acme.example", "backend", TeamRole.HIRING_MANAGER),
    "otto": ("Otto Other", "otto@acme.example", "frontend", TeamRole.RECRUITER),
}


@dataclass
class World:
    app: Any
    ids: dict[str, str]  # people, teams, "assessment", candidates (ada, bob, cleo, dan), "foreign" (Frontend's)
    keys: dict[str, str]  # the seed's API keys: admin, reviewer, author

    def session(self) -> Session:
        return Session(self.app.state.engine, expire_on_commit=False)

    def user(self, who: str) -> User:
        with self.session() as session:
            user = session.get(User, self.ids[who])
            assert user is not None
            return user

    def client(self, who: str) -> TestClient:
        with self.session() as session:
            user = session.get(User, self.ids[who])
            assert user is not None
            _, token = sessions.start(session, user, hours=8)
            session.commit()
        client = TestClient(self.app, base_url="https://testserver", follow_redirects=False)
        client.cookies.set(web_session.cookie_name(self.app.state.settings), token)  # __Host- when Secure
        return client

    def csrf(self, client: TestClient) -> str:
        """The console's CSRF token of the client's session (what its forms carry)."""
        cookie = client.cookies.get(web_session.cookie_name(self.app.state.settings)) or ""
        return web_session._sign(web_session.secret_of(self.app.state.settings), "console-csrf:" + cookie)


def build(tmp_path: Path, **settings: Any) -> World:
    app = make_app(tmp_path, public_url="https://assay.example", webhook_worker=False, **settings)
    data = seed(app.state.engine)
    ids: dict[str, str] = dict(data.invitations)
    with Session(app.state.engine, expire_on_commit=False) as session:
        backend, frontend = teams.create(session, "Backend"), teams.create(session, "Frontend")
        ids.update(backend=backend.id, frontend=frontend.id, assessment=data.assessment_id)
        for short, (name, email, team, role) in PEOPLE.items():
            user = users.create(session, email=email, name=name, is_admin=role is None)
            ids[short] = user.id
            if team is not None and role is not None:
                teams.set_member(session, backend if team == "backend" else frontend, user, role)
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = backend.id
        session.add(assessment)
        other = assessment_service.create(session, AssessmentCreate(
            title="Frontend screening", problems=["alert-windows"], duration_minutes=30, languages=["python3"]),
            None, frontend.id)
        foreign, _ = invitation_service.create(session, InvitationCreate(
            assessment_id=other.id, candidate=CandidateIn(name="Fiona Foreign", email="fiona@example.com")), None)
        ids.update(foreign_assessment=other.id, foreign=foreign.id)
        session.commit()
    keys = {"admin": data.admin_key, "reviewer": data.reviewer_key, "author": data.author_key}
    return World(app, ids, keys)
