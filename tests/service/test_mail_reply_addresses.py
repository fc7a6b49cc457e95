"""Issue 22, item 8: an SMTP server's refusal quotes the recipient (``550 <ada@example.com>: rejected``);
stored as the e-mail's last error it was shown on the Manage panel, naming a candidate the anonymised
review hides. Replies are stored, and shown, with every address taken out."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select
from support.net import wait_for
from support.reviewer_data import make_app
from support.smtp import SmtpServer

from api.console import session as web_session
from api.mail import outbox
from api.mail.models import Email
from api.mail.replies import strip_addresses
from api.people import sessions, users
from api.schemas import AssessmentCreate
from api.services import assessments as assessment_service
from api.services import problems as problem_service
from api.services.keys import create_key
from problemformat.package_loader import load_package

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "ada.lovelace+jobs@example.com"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


def test_strip_addresses_takes_out_every_form_of_address():
    assert strip_addresses("550 <ada@example.com>: rejected") == "550 <address>: rejected"
    assert strip_addresses("550 5.1.1 ada.b+x@mail.example.co.uk unknown; bob@[192.0.2.1] too") == (
        "550 5.1.1 <address> unknown; <address> too")
    assert strip_addresses("451 4.3.0 try again later") == "451 4.3.0 try again later"
    assert strip_addresses(None) is None


def test_a_refusal_quoting_the_address_is_stored_and_shown_without_it(tmp_path, smtp_server):
    smtp_server.configure(refuse={ADDRESS: f"550 5.1.1 <{ADDRESS}>: Recipient address rejected"})
    app = make_app(tmp_path, public_url="https://assay.example", mail_poll_seconds=0.05, webhook_worker=False,
                   smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none",
                   invitation_reminder_hours=0, session_cookie_secure=False)
    with Session(app.state.engine, expire_on_commit=False) as session:
        _, reviewer = create_key(session, "reviewer", "Rita")
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Blind", problems=["alert-windows"], duration_minutes=60, anonymised=True), None)
        admin = users.create(session, email="jane@acme.example", name="Jane", is_admin=True)
        _, cookie = sessions.start(session, admin, hours=1)
        session.commit()
    with TestClient(app, follow_redirects=False) as client:
        created = client.post("/v1/invitations", headers={"Authorization": f"Bearer {reviewer}"}, json={
            "assessment_id": assessment.id, "candidate": {"name": "Ada Lovelace", "email": ADDRESS}})
        assert created.status_code == 201, created.text
        invitation_id = created.json()["id"]

        def failed() -> list[Email]:
            with Session(app.state.engine) as session:
                return list(session.exec(select(Email).where(Email.invitation_id == invitation_id,
                                                             Email.status == "failed")).all())

        [row] = wait_for(failed, what="the refused e-mail")
        assert "550" in (row.last_error or "") and "Recipient address rejected" in (row.last_error or "")
        assert ADDRESS not in (row.last_error or "") and "<address>" in (row.last_error or "")

        client.cookies.set(web_session.cookie_name(app.state.settings), cookie)
        page = client.get(f"/ui/invitations/{invitation_id}")
        assert page.status_code == 200 and "Recipient address rejected" in page.text
        assert ADDRESS not in page.text and "Ada Lovelace" not in page.text  # Candidate #1 throughout

        with Session(app.state.engine) as session:  # a row stored before the fix is shown without it too
            session.exec(update(Email).where(Email.id == row.id).values(last_error=f"550 <{ADDRESS}>: rejected"))
            session.commit()
            assert [m["last_error"] for m in outbox.status_of(session, invitation_id)] == ["550 <address>: rejected"]
        assert ADDRESS not in client.get(f"/ui/invitations/{invitation_id}").text
