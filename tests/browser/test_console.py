"""The HR console in a real headless Chromium, with a real SMTP server (aiosmtpd) receiving the mail.

A reviewer logs in through the form, creates an assessment from the problem library, invites three
candidates from a CSV upload, and the three invitation e-mails arrive, each with a personal link that
opens that candidate's invitation. Then on one candidate's page: 50 % extra time is granted (audited,
the candidate's API shows it), the expiry is extended, the link is shown (audited) and the invitation is
revoked (the link stops working). A form posted without its CSRF token is refused. Times show in the
browser's time zone with UTC on hover. Screenshots go to artifacts/ and docs/screenshots/."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select
from support.browser import chromium, screenshot, serve, sign_in_with_key
from support.net import free_port
from support.reviewer_data import make_app, seed
from support.smtp import SmtpServer

from api.audit import AuditEvent
from api.models import Assessment, Invitation, utcnow

PUBLIC_LINK = re.compile(r"(http://127\.0\.0\.1:\d+/take/(inv_[A-Za-z0-9_\-]+))")
CSV = ("name,email,external_id\n"
       "Grace Hopper,grace@example.com,gh-501\n"
       "Alan Turing,alan@example.com,gh-502\n"
       "Katherine Johnson,katherine@example.com,gh-503\n")


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    smtp = SmtpServer().start()
    folder = tmp_path_factory.mktemp("console")
    port = free_port()
    app = make_app(folder, public_url=f"http://127.0.0.1:{port}", smtp_host="127.0.0.1", smtp_port=smtp.port,
                   smtp_security="none", smtp_from="Acme Hiring <jobs@acme.example>", mail_poll_seconds=0.1,
                   session_cookie_secure=False, port=port)
    data = seed(app.state.engine)
    try:
        with serve(app, port=port) as base, chromium() as browser:
            yield {"base": base, "data": data, "smtp": smtp, "browser": browser, "engine": app.state.engine}
    finally:
        smtp.stop()


def _wait(predicate: Any, timeout: float = 15.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _login(page: Any, base: str, key: str) -> None:
    sign_in_with_key(page, base, key)


def test_hr_creates_an_assessment_invites_three_from_csv_and_the_emails_arrive(console, tmp_path):
    base, data, smtp = console["base"], console["data"], console["smtp"]
    context = console["browser"].new_context(viewport={"width": 1280, "height": 900}, timezone_id="America/New_York")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    _login(page, base, data.reviewer_key)

    page.click("#new-assessment")
    page.fill("#title", "Data engineer screening")
    page.fill("#duration", "60")
    page.check("#p-meeting-rooms")
    page.check("#p-alert-windows")
    screenshot(page, "console-new-assessment")
    page.click("form.console button[type=submit]")
    page.wait_for_url(re.compile(r".*/ui/assessments/[0-9a-f]{32}$"))
    assessment_id = page.url.rsplit("/", 1)[1]
    with Session(console["engine"]) as session:
        assessment = session.get(Assessment, assessment_id)
        assert assessment is not None and assessment.title == "Data engineer screening"
        assert assessment.duration_minutes == 60

    csv_path = tmp_path / "candidates.csv"
    csv_path.write_text(CSV)
    page.set_input_files("#csv-file", str(csv_path))
    screenshot(page, "console-invite")
    page.click("#invite-csv button[type=submit]")
    page.wait_for_selector("#invited")
    rows = page.locator("#invited tbody tr")
    assert rows.count() == 3
    assert "invitation e-mail is on its way" in page.inner_text("main")
    screenshot(page, "console-invited")

    tokens: dict[str, str] = {}
    for address in ("grace@example.com", "alan@example.com", "katherine@example.com"):
        received = _wait(lambda a=address: smtp.to(a), what=f"the e-mail to {address}")
        message = received[0]
        assert "Data engineer screening" in message.message["Subject"]
        match = PUBLIC_LINK.search(message.text)
        assert match, message.text
        tokens[address] = match.group(2)
        me = httpx.get(f"{base}/v1/me", headers={"Authorization": f"Bearer {match.group(2)}"})
        assert me.status_code == 200 and me.json()["assessment_title"] == "Data engineer screening"
    assert len(set(tokens.values())) == 3

    # local time with UTC on hover (the browser is in New York)
    stamp = page.locator("#invited time").first
    assert "UTC" not in stamp.inner_text() and "UTC" in (stamp.get_attribute("title") or "")
    assert not errors, errors
    context.close()


def test_extra_time_extend_show_link_and_revoke_from_an_invitation_page(console):
    base, data = console["base"], console["data"]
    context = console["browser"].new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    _login(page, base, data.admin_key)  # Show link: admin and ats keys, recruiters (a reviewer key may not)
    response = httpx.post(f"{base}/v1/invitations", headers={"Authorization": f"Bearer {data.reviewer_key}"},
                          json={"assessment_id": data.assessment_id,
                                "candidate": {"name": "Mary Jackson", "email": "mary@example.com"}})
    invitation = response.json()
    token = invitation["token"]
    page.goto(f"{base}/ui/invitations/{invitation['id']}")

    page.fill("#extra-percent", "50")
    page.fill("#extra-reason", "documented accommodation")
    page.click("#extra-time-form button[type=submit]")
    page.wait_for_selector("#done")
    assert "+50 %" in page.inner_text("#extra-time")
    me = httpx.get(f"{base}/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["time_multiplier"] == 1.5 and me["effective_duration_minutes"] == 135

    new_day = (utcnow() + timedelta(days=30)).date()
    page.fill("#extend-on", new_day.isoformat())
    page.click("form[action$='/extend'] button[type=submit]")
    page.wait_for_selector("#done")
    with Session(console["engine"]) as session:
        row = session.get(Invitation, invitation["id"])
        assert row is not None and row.expires_at.date() == new_day
    screenshot(page, "console-invitation")

    page.click("form[action$='/link'] button[type=submit]")
    assert page.input_value("#link") == invitation["candidate_url"]
    page.go_back()

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("form[action$='/revoke'] button[type=submit]")
    page.wait_for_selector("#done")
    assert "revoked" in page.inner_text("#done")
    assert httpx.get(f"{base}/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 403

    with Session(console["engine"]) as session:
        actions = [a.action for a in session.exec(select(AuditEvent).where(
            AuditEvent.target_id == invitation["id"]).order_by(AuditEvent.id)).all()]  # type: ignore[arg-type]
    actions = [a for a in actions if a != "report.viewed"]
    assert actions[1:] == ["invitation.extra_time", "invitation.extended", "invitation.link_shown",
                           "invitation.revoked"], actions
    context.close()


def test_console_forms_refuse_a_missing_or_foreign_csrf_token(console):
    base, data = console["base"], console["data"]
    with httpx.Client(base_url=base) as client:
        login = client.get("/ui/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
        form = {"key": data.reviewer_key, "next": "/ui/"}
        if csrf:
            form["csrf_token"] = csrf.group(1)
        assert client.post("/ui/login", data=form).status_code in (303, 200)
        assert client.cookies.get("assay_session")
        target = data.invitations["dan"]
        refused = client.post(f"/ui/invitations/{target}/revoke", data={})
        assert refused.status_code == 403 and "another site" in refused.text
        forged = client.post(f"/ui/invitations/{target}/revoke", data={"csrf_token": "x" * 43})
        assert forged.status_code == 403
        page = client.get(f"/ui/invitations/{target}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        done = client.post(f"/ui/invitations/{target}/revoke", data={"csrf_token": token.group(1)})
        assert done.status_code == 303
    with Session(console["engine"]) as session:
        row = session.get(Invitation, target)
        assert row is not None and row.revoked_at is not None


def test_invalid_assessment_form_lists_every_problem(console):
    base, data = console["base"], console["data"]
    context = console["browser"].new_context()
    page = context.new_page()
    _login(page, base, data.reviewer_key)
    page.goto(f"{base}/ui/assessments/new")
    page.fill("#title", "Nothing picked")
    page.fill("#duration", "60")
    page.click("form.console button[type=submit]")
    page.wait_for_selector("#form-errors")
    assert "Problems: choose at least one" in page.inner_text("#form-errors")
    assert page.inner_text("#problems .field-error") == "choose at least one", "beside the field too"
    assert page.input_value("#title") == "Nothing picked", "what was typed is kept"
    with Session(console["engine"]) as session:
        assert session.exec(select(Assessment).where(Assessment.title == "Nothing picked")).first() is None
    context.close()
