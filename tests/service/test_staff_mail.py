"""Staff e-mails (a teammate's invitation to a hiring team, a password reset) through the durable mail
outbox, against a real SMTP server (aiosmtpd in its own process): what arrives, the link in clear only
in the message (encrypted on the row while pending, blanked once sent or failed), nothing queued with
SMTP off, retries like the candidates' e-mails, a link used meanwhile not sent. SQLite and PostgreSQL."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, select
from support.net import free_port, wait_for
from support.reviewer_data import make_app
from support.smtp import SmtpServer

from api.mail.models import Email
from api.models import utcnow
from api.people import links, teams, users
from api.people import mail as staff_mail
from api.people.models import LinkPurpose, TeamRole

PUBLIC = "https://assay.example"
JOIN = re.compile(r"https://assay\.example/ui/join/(lnk_[A-Za-z0-9_\-]+)")
RESET = re.compile(r"https://assay\.example/ui/reset/(lnk_[A-Za-z0-9_\-]+)")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> dict[str, Any]:
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("postgres").create_database(at_head=True)}


def build(tmp_path: Any, port: int | None, **overrides: Any) -> Any:
    settings: dict[str, Any] = {"public_url": PUBLIC, "mail_poll_seconds": 0.05, "mail_retry_scale": 0.002,
                                "smtp_from": "Acme Hiring <jobs@acme.example>", "webhook_worker": False}
    if port is not None:
        settings.update(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")
    settings.update(overrides)
    return make_app(tmp_path, **settings)


def rows(app: Any) -> list[Email]:
    with Session(app.state.engine) as session:
        return list(session.exec(select(Email).order_by(Email.id)).all())  # type: ignore[arg-type]


def table_text(app: Any) -> str:
    with app.state.engine.connect() as connection:
        return "\n".join(repr(tuple(row)) for row in connection.execute(text("SELECT * FROM emails")))


def invite(app: Any, email: str = "sam@example.com", name: str = "Sam Reviewer") -> str:
    """Jane Doe (an admin) invites ``email`` to the Backend team as a reviewer; returns the link's token."""
    with Session(app.state.engine) as session:
        jane = users.by_email(session, "jane@acme.example") or users.create(
            session, email="jane@acme.example", name="Jane Doe", is_admin=True)
        team = session.exec(select(teams.Team).where(teams.Team.name == "Backend")).first() \
            or teams.create(session, "Backend")
        issued = links.issue(session, LinkPurpose.INVITE, email=email, name=name, team_id=team.id,
                             role=TeamRole.REVIEWER, created_by=jane.id)
        queued = staff_mail.queue_team_invite(session, to_email=email, to_name=name, team_name=team.name,
                                              role=TeamRole.REVIEWER, inviter=jane.name, link_token=issued.token,
                                              public_url=PUBLIC)
        session.commit()
    assert queued is True
    return issued.token


def test_team_invite_arrives_with_the_join_link_and_the_token_is_never_in_clear(tmp_path, smtp_server, database):
    app = build(tmp_path, smtp_server.port, **database)
    token = invite(app)
    pending = table_text(app)
    assert token not in pending and token[4:] not in pending and "/ui/join/" not in pending
    [row] = rows(app)
    assert row.kind == "team_invite" and row.invitation_id is None and row.link_enc
    assert app.state.webhook_box.decrypt(row.link_enc) == f"{PUBLIC}/ui/join/{token}"

    assert app.state.mail.run_once(5) == 1
    [received] = smtp_server.to("sam@example.com")
    message = received.message
    assert message["Subject"] == "Jane Doe invited you to the Backend hiring team on Assay as Reviewer (engineer)"
    assert message["To"].addresses[0].display_name == "Sam Reviewer"
    assert message["From"] == "Acme Hiring <jobs@acme.example>" and message["X-Assay-Kind"] == "team_invite"
    flat = " ".join(received.text.split())
    assert "Hello Sam Reviewer" in flat and "as Reviewer (engineer)" in flat and " UTC" in flat
    assert JOIN.findall(received.text) == [token] and JOIN.findall(received.html)[0] == token
    [row] = rows(app)
    assert (row.status, row.tries, row.link_enc) == ("sent", 1, None)
    assert row.subject == message["Subject"] and row.message_id == message["Message-ID"]
    dump = table_text(app)
    assert token not in dump and token[4:] not in dump and "/ui/join/" not in dump
    with Session(app.state.engine) as session:  # the link still works: only the e-mail row forgot it
        assert links.peek(session, token, LinkPurpose.INVITE).email == "sam@example.com"
    app.state.engine.dispose()


def test_password_reset_arrives_with_the_reset_link(tmp_path, smtp_server):
    app = build(tmp_path, smtp_server.port)
    with Session(app.state.engine) as session:
        user = users.create(session, email="Ann@Example.com", name="Ann Admin", password="a long enough passphrase 42")
        issued = links.issue(session, LinkPurpose.RESET, email=user.email, user_id=user.id)
        assert staff_mail.queue_password_reset(session, user=user, link_token=issued.token, public_url=PUBLIC + "/")
        session.commit()
    assert issued.token not in table_text(app)
    assert app.state.mail.run_once(5) == 1
    [received] = smtp_server.to("ann@example.com")
    assert received.message["Subject"] == "Reset your Assay password"
    flat = " ".join(received.text.split())
    assert "1 hour" in flat and "If you did not ask for this, ignore this message" in flat
    assert RESET.findall(received.text) == [issued.token] and RESET.findall(received.html)[0] == issued.token
    assert [(r.kind, r.status, r.link_enc) for r in rows(app)] == [("password_reset", "sent", None)]


def test_with_smtp_off_nothing_is_queued(tmp_path):
    app = build(tmp_path, None)
    with Session(app.state.engine) as session:
        user = users.create(session, email="off@example.com", name="Off Line")
        issued = links.issue(session, LinkPurpose.RESET, email=user.email, user_id=user.id)
        assert staff_mail.queue_password_reset(session, user=user, link_token=issued.token, public_url=PUBLIC) is False
        assert staff_mail.queue_team_invite(session, to_email="x@example.com", to_name="X", team_name="T",
                                            role=TeamRole.AUTHOR, inviter="Y", link_token=issued.token,
                                            public_url=PUBLIC) is False
        session.commit()
    assert rows(app) == []


def test_server_down_retries_then_delivers_and_a_refusal_fails_for_good(tmp_path):
    port = free_port()  # nothing listens here yet
    app = build(tmp_path, port)
    token = invite(app, "later@example.com")
    assert app.state.mail.run_once(5) == 1
    [row] = rows(app)
    assert row.status == "pending" and row.tries == 1 and "cannot reach" in (row.last_error or "") and row.link_enc
    server = SmtpServer(port).start()
    try:
        server.configure(refuse={"gone@example.com": "550 5.1.1 no such user"})
        invite(app, "gone@example.com", "Gone Person")
        app.state.mail.start()
        try:
            wait_for(lambda: all(r.status != "pending" for r in rows(app)), timeout=30, what="both handled")
        finally:
            app.state.mail.stop()
        assert JOIN.findall(server.to("later@example.com")[0].text) == [token]
        by_address = {r.to_addr: r for r in rows(app)}
        assert by_address["later@example.com"].status == "sent" and by_address["later@example.com"].tries >= 2
        failed = by_address["gone@example.com"]
        assert failed.status == "failed" and "550" in (failed.last_error or "") and failed.link_enc is None
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


def test_a_link_used_or_expired_before_sending_is_not_sent(tmp_path, smtp_server):
    app = build(tmp_path, smtp_server.port)
    used = invite(app, "used@example.com")
    invite(app, "expired@example.com")
    with Session(app.state.engine) as session:
        links.use(session, used, LinkPurpose.INVITE)  # the admin passed the shown link on meanwhile
        late = session.exec(select(Email).where(Email.to_addr == "expired@example.com")).one()
        late.details = {**(late.details or {}), "expires_at": (utcnow() - timedelta(minutes=1)).isoformat()}
        session.add(late)
        session.commit()
    assert app.state.mail.run_once(5) == 2
    assert smtp_server.messages() == []
    outcome = {r.to_addr: (r.status, r.link_enc, r.last_error) for r in rows(app)}
    assert outcome["used@example.com"][:2] == ("cancelled", None) and "used" in (outcome["used@example.com"][2] or "")
    assert outcome["expired@example.com"][:2] == ("cancelled", None)
    assert "expired" in (outcome["expired@example.com"][2] or "")
