"""E-mails to the hiring team about reviewing (api.services.review_mail), sent through the mail outbox to
a real SMTP server (aiosmtpd in its own process): the recruiters (recruiter and hiring manager of the
assessment's team, active ones) hear when a candidate finished, once; an anonymised assessment's e-mails
say "Candidate #N" and never the name; nothing is queued with SMTP off."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, select
from support.reviewer_data import ROOT, make_app
from support.smtp import Received, SmtpServer

from api.mail import outbox as mail_outbox
from api.mail.models import Email, StaffNotice
from api.models import Invitation
from api.people import teams, users
from api.people.models import TeamRole
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.webhooks import outbox as webhook_outbox
from problemformat.package_loader import load_package

PUBLIC = "https://assay.example"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> dict[str, Any]:
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("postgres").create_database()}


@dataclass
class World:
    app: Any
    ids: dict[str, str]

    def send_all(self) -> int:
        return int(self.app.state.mail.run_once(50))

    def rows(self) -> list[Email]:
        with Session(self.app.state.engine) as session:
            return list(session.exec(select(Email).order_by(Email.id)).all())  # type: ignore[arg-type]


def build(tmp_path: Any, port: int | None, *, anonymised: bool = False, **overrides: Any) -> World:
    settings: dict[str, Any] = {"public_url": PUBLIC, "mail_retry_scale": 0.002, "webhook_worker": False,
                                "smtp_from": "Acme Hiring <jobs@acme.example>", **overrides}
    if port is not None:
        settings.update(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")
    app = make_app(tmp_path, **settings)
    with Session(app.state.engine) as session:
        backend, frontend = teams.create(session, "Backend"), teams.create(session, "Frontend")
        people = {
            "rosa": ("rosa@acme.example", "Rosa Recruiter", backend, TeamRole.RECRUITER),
            "max": ("max@acme.example", "Max Manager", backend, TeamRole.HIRING_MANAGER),
            "rita": ("rita@acme.example", "Rita Reviewer", backend, TeamRole.REVIEWER),
            "ray": ("ray@acme.example", "Ray Reviewer", backend, TeamRole.REVIEWER),
            "alex": ("alex@acme.example", "Alex Author", backend, TeamRole.AUTHOR),
            "gone": ("gone@acme.example", "Gone Recruiter", backend, TeamRole.RECRUITER),
            "otto": ("otto@acme.example", "Otto Other", frontend, TeamRole.RECRUITER),
        }
        ids = {"backend": backend.id, "frontend": frontend.id}
        for short, (email, name, team, role) in people.items():
            user = users.create(session, email=email, name=name)
            teams.set_member(session, team, user, role)
            ids[short] = user.id
        users.create(session, email="admin@acme.example", name="Ada Admin", is_admin=True)
        session.get(users.User, ids["gone"]).active = False  # type: ignore[union-attr]
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Backend screening", problems=["alert-windows"], duration_minutes=60, languages=["python3"],
            anonymised=anonymised), None, backend.id)
        ids["assessment"] = assessment.id
        for short, name in (("first", "Fay First"), ("jane", "Jane Candidate")):
            invitation, _ = invitation_service.create(session, InvitationCreate(
                assessment_id=assessment.id, candidate=CandidateIn(name=name, email=f"{short}@example.com")), None)
            ids[short] = invitation.id
        session.commit()
    return World(app, ids)


def finish(world: World, short: str = "jane") -> None:
    with Session(world.app.state.engine) as session:
        invitation = session.get(Invitation, world.ids[short])
        assert invitation is not None
        invitation_service.start(session, invitation)
        invitation_service.finish(session, invitation)
        session.commit()


def flat(received: Received) -> str:
    return " ".join(received.text.split())


def test_the_recruiters_hear_once_that_a_candidate_finished(tmp_path, smtp_server, database):
    world = build(tmp_path, smtp_server.port, **database)
    finish(world)
    world.send_all()
    addresses = sorted(a for m in smtp_server.messages() for a in m.rcpt_tos if not a.endswith("@example.com"))
    assert addresses == ["max@acme.example", "rosa@acme.example"]  # not reviewers, authors, the inactive, others
    [rosa] = smtp_server.to("rosa@acme.example")
    assert rosa.message["Subject"] == 'Jane Candidate finished "Backend screening"'
    assert rosa.message["X-Assay-Kind"] == "candidate_finished"
    assert rosa.message["To"].addresses[0].display_name == "Rosa Recruiter"
    text = flat(rosa)
    link = f"{PUBLIC}/ui/invitations/{world.ids['jane']}"
    for words in ("Hello Rosa Recruiter,", 'Jane Candidate finished the assessment "Backend screening" of the '
                  "Backend hiring team", "every submission is graded: 0 of 100 points", link,
                  "as Recruiter (HR) in the Backend team"):
        assert words in text, words
    assert link in rosa.html and "Jane Candidate" in rosa.html and "<strong>Backend screening</strong>" in rosa.html
    [max_] = smtp_server.to("max@acme.example")
    assert "as Hiring manager in the Backend team" in flat(max_)

    with Session(world.app.state.engine) as session:  # the sweep, a second finish: nothing more
        webhook_outbox.sweep(session)
        invitation = session.get(Invitation, world.ids["jane"])
        assert invitation is not None
        invitation_service.finish(session, invitation)
        session.commit()
        assert [n.key for n in session.exec(select(StaffNotice)).all()] == [
            f"candidate_finished:{world.ids['jane']}"]
    assert world.send_all() == 0
    assert len(smtp_server.to("rosa@acme.example")) == 1


def test_an_anonymised_assessment_says_candidate_n_never_the_name(tmp_path, smtp_server):
    world = build(tmp_path, smtp_server.port, anonymised=True)
    finish(world)
    world.send_all()
    [rosa] = smtp_server.to("rosa@acme.example")
    assert rosa.message["Subject"] == 'Candidate #2 finished "Backend screening"'
    raw = rosa.message.as_string()
    assert "Jane" not in raw and "jane@example.com" not in raw and "Candidate #2" in rosa.html


def test_with_smtp_off_nothing_is_queued(tmp_path):
    world = build(tmp_path, None)
    finish(world)
    assert world.rows() == []


def test_the_candidates_email_list_leaves_staff_notices_out_and_erasure_blanks_them(tmp_path, smtp_server):
    world = build(tmp_path, smtp_server.port)
    finish(world)
    with Session(world.app.state.engine) as session:
        assert [m["kind"] for m in mail_outbox.status_of(session, world.ids["jane"])] == ["invitation", "reminder"]
        mail_outbox.erase_candidate(session, world.ids["jane"])
        session.commit()
    notices = [r for r in world.rows() if r.kind == "candidate_finished"]
    assert len(notices) == 2 and all((r.status, r.details, r.to_addr) == ("cancelled", None, "") for r in notices)
    world.send_all()
    assert smtp_server.to("rosa@acme.example") == []
