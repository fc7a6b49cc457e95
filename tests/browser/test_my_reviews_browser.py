"""A reviewer's "My reviews" page in a real headless Chromium, with a real SMTP server (aiosmtpd): the
recruiter assigns two candidates (one anonymised) to Rita; the assignment e-mail arrives with a link to
the page; from the header's "My reviews" link (its count: the open reviews) Rita sees the overdue one
first, the next one after, the one she submitted below, the anonymised candidate as "Candidate #N", due
dates in her time zone with UTC on hover; from there she turns the reminders off. The page also works
390 px wide. Screenshots: docs/screenshots/console-my-reviews.png, console-review-emails.png."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session
from support.browser import chromium, screenshot, serve
from support.net import free_port
from support.reviewer_data import ROOT, make_app
from support.smtp import SmtpServer

from api.auth import staff_of_user
from api.models import utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole
from api.reviews import assignments, scorecards, scoring
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from problemformat.package_loader import load_package


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    smtp = SmtpServer().start()
    port = free_port()
    app = make_app(tmp_path_factory.mktemp("my-reviews"), public_url=f"http://127.0.0.1:{port}",
                   smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none",
                   smtp_from="Acme Hiring <jobs@acme.example>", mail_poll_seconds=0.1, session_cookie_secure=False,
                   port=port, webhook_worker=False)
    with Session(app.state.engine) as session:
        backend = teams.create(session, "Backend")
        rosa = users.create(session, email="rosa@acme.example", name="Rosa Recruiter")
        rita = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        teams.set_member(session, backend, rosa, TeamRole.RECRUITER)
        teams.set_member(session, backend, rita, TeamRole.REVIEWER)
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        recruiter, reviewer = staff_of_user(session, rosa), staff_of_user(session, rita)
        rows = {}
        for title, anonymised, candidates in (("Backend screening", False, ["Ada Lovelace", "Grace Hopper"]),
                                              ("Platform screening (anonymised)", True, ["Linus Torvalds"])):
            assessment = assessment_service.create(session, AssessmentCreate(
                title=title, problems=["alert-windows"], duration_minutes=60, languages=["python3"],
                anonymised=anonymised), None, backend.id)
            for name in candidates:
                invitation, _ = invitation_service.create(session, InvitationCreate(
                    assessment_id=assessment.id, candidate=CandidateIn(
                        name=name, email=f"{name.split()[0].lower()}@example.com")), None)
                rows[name] = invitation
        assignments.assign(session, recruiter, rows["Ada Lovelace"], rita.id, utcnow() + timedelta(days=3))
        late = assignments.assign(session, recruiter, rows["Linus Torvalds"], rita.id, utcnow() + timedelta(days=1))
        late.due_at = utcnow() - timedelta(hours=20)  # overdue
        assignments.assign(session, recruiter, rows["Grace Hopper"], rita.id, utcnow() + timedelta(days=2))
        grace = rows["Grace Hopper"]
        scores = {c.key: 3 for c in scorecards.get(session, grace.assessment_id).criteria}
        scoring.submit(session, reviewer, grace, scores, "yes", "Clear, tested code.")
        _, token = sessions.start(session, rita, hours=8)
        session.commit()
    try:
        with serve(app, port=port) as base, chromium() as browser:
            yield {"base": base, "smtp": smtp, "browser": browser, "cookie": token}
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


def test_the_reviewer_finds_their_queue_from_the_email_and_the_header(world):
    base, smtp = world["base"], world["smtp"]
    mails = _wait(lambda: [m for m in smtp.to("rita@acme.example") if m.message["X-Assay-Kind"] == "review_assigned"]
                  if len(smtp.to("rita@acme.example")) >= 3 else None, what="the three assignment e-mails")
    subjects = sorted(" ".join(str(m.message["Subject"]).split()) for m in mails)
    assert any(s.startswith("Please review Candidate #1 (Platform screening (anonymised))") for s in subjects)
    assert not any("Linus" in m.message.as_string() for m in mails)
    assert f"{base}/ui/reviews" in mails[0].text

    context = _signed_in(world, viewport={"width": 1280, "height": 800}, timezone_id="Europe/Berlin")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    page.goto(f"{base}/ui/")
    link = page.locator("header a.reviews-link")
    assert re.sub(r"\s+", " ", link.inner_text()).strip() == "My reviews 2"
    link.click()
    page.wait_for_url(f"{base}/ui/reviews")
    rows = page.locator("#open-reviews tbody tr")
    assert rows.count() == 2
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert "Candidate #1" in first and "Overdue" in first and "Linus" not in page.content()
    assert "Ada Lovelace" in second and "Overdue" not in second
    assert "Grace Hopper" in page.locator("#done-reviews").inner_text()
    stamp = page.locator("#open-reviews time").first
    assert "UTC" in (stamp.get_attribute("title") or "")
    assert errors == []
    screenshot(page, "console-my-reviews")

    page.click("text=E-mails about reviewing")  # turn the reminders off
    page.wait_for_url(f"{base}/ui/reviews/emails")
    page.uncheck("input[value=review_overdue]")
    page.click("#email-choices button[type=submit]")
    page.wait_for_url(f"{base}/ui/reviews/emails?done=saved")
    assert page.is_checked("input[value=review_assigned]") and not page.is_checked("input[value=review_overdue]")
    screenshot(page, "console-review-emails")
    context.close()


def test_my_reviews_works_390_px_wide(world):
    context = _signed_in(world, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{world['base']}/ui/reviews")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    box = page.locator("header a.reviews-link").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    context.close()
