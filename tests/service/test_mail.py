"""Invitation e-mails against a real SMTP server (aiosmtpd in its own process, on a loopback port): what arrives, a link
that opens the invitation, nothing lost while the server is down, reminders sent or cancelled, no row
sent twice by two senders sharing a database, nothing queued without SMTP, no token in the table."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update
from sqlmodel import Session, select
from support.net import free_port, wait_for
from support.reviewer_data import make_app
from support.smtp import Received, SmtpServer

from api import metrics
from api.db import make_engine
from api.mail import outbox, runtime, smtp
from api.mail.models import Email
from api.models import Invitation, utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services import retention
from api.services.keys import create_key
from problemformat.package_loader import load_package

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://assay.example"
LINK = re.compile(r"https://assay\.example/take/(inv_[A-Za-z0-9_\-]+)")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


# ---------------------------------------------------------------------- the service


@dataclass
class Env:
    app: Any
    reviewer: str
    assessment_id: str

    @property
    def engine(self) -> Any:
        return self.app.state.engine

    def rows(self, invitation_id: str | None = None) -> list[Email]:
        with Session(self.engine) as session:
            query = select(Email).order_by(Email.id)  # type: ignore[arg-type]
            if invitation_id is not None:
                query = query.where(Email.invitation_id == invitation_id)
            return list(session.exec(query).all())

    def invite(self, client: TestClient, email: str, expires_at: datetime | None = None,
               name: str = "Ada Lovelace") -> dict[str, Any]:
        body: dict[str, Any] = {"assessment_id": self.assessment_id, "candidate": {"name": name, "email": email}}
        if expires_at is not None:
            body["expires_at"] = expires_at.isoformat()
        response = client.post("/v1/invitations", json=body, headers={"Authorization": f"Bearer {self.reviewer}"})
        assert response.status_code == 201, response.text
        return response.json()


def build(tmp_path: Path, port: int | None, **overrides: Any) -> Env:
    settings: dict[str, Any] = {"public_url": PUBLIC, "mail_poll_seconds": 0.05, "mail_retry_scale": 0.002,
                                "smtp_from": "Acme Hiring <jobs@acme.example>", "webhook_worker": False}
    if port is not None:
        settings.update(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")
    settings.update(overrides)
    app = make_app(tmp_path, **settings)
    with Session(app.state.engine, expire_on_commit=False) as session:
        _, reviewer = create_key(session, "reviewer", "Rita")
        for slug in ("alert-windows", "meeting-rooms"):
            problem_service.store(session, load_package(ROOT / "problems" / slug), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Backend screening", problems=["alert-windows", "meeting-rooms"], duration_minutes=90,
            languages=["python3", "cpp"]), None)
        session.commit()
    return Env(app, reviewer, assessment.id)


def table_text(engine: Any) -> str:
    """Every value of every row of ``emails``, as text."""
    with engine.connect() as connection:
        return "\n".join(repr(tuple(row)) for row in connection.execute(text("SELECT * FROM emails")))


# ---------------------------------------------------------------------- units


def test_smtp_client_classifies_failures(smtp_server):
    config = smtp.SmtpConfig(host="127.0.0.1", port=smtp_server.port, security="none", timeout_s=5)

    def msg(to: str) -> EmailMessage:
        m = EmailMessage()
        m["From"], m["To"], m["Subject"] = "a@acme.example", to, "hi"
        m.set_content("hello")
        return m

    smtp_server.configure(refuse={"gone@example.com": "550 5.1.1 no such user",
                                  "full@example.com": "452 4.2.2 mailbox full"})
    smtp.send(config, msg("ok@example.com"))
    assert smtp_server.to("ok@example.com")[0].message["Subject"] == "hi"
    with pytest.raises(smtp.PermanentError, match="550"):
        smtp.send(config, msg("gone@example.com"))
    with pytest.raises(smtp.TemporaryError, match="452"):
        smtp.send(config, msg("full@example.com"))
    with pytest.raises(smtp.TemporaryError, match="cannot reach"):
        smtp.send(smtp.SmtpConfig(host="127.0.0.1", port=free_port(), security="none", timeout_s=5), msg("x@y.z"))
    with pytest.raises(smtp.TemporaryError, match="STARTTLS"):  # asked for STARTTLS, the server has none
        smtp.send(smtp.SmtpConfig(host="127.0.0.1", port=smtp_server.port, security="starttls", timeout_s=5),
                  msg("ok@example.com"))


def test_smtp_client_logs_in_when_a_username_is_set():
    server = SmtpServer(login="assay:s3cret").start()
    try:
        m = EmailMessage()
        m["From"], m["To"], m["Subject"] = "a@acme.example", "ok@example.com", "with login"
        m.set_content("hello")
        config = smtp.SmtpConfig(host="127.0.0.1", port=server.port, security="none", username="assay",
                                 password="s3cret")
        smtp.send(config, m)
        assert [r.message["Subject"] for r in server.messages()] == ["with login"]
        with pytest.raises(smtp.TemporaryError, match="login refused"):
            smtp.send(smtp.SmtpConfig(host="127.0.0.1", port=server.port, security="none", username="assay",
                                      password="wrong"), m)
        with pytest.raises(smtp.TemporaryError, match="wants a login"):  # retried, not lost
            smtp.send(smtp.SmtpConfig(host="127.0.0.1", port=server.port, security="none"), m)
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


# ---------------------------------------------------------------------- end to end


def test_invitation_email_arrives_with_a_link_that_opens_the_invitation(tmp_path, smtp_server):
    env = build(tmp_path, smtp_server.port)
    sent_before = metrics.MAIL_ATTEMPTS.labels(result="sent")._value.get()
    with TestClient(env.app) as client:
        created = env.invite(client, "ada@example.com", utcnow() + timedelta(days=3))
        token = created["token"]
        received = wait_for(lambda: smtp_server.to("ada@example.com"), what="the invitation e-mail")[0]
        message = received.message
        assert received.rcpt_tos == ["ada@example.com"] and received.mail_from == "jobs@acme.example"
        assert message["To"].addresses[0].display_name == "Ada Lovelace"
        assert message["From"] == "Acme Hiring <jobs@acme.example>"
        assert message["Subject"] == "Acme Hiring invites you to a coding assessment: Backend screening"
        assert message.get_content_type() == "multipart/alternative"
        body = received.text
        flat = " ".join(body.split())
        for fact in ("Backend screening", "2 problems", "Python 3 or C++", "1 hour 30 minutes", " UTC",
                     "The timer starts only when you press Start", "Acme Hiring"):
            assert fact in flat, fact
        assert LINK.findall(body) == [token] and LINK.findall(received.html)[0] == token
        me = client.get("/v1/me", headers={"Authorization": f"Bearer {LINK.findall(body)[0]}"})
        assert me.status_code == 200 and me.json()["invitation_id"] == created["id"]
        page = client.get(LINK.search(body).group(0))  # type: ignore[union-attr]  # https: a Secure cookie
        assert page.status_code == 200 and "Backend screening" in page.text  # the candidate's landing page

        row = wait_for(lambda: [r for r in env.rows(created["id"]) if r.status == "sent"], what="sent")[0]
        assert (row.kind, row.tries, row.to_addr, row.subject) == ("invitation", 1, "ada@example.com",
                                                                  message["Subject"])
        assert row.message_id == message["Message-ID"] and row.message_id.endswith("@acme.example>")
        assert row.claim is None and row.locked_until is None and row.sent_at is not None
        with Session(env.engine) as session:
            status = outbox.status_of(session, created["id"])
        assert [(s["kind"], s["status"]) for s in status] == [("invitation", "sent"), ("reminder", "pending")]
        assert status[1]["next_attempt_at"] > utcnow() + timedelta(days=1)  # 24 h before the expiry
        assert metrics.MAIL_ATTEMPTS.labels(result="sent")._value.get() == sent_before + 1
        assert "assay_mail_attempts_total{" in client.get("/metrics").text
    dump = table_text(env.engine)
    assert token not in dump and "/take/" not in dump and token[4:] not in dump


def test_mail_server_down_loses_nothing(tmp_path):
    port = free_port()  # nothing listens here yet
    env = build(tmp_path, port)
    with TestClient(env.app) as client:
        created = env.invite(client, "grace@example.com")
        row = wait_for(lambda: [r for r in env.rows(created["id"]) if r.kind == "invitation" and r.tries >= 2],
                       what="two failed attempts")[0]
        assert row.status == "pending" and "cannot reach the mail server" in (row.last_error or "")
        assert row.next_attempt_at > row.updated_at  # backing off
        server = SmtpServer(port).start()
        try:
            received = wait_for(lambda: server.to("grace@example.com"), timeout=30, what="delivery")
            assert len(received) == 1 and LINK.search(received[0].text)
            row = wait_for(lambda: [r for r in env.rows(created["id"]) if r.status == "sent"], what="sent")[0]
            assert row.tries >= 3 and row.last_error is None
        finally:
            server.stop()
            shutil.rmtree(server.folder, ignore_errors=True)


def test_permanent_refusal_and_missing_token_fail_at_once(tmp_path, smtp_server):
    smtp_server.configure(refuse={"nobody@example.com": "550 5.1.1 no such user here"})
    env = build(tmp_path, smtp_server.port, invitation_reminder_hours=0)
    with TestClient(env.app) as client:
        refused = env.invite(client, "nobody@example.com")
        row = wait_for(lambda: [r for r in env.rows(refused["id"]) if r.status == "failed"], what="failed")[0]
        assert row.tries == 1 and "550" in (row.last_error or "") and "no such user" in (row.last_error or "")
        with Session(env.engine, expire_on_commit=False) as session:  # an invitation whose token was not kept
            invitation, _ = invitation_service.create(session, InvitationCreate(
                assessment_id=env.assessment_id, candidate=CandidateIn(name="Old", email="old@example.com")), None)
            session.commit()
        row = wait_for(lambda: [r for r in env.rows(invitation.id) if r.status == "failed"], what="failed")[0]
        assert "no stored token" in (row.last_error or "") and "resend" in (row.last_error or "")
        assert len(env.rows(refused["id"])) == 1  # reminders off: none queued
    assert smtp_server.messages() == []


def test_reminder_sent_when_due_and_cancelled_once_started_or_revoked(tmp_path, smtp_server):
    env = build(tmp_path, smtp_server.port, invitation_reminder_hours=1.0)
    staff = {"Authorization": f"Bearer {env.reviewer}"}
    with TestClient(env.app) as client:
        expires = utcnow() + timedelta(hours=1, seconds=30)  # reminders fall due in 30 s...
        waiting = env.invite(client, "wait@example.com", expires)
        starter = env.invite(client, "start@example.com", expires)
        revoked = env.invite(client, "revoke@example.com", expires)
        sneaky = env.invite(client, "sneaky@example.com", expires)
        moved = env.invite(client, "moved@example.com", expires)
        soon = env.invite(client, "soon@example.com", utcnow() + timedelta(minutes=30))
        assert [r.kind for r in env.rows(soon["id"])] == ["invitation"]  # its reminder time is past: none

        assert client.post("/v1/me/start", headers={"Authorization": f"Bearer {starter['token']}"}).status_code == 200
        assert client.post(f"/v1/invitations/{revoked['id']}/revoke", headers=staff).status_code == 200
        for created, why in ((starter, "started"), (revoked, "revoked")):
            reminder = next(r for r in env.rows(created["id"]) if r.kind == "reminder")
            assert reminder.status == "cancelled" and why in (reminder.last_error or ""), reminder
        with Session(env.engine) as session:  # started behind the service's back: the sender checks when due
            invitation = session.get(Invitation, sneaky["id"])
            assert invitation is not None
            invitation.started_at, invitation.deadline_at = utcnow(), utcnow() + timedelta(minutes=90)
            session.add(invitation)
            later = session.get(Invitation, moved["id"])  # extended behind the service's back
            assert later is not None
            later.expires_at = expires + timedelta(days=1)
            session.add(later)
            session.commit()
            # ...but the clock is moved on: every pending reminder is due now (the sender still checks
            # each invitation's state and expiry before sending)
            session.exec(update(Email).where(Email.kind == "reminder", Email.status == "pending")
                         .values(next_attempt_at=utcnow()))
            session.commit()

        def reminders_to(address: str) -> list[Received]:
            return [m for m in smtp_server.to(address) if m.message["X-Assay-Kind"] == "reminder"]

        reminder = wait_for(lambda: reminders_to("wait@example.com"), what="the reminder")[0]
        assert reminder.message["Subject"].startswith('Reminder: your coding assessment "Backend screening"')
        assert LINK.findall(reminder.text) == [waiting["token"]]
        assert "(in about 1 hour)" in " ".join(reminder.text.split())
        row = wait_for(lambda: [r for r in env.rows(sneaky["id"]) if r.kind == "reminder" and r.status != "pending"],
                       what="the started candidate's reminder handled")[0]
        assert row.status == "cancelled" and "started" in (row.last_error or "") and row.tries == 0
        row = wait_for(lambda: [r for r in env.rows(moved["id"]) if r.kind == "reminder"
                                and r.next_attempt_at > utcnow() + timedelta(hours=1)], what="the reminder moved")[0]
        assert row.status == "pending" and row.tries == 0  # due again 1 h before the new expiry
        assert abs(row.next_attempt_at - (expires + timedelta(days=1, hours=-1))) < timedelta(seconds=1)
        for address in ("start@example.com", "revoke@example.com", "sneaky@example.com", "moved@example.com"):
            assert reminders_to(address) == []
        assert len(smtp_server.to("wait@example.com")) == 2  # the invitation and the reminder


def test_resend_queues_a_fresh_mail_and_erasure_blanks_the_address(tmp_path, smtp_server):
    env = build(tmp_path, smtp_server.port)
    with TestClient(env.app) as client:
        created = env.invite(client, "twice@example.com")
        wait_for(lambda: smtp_server.to("twice@example.com"), what="the first e-mail")
        with Session(env.engine, expire_on_commit=False) as session:
            invitation = invitation_service.get(session, created["id"])
            assert invitation_service.resend(session, invitation, env.app.state.webhook_box) is False
            session.commit()
        both = wait_for(lambda: len(smtp_server.to("twice@example.com")) == 2
                        and smtp_server.to("twice@example.com"), what="the resent e-mail")
        assert [LINK.findall(m.text) for m in both] == [[created["token"]]] * 2  # the same link
        assert both[0].message["Message-ID"] != both[1].message["Message-ID"]
        with Session(env.engine) as session:
            invitation = invitation_service.get(session, created["id"])
            retention.erase(session, invitation, "request")
            session.commit()
        rows = env.rows(created["id"])
        assert {r.to_addr for r in rows} == {""} and "twice@example.com" not in table_text(env.engine)
        assert [r.status for r in rows if r.kind == "reminder"] == ["cancelled"]


def test_extending_moves_queues_or_cancels_the_reminder(tmp_path, smtp_server):
    env = build(tmp_path, smtp_server.port)  # no lifespan: the sender does not run, rows stay as queued
    with Session(env.engine, expire_on_commit=False) as session:
        invitation, _ = invitation_service.create(session, InvitationCreate(
            assessment_id=env.assessment_id, candidate=CandidateIn(name="Ext", email="ext@example.com"),
            expires_at=utcnow() + timedelta(minutes=30)), None, box=env.app.state.webhook_box)
        session.commit()
        assert [r.kind for r in env.rows(invitation.id)] == ["invitation"]  # too soon for a reminder

        def reminders() -> list[tuple[str, datetime]]:
            return [(r.status, r.next_attempt_at) for r in env.rows(invitation.id) if r.kind == "reminder"]

        invitation_service.extend(session, invitation, utcnow() + timedelta(days=3))
        outbox.invitation_extended(session, invitation)
        session.commit()
        assert reminders() == [("pending", invitation.expires_at - timedelta(hours=24))]
        invitation_service.extend(session, invitation, utcnow() + timedelta(days=5))
        outbox.invitation_extended(session, invitation)
        session.commit()
        assert reminders() == [("pending", invitation.expires_at - timedelta(hours=24))]  # moved, not added
        invitation_service.extend(session, invitation, utcnow() + timedelta(hours=2))
        outbox.invitation_extended(session, invitation)
        session.commit()
        assert [status for status, _ in reminders()] == ["cancelled"]


def test_no_smtp_configured_queues_nothing(tmp_path):
    env = build(tmp_path, None)
    assert env.app.state.settings.smtp_host == ""
    with TestClient(env.app) as client:
        created = env.invite(client, "nomail@example.com")
        with Session(env.engine) as session:
            assert outbox.enabled(session) is False
        with Session(env.engine) as session:
            invitation = invitation_service.get(session, created["id"])
            invitation_service.resend(session, invitation, env.app.state.webhook_box)
            session.commit()
            assert outbox.status_of(session, created["id"]) == []
    assert env.rows() == []


# ---------------------------------------------------------------------- several senders, one database


def _queue(env: Env, count: int) -> list[int]:
    with Session(env.engine, expire_on_commit=False) as session:
        for index in range(count):
            invitation_service.create(session, InvitationCreate(
                assessment_id=env.assessment_id, candidate=CandidateIn(name=f"C{index}", email=f"c{index}@example.com"),
                expires_at=utcnow() + timedelta(days=7)), None, box=env.app.state.webhook_box)
        session.commit()
    return [r.id for r in env.rows() if r.kind == "invitation"]  # type: ignore[misc]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> dict[str, Any]:
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("postgres").create_database(at_head=True)}


def test_two_senders_claim_disjoint_rows(tmp_path, smtp_server, database):
    env = build(tmp_path, smtp_server.port, **database)  # the app's own sender is never started here
    ids = _queue(env, 20)
    settings = env.app.state.settings
    senders = [runtime.make_sender(make_engine(settings.resolved_database_url), settings, env.app.state.webhook_box)
               for _ in range(2)]
    barrier = threading.Barrier(2)
    claimed: list[list[int]] = [[], []]

    def grab(index: int) -> None:
        barrier.wait()
        claimed[index] = [job.id for job in senders[index].claim(len(ids) + 10)]

    threads = [threading.Thread(target=grab, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not set(claimed[0]) & set(claimed[1])
    assert sorted(claimed[0] + claimed[1]) == sorted(ids)  # reminders are not due: not claimed
    for engine in (env.engine, *(sender.engine for sender in senders)):
        engine.dispose()


def test_two_senders_never_send_a_row_twice(tmp_path, smtp_server, database):
    env = build(tmp_path, smtp_server.port, **database)
    smtp_server.configure(delay_s=0.01)
    ids = _queue(env, 24)
    settings = env.app.state.settings
    senders = [runtime.make_sender(make_engine(settings.resolved_database_url), settings, env.app.state.webhook_box,
                                   name=f"mail-sender-{i}") for i in range(2)]
    started = time.monotonic()
    for sender in senders:
        sender.start()
    try:
        wait_for(lambda: all(r.status == "sent" for r in env.rows() if r.kind == "invitation"), timeout=30,
                 what="every invitation e-mail sent")
    finally:
        for sender in senders:
            sender.stop()
            sender.engine.dispose()
        env.engine.dispose()
    elapsed = time.monotonic() - started
    message_ids = [m.message["Message-ID"] for m in smtp_server.messages()]
    assert len(message_ids) == len(ids) == len(set(message_ids)), "a row was sent twice"
    assert {r.message_id for r in env.rows() if r.kind == "invitation"} == set(message_ids)
    assert sum(s.sent for s in senders) == len(ids)
    assert all(s.sent > 0 for s in senders), [s.sent for s in senders]  # both really took part
    print(f"{len(ids)} e-mails by two senders in {elapsed:.2f} s: {[s.sent for s in senders]}")
