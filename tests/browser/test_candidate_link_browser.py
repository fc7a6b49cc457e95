"""A recruiter asks for an anonymised candidate's link in a real headless Chromium (issue 22, item 1): the
Manage panel's Show link first asks to reveal the candidate, the link is shown only after the reveal
(recorded as candidate.revealed); a reviewer of the same team sees neither Show link nor Resend. The
reveal page works 390 px wide. Screenshot: docs/screenshots/console-link-reveal.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select
from support.browser import chromium, screenshot, serve
from support.net import free_port
from support.reviewer_data import ROOT, make_app

from api.audit import AuditEvent
from api.people import sessions, teams, users
from api.people.models import TeamRole
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from problemformat.package_loader import load_package


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    port = free_port()
    app = make_app(tmp_path_factory.mktemp("links"), public_url=f"http://127.0.0.1:{port}",
                   session_cookie_secure=False, port=port, webhook_worker=False)
    with Session(app.state.engine) as session:
        team = teams.create(session, "Backend")
        cookies = {}
        for who, role in (("rhea", TeamRole.RECRUITER), ("rita", TeamRole.REVIEWER)):
            user = users.create(session, email=f"{who}@acme.example", name=who.title())
            teams.set_member(session, team, user, role)
            cookies[who] = sessions.start(session, user, hours=8)[1]
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Blind screening", problems=["alert-windows"], duration_minutes=60, anonymised=True), None, team.id)
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment.id, candidate=CandidateIn(name="Ada Lovelace", email="ada@example.com")),
            None, box=app.state.webhook_box)
        session.commit()
        invitation_id = invitation.id
    with serve(app, port=port) as base, chromium() as browser:
        yield {"base": base, "browser": browser, "engine": app.state.engine, "cookies": cookies,
               "invitation": invitation_id, "token": token}


def _page(world: dict[str, Any], who: str, **options: Any) -> Any:
    context = world["browser"].new_context(**options)
    context.add_cookies([{"name": "assay_session", "value": world["cookies"][who], "url": world["base"]}])
    return context, context.new_page()


def test_a_recruiter_reveals_an_anonymised_candidate_before_seeing_their_link(world):
    context, page = _page(world, "rhea", viewport={"width": 1280, "height": 900})
    page.goto(f"{world['base']}/ui/invitations/{world['invitation']}")
    assert "Ada Lovelace" not in page.content()
    page.click("form[action$='/link'] button[type=submit]")
    page.wait_for_selector("form[action$='/link'] input[name=reveal]", state="attached")
    assert "is anonymised" in page.inner_text("main") and world["token"] not in page.content()
    screenshot(page, "console-link-reveal")
    page.click("main form[action$='/link'] button[type=submit]")
    page.wait_for_selector("#link")
    assert page.input_value("#link").endswith(f"/take/{world['token']}")
    with Session(world["engine"]) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "candidate.revealed",
                                                        AuditEvent.target_id == world["invitation"])).all()
        assert event.detail["reason"] == "link"
    context.close()


def test_a_reviewer_sees_no_link_or_resend_and_the_reveal_page_fits_390_px(world):
    context, page = _page(world, "rita", viewport={"width": 1280, "height": 900})
    page.goto(f"{world['base']}/ui/invitations/{world['invitation']}")
    assert page.locator("form[action$='/link']").count() == 0
    assert page.locator("form[action$='/resend']").count() == 0
    assert "does not manage invitations" in page.inner_text("#manage")
    context.close()

    context, page = _page(world, "rhea", viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{world['base']}/ui/invitations/{world['invitation']}")
    page.click("form[action$='/link'] button[type=submit]")
    page.wait_for_selector("form[action$='/link'] input[name=reveal]", state="attached")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"
    context.close()
