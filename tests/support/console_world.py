"""People of one team and two assessments (one anonymised), each with one invitation, for the console's
tests of links and forms: ``build_world(tmp_path)``; ``World.client(who)`` signs in as that person
(admin, recruiter, manager, reviewer) and ``World.csrf(client)`` gives the forms' token. Moved here from
tests/service/test_candidate_link_access.py (issue 26 uses it too)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.audit import AuditEvent
from api.console import session as web_session
from api.people import sessions, teams, users
from api.people.models import TeamRole, User
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.keys import create_key
from problemformat.package_loader import load_package
from support.reviewer_data import ROOT, make_app

PUBLIC = "https://assay.example"
TOKEN = re.compile(r"inv_[A-Za-z0-9_\-]{20,}")


@dataclass
class World:
    app: Any
    ids: dict[str, str]
    tokens: dict[str, str]  # invitation label -> the candidate's token
    keys: dict[str, str]

    def client(self, who: str) -> TestClient:
        with Session(self.app.state.engine) as session:
            user = session.get(User, self.ids[who])
            assert user is not None
            _, token = sessions.start(session, user, hours=8)
            session.commit()
        client = TestClient(self.app, base_url="https://testserver", follow_redirects=False)
        client.cookies.set(web_session.cookie_name(self.app.state.settings), token)
        return client

    def csrf(self, client: TestClient) -> str:
        cookie = client.cookies.get(web_session.cookie_name(self.app.state.settings)) or ""
        return web_session._sign(web_session.secret_of(self.app.state.settings), "console-csrf:" + cookie)

    def audit(self, action: str, target: str) -> list[AuditEvent]:
        with Session(self.app.state.engine) as session:
            return list(session.exec(select(AuditEvent).where(AuditEvent.action == action,
                                                              AuditEvent.target_id == target)).all())


def build_world(tmp_path: Path, **settings: Any) -> World:
    app = make_app(tmp_path, public_url=PUBLIC, webhook_worker=False, **settings)
    box = app.state.webhook_box
    with Session(app.state.engine) as session:
        ids: dict[str, str] = {}
        for who, name in (("admin", "Jane Admin"), ("recruiter", "Rhea Recruiter"), ("manager", "Max Manager"),
                          ("reviewer", "Rita Reviewer")):
            ids[who] = users.create(session, email=f"{who}@acme.example", name=name, is_admin=who == "admin").id
        backend = teams.create(session, "Backend")
        ids["backend"] = backend.id
        for who, role in (("recruiter", TeamRole.RECRUITER), ("manager", TeamRole.HIRING_MANAGER),
                          ("reviewer", TeamRole.REVIEWER)):
            teams.set_member(session, backend, session.get(User, ids[who]), role)  # type: ignore[arg-type]
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        tokens: dict[str, str] = {}
        for label, anonymised in (("plain", False), ("masked", True)):
            assessment = assessment_service.create(session, AssessmentCreate(
                title=label, problems=["alert-windows"], duration_minutes=60, anonymised=anonymised), None, backend.id)
            ids[f"{label}_assessment"] = assessment.id
            candidate = CandidateIn(name=f"Ada {label}", email=f"ada-{label}@x.example")
            invitation, token = invitation_service.create(session, InvitationCreate(
                assessment_id=assessment.id, candidate=candidate), None, box=box)
            ids[label], tokens[label] = invitation.id, token
        _, reviewer_key = create_key(session, "reviewer", "ci")
        _, admin_key = create_key(session, "admin", "ops")
        _, ats_key = create_key(session, "ats", "greenhouse")
        session.commit()
    return World(app, ids, tokens, {"reviewer": reviewer_key, "admin": admin_key, "ats": ats_key})
