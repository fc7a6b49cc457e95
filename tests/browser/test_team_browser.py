"""The console's Team page in a real headless Chromium, with a real SMTP server (aiosmtpd): an admin
invites a teammate to a hiring team from the header's "Team" link, the page says the e-mail is on its
way, the e-mail arrives with the join link, and the teammate opens it, picks a password and is signed in
as a member of that team in that role (the Team page then lists them). The page also works 390 px wide (no
sideways scrolling) and shows times in the viewer's zone. Screenshot: docs/screenshots/console-team.png."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session
from support.browser import chromium, screenshot, serve
from support.net import free_port
from support.reviewer_data import make_app
from support.smtp import SmtpServer

from api.models import utcnow
from api.people import links, sessions, teams, users
from api.people.models import LinkPurpose, TeamRole


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    smtp = SmtpServer().start()
    port = free_port()
    app = make_app(tmp_path_factory.mktemp("team"), public_url=f"http://127.0.0.1:{port}", smtp_host="127.0.0.1",
                   smtp_port=smtp.port, smtp_security="none", smtp_from="Acme Hiring <jobs@acme.example>",
                   mail_poll_seconds=0.1, session_cookie_secure=False, port=port, webhook_worker=False)
    with Session(app.state.engine) as session:
        admin = users.create(session, email="jane@acme.example", name="Jane Doe", is_admin=True)
        admin.last_login_at = utcnow()
        backend = teams.create(session, "Backend")
        teams.create(session, "Data")
        for email, name, role in (("max@acme.example", "Max Manager", TeamRole.HIRING_MANAGER),
                                  ("rita@acme.example", "Rita Recruiter", TeamRole.RECRUITER)):
            teams.set_member(session, backend, users.create(session, email=email, name=name), role)
        _, token = sessions.start(session, admin, hours=8)
        session.commit()
        backend_id = backend.id
    try:
        with serve(app, port=port) as base, chromium() as browser:
            yield {"base": base, "smtp": smtp, "browser": browser, "engine": app.state.engine, "cookie": token,
                   "backend": backend_id}
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


def _signed_in(world: dict[str, Any], **options: Any) -> Any:
    context = world["browser"].new_context(**options)
    context.add_cookies([{"name": "assay_session", "value": world["cookie"], "url": world["base"]}])
    return context


def test_admin_invites_a_teammate_and_the_email_arrives_with_the_join_link(world):
    base, smtp = world["base"], world["smtp"]
    context = _signed_in(world, viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    page.goto(f"{base}/ui/")
    page.click("header a.team-link")
    page.wait_for_url(f"{base}/ui/team")
    assert "Max Manager" in page.inner_text(f"#team-{world['backend']}")
    stamp = page.locator(f"#team-{world['backend']} time").first  # Jane's last sign-in is not in Backend
    assert stamp.count() == 0 or "UTC" in (stamp.get_attribute("title") or "")

    page.fill("#invite-name", "Sam Lee")
    page.fill("#invite-email", "sam@example.com")
    page.select_option("#invite-team", world["backend"])
    page.select_option("#invite-role", "reviewer")
    page.click("#invite button[type=submit]")
    page.wait_for_selector("#done")
    assert "invitation e-mail is on its way" in page.inner_text("#done")
    assert "sam@example.com" in page.inner_text(f"#team-{world['backend']}")  # invited, not joined yet
    screenshot(page, "console-team")

    received = _wait(lambda: smtp.to("sam@example.com"), what="the invitation e-mail")[0]
    assert received.message["Subject"] == ("Jane Doe invited you to the Backend hiring team on Assay as "
                                           "Reviewer (engineer)")
    match = re.search(rf"{re.escape(base)}/ui/join/(lnk_[A-Za-z0-9_\-]+)", received.text)
    assert match, received.text
    with Session(world["engine"]) as session:
        link = links.peek(session, match.group(1), LinkPurpose.INVITE)
        assert (link.email, link.team_id, link.role) == ("sam@example.com", world["backend"], "reviewer")

    joining = world["browser"].new_context(viewport={"width": 1280, "height": 900})
    teammate = joining.new_page()
    teammate.goto(match.group(0))
    assert "Backend" in teammate.inner_text("main") and teammate.input_value("#name") == "Sam Lee"
    teammate.fill("#password", "correct horse battery staple")
    teammate.fill("#confirm", "correct horse battery staple")
    teammate.click("main button[type=submit]")
    teammate.wait_for_url(f"{base}/ui/")
    assert "Sam Lee" in teammate.inner_text("header")
    joining.close()
    page.goto(f"{base}/ui/team")
    members = page.inner_text(f"#team-{world['backend']} table.members")
    assert "Sam Lee" in members and "sam@example.com" in members
    assert not errors, errors

    page.fill("#invite-email", "not an address")  # refused beside its field, what was typed kept
    page.fill("#invite-name", "Typo Person")
    page.click("#invite button[type=submit]")
    page.wait_for_selector("#invite-email-error")
    assert page.input_value("#invite-name") == "Typo Person"
    assert page.input_value("#invite-email") == "not an address"
    context.close()


def test_the_team_page_works_390_px_wide(world):
    context = _signed_in(world, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{world['base']}/ui/team")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-scroll'))
        .slice(0, 8).map(e => e.tagName + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px: {wide}"
    box = page.locator("#invite button[type=submit]").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    context.close()
