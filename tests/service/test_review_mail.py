"""E-mails to the hiring team about reviewing (api.services.review_mail), sent through the mail outbox to
a real SMTP server (aiosmtpd in its own process): the recruiters (recruiter and hiring manager of the
assessment's team, active ones) hear when a candidate finished, once; an anonymised assessment's e-mails
say "Candidate #N" and never the name; nothing is queued with SMTP off. A reviewer hears of an assigned
review; the recruiters hear when all reviews are in; an overdue review is reminded once per
ASSAY_REVIEW_REMINDER_HOURS, never after it was submitted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, select
from support.net import wait_for
from support.reviewer_data import ROOT, make_app
from support.smtp import Received, SmtpServer

from api.auth import staff_of_user
from api.mail import outbox as mail_outbox
from api.mail.models import Email, StaffNotice
from api.models import Invitation, utcnow
from api.people import teams, users
from api.people.models import TeamRole
from api.reviews import assignments, scorecards, scoring
from api.reviews.models import ReviewAssignment
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import anonymity, review_mail
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
    return {"database_url": request.getfixturevalue("postgres").create_database(at_head=True)}


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


def subject_of(received: Received) -> str:
    """The Subject as a mail client shows it (a long one arrives folded)."""
    return " ".join(str(received.message["Subject"]).split())


def test_the_recruiters_hear_once_that_a_candidate_finished(tmp_path, smtp_server, database):
    world = build(tmp_path, smtp_server.port, **database)
    finish(world)
    world.send_all()
    addresses = sorted(a for m in smtp_server.messages() for a in m.rcpt_tos if not a.endswith("@example.com"))
    assert addresses == ["max@acme.example", "rosa@acme.example"]  # not reviewers, authors, the inactive, others
    [rosa] = smtp_server.to("rosa@acme.example")
    assert subject_of(rosa) == 'Jane Candidate finished "Backend screening"'
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
    assert subject_of(rosa) == 'Candidate #2 finished "Backend screening"'
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


# ---------------------------------------------------------------------- reviews (api.reviews)


def staff(session: Session, user_id: str) -> Any:
    user = session.get(users.User, user_id)
    assert user is not None
    return staff_of_user(session, user)


def assign(world: World, reviewer: str, candidate: str = "jane", *, due_in: timedelta = timedelta(days=2),
           by: str = "rosa") -> str:
    with Session(world.app.state.engine) as session:
        invitation = session.get(Invitation, world.ids[candidate])
        assert invitation is not None
        row = assignments.assign(session, staff(session, world.ids[by]), invitation, world.ids[reviewer],
                                 utcnow() + due_in)
        session.commit()
        return row.id


def submit(world: World, reviewer: str, candidate: str = "jane") -> None:
    with Session(world.app.state.engine) as session:
        invitation = session.get(Invitation, world.ids[candidate])
        assert invitation is not None
        scores = {c.key: 3 for c in scorecards.get(session, invitation.assessment_id).criteria}
        scoring.submit(session, staff(session, world.ids[reviewer]), invitation, scores, "yes", "Solid work.")
        session.commit()


def make_overdue(world: World, assignment_id: str, hours: float = 5) -> None:
    with Session(world.app.state.engine) as session:
        row = session.get(ReviewAssignment, assignment_id)
        assert row is not None
        row.due_at = utcnow() - timedelta(hours=hours)
        session.add(row)
        session.commit()


def test_a_reviewer_hears_of_an_assigned_review_with_its_due_date_and_link(tmp_path, smtp_server):
    world = build(tmp_path, smtp_server.port)
    assign(world, "rita", due_in=timedelta(days=3))
    assign(world, "rita", due_in=timedelta(days=4))  # a new due date: no second e-mail
    world.send_all()
    [mail] = smtp_server.to("rita@acme.example")
    subject = subject_of(mail)
    assert subject.startswith("Please review Jane Candidate (Backend screening) by ") and subject.endswith(" UTC")
    assert mail.message["X-Assay-Kind"] == "review_assigned"
    text = flat(mail)
    for words in ("Hello Rita Reviewer,", "Rosa Recruiter asked you to review Jane Candidate on the assessment "
                  '"Backend screening" of the Backend hiring team, by ', "once you have submitted yours",
                  f"{PUBLIC}/ui/invitations/{world.ids['jane']}", f"{PUBLIC}/ui/reviews",
                  "as Reviewer (engineer) in the Backend team"):
        assert words in text, words
    assert f'href="{PUBLIC}/ui/reviews"' in mail.html
    assert [m.rcpt_tos for m in smtp_server.messages() if m.message["X-Assay-Kind"] == "review_assigned"] == [
        ["rita@acme.example"]]


def test_the_recruiters_hear_when_all_reviews_are_in_and_not_before(tmp_path, smtp_server):
    world = build(tmp_path, smtp_server.port)
    assign(world, "rita")
    assign(world, "ray")
    submit(world, "rita")
    submit(world, "rita")  # an edit: nothing
    world.send_all()
    assert [m for m in smtp_server.messages() if m.message["X-Assay-Kind"] == "reviews_done"] == []
    submit(world, "ray")
    world.send_all()
    done = [m for m in smtp_server.messages() if m.message["X-Assay-Kind"] == "reviews_done"]
    assert sorted(a for m in done for a in m.rcpt_tos) == ["max@acme.example", "rosa@acme.example"]
    [rosa] = [m for m in done if m.rcpt_tos == ["rosa@acme.example"]]
    assert subject_of(rosa) == "All reviews of Jane Candidate are in (Backend screening)"
    text = flat(rosa)
    for words in ('Both reviews of Jane Candidate on the assessment "Backend screening" of the Backend hiring team '
                  "are in (Rita Reviewer, Ray Reviewer).",
                  "the decision is yours to record there", f"{PUBLIC}/ui/invitations/{world.ids['jane']}"):
        assert words in text, words


def test_anonymised_review_emails_say_candidate_n_until_a_decision(tmp_path, smtp_server):
    world = build(tmp_path, smtp_server.port, anonymised=True)
    overdue = assign(world, "rita")
    make_overdue(world, overdue)
    world.app.state.review_reminders.run_once()
    world.send_all()
    submit(world, "rita")
    world.send_all()
    mails = [m for m in smtp_server.messages() if m.message["X-Assay-Kind"] != "invitation"]
    assert sorted(m.message["X-Assay-Kind"] for m in mails) == ["review_assigned", "review_overdue",
                                                                "reviews_done", "reviews_done"]
    for mail in mails:
        raw = mail.message.as_string() + mail.text + mail.html
        assert "Candidate #2" in subject_of(mail) and "Jane" not in raw and "jane@example.com" not in raw
    with Session(world.app.state.engine) as session:  # a decision reveals the name: later e-mails say it
        invitation = session.get(Invitation, world.ids["jane"])
        assert invitation is not None
        anonymity.decide(session, staff(session, world.ids["rosa"]), invitation, "advance", "Strong.")
        session.commit()
    assign(world, "ray")
    world.send_all()
    [ray] = smtp_server.to("ray@acme.example")
    assert subject_of(ray).startswith("Please review Jane Candidate ")


def test_an_overdue_review_is_reminded_once_a_day_and_not_after_submission(tmp_path, smtp_server, database):
    world = build(tmp_path, smtp_server.port, **database)
    late = assign(world, "rita")
    assign(world, "ray", due_in=timedelta(days=3))  # not due yet
    make_overdue(world, late)
    job = world.app.state.review_reminders
    assert job.enabled and (job.every_hours, job.poll_s) == (24.0, 300.0)
    assert job.run_once() == 1
    assert job.run_once() == 0  # not twice the same day
    world.send_all()
    [reminder] = [m for m in smtp_server.to("rita@acme.example") if m.message["X-Assay-Kind"] == "review_overdue"]
    assert subject_of(reminder).startswith("Reminder: your review of Jane Candidate was due ")
    text = flat(reminder)
    for words in ("Hello Rita Reviewer,", 'Your review of Jane Candidate on the assessment "Backend screening" of the '
                  "Backend hiring team was due ", "the hiring team is waiting for it",
                  f"{PUBLIC}/ui/invitations/{world.ids['jane']}", f"{PUBLIC}/ui/reviews"):
        assert words in text, words
    assert [m for m in smtp_server.to("ray@acme.example") if m.message["X-Assay-Kind"] == "review_overdue"] == []

    with Session(world.app.state.engine) as session:  # a day later: one more
        assert review_mail.remind_overdue(session, 24, utcnow() + timedelta(hours=23)) == 0
        assert review_mail.remind_overdue(session, 24, utcnow() + timedelta(hours=25)) == 1
        assert review_mail.remind_overdue(session, 24, utcnow() + timedelta(hours=26)) == 0
        session.commit()
        row = session.get(ReviewAssignment, late)
        assert row is not None and row.reminded_at is not None
    submit(world, "rita")  # the pending reminder is not sent; none after
    assert [(r.kind, r.status, r.last_error) for r in world.rows() if r.kind == "review_overdue"][-1] == (
        "review_overdue", "cancelled", "not sent: the review was submitted")
    with Session(world.app.state.engine) as session:
        assert review_mail.remind_overdue(session, 24, utcnow() + timedelta(days=2)) == 0


def test_reminders_follow_their_settings(tmp_path, smtp_server):
    world = build(tmp_path, smtp_server.port, review_reminder_hours=0)
    assert world.app.state.review_reminders.enabled is False
    off = build(tmp_path / "off", None)
    assert off.app.state.review_reminders.enabled is False  # no SMTP: no job
    hourly = build(tmp_path / "hourly", smtp_server.port, review_reminder_hours=1, review_reminder_check_seconds=0.05)
    late = assign(hourly, "rita")
    make_overdue(hourly, late)
    hourly.app.state.review_reminders.start()
    try:
        wait_for(lambda: hourly.app.state.review_reminders.queued == 1, what="the job's reminder")
    finally:
        hourly.app.state.review_reminders.stop()
    with Session(hourly.app.state.engine) as session:
        assert review_mail.remind_overdue(session, 1, utcnow() + timedelta(minutes=59)) == 0
        assert review_mail.remind_overdue(session, 1, utcnow() + timedelta(minutes=61)) == 1
