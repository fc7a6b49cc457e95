"""Every attempt of a candidate in a real headless Chromium (issue 26 item 12), JavaScript off: from the
report's timeline a reviewer opens an earlier submission (its tests and code), steps to the next attempt,
reads its "Changes since Submission 1" (a diff), then compares two attempts with the Attempts section's
form; at 390 px the diff fits the screen. Screenshot: docs/screenshots/console-attempt-diff.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session
from support.browser import chromium, screenshot, serve
from support.net import free_port
from support.reviewer_data import make_app, seed

from api.models import Assessment
from api.people import sessions, teams, users
from api.people.models import TeamRole


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    port = free_port()
    app = make_app(tmp_path_factory.mktemp("attempts"), public_url=f"http://127.0.0.1:{port}",
                   session_cookie_secure=False, port=port, webhook_worker=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        backend = teams.create(session, "Backend")
        user = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        teams.set_member(session, backend, user, TeamRole.REVIEWER)
        cookie = sessions.start(session, user, hours=8)[1]
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = backend.id
        session.add(assessment)
        session.commit()
    with serve(app, port=port) as base, chromium() as browser:
        yield {"base": base, "browser": browser, "cookie": cookie, "data": data}


def _page(world: dict[str, Any], **options: Any) -> Any:
    context = world["browser"].new_context(java_script_enabled=False, **options)
    context.add_cookies([{"name": "assay_session", "value": world["cookie"], "url": world["base"]}])
    return context.new_page()


def test_a_reviewer_opens_an_earlier_attempt_and_compares_two(world):
    base, data = world["base"], world["data"]
    report = f"{base}/ui/invitations/{data.invitations['ada']}"
    page = _page(world, viewport={"width": 1280, "height": 900})
    page.goto(report)
    first = data.submissions["ada-aw-1"]
    page.click(f".timeline a[href='/ui/submissions/{first}']")
    page.wait_for_url(f"{base}/ui/submissions/{first}")
    assert page.inner_text("#attempt-title").endswith("Submission 1")
    assert "TLE" in page.inner_text("#attempt-tests")
    assert page.locator("figure.code.commented ol.lines li").count() > 5
    page.click("a[rel=next]")  # the run came before; the next attempt is the scored submission
    page.wait_for_url(f"{base}/ui/submissions/*")
    page.click("#compare-previous")
    page.wait_for_url(f"{base}/ui/invitations/{data.invitations['ada']}/diff?*")
    assert page.locator("tr.d-add").count() > 0 and page.locator("tr.d-del").count() > 0
    assert page.inner_text("#diff-title").endswith("Submission 1 → Submission 2")
    screenshot(page, "console-attempt-diff")

    page.goto(report)
    form = page.locator("#attempts form.compare").first
    form.locator("select[name=from]").select_option(data.submissions["ada-aw-run"])
    form.locator("select[name=to]").select_option(data.submissions["ada-aw"])
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/ui/invitations/{data.invitations['ada']}/diff?*")
    assert page.inner_text("#diff-title").endswith("Run 1 → Submission 2")
    assert "unchanged" in page.inner_text("figure.diff-file figcaption")  # the run was the code submitted later

    phone = _page(world, viewport={"width": 390, "height": 844})
    phone.goto(page.url)
    widest = phone.evaluate("Math.max(...[...document.querySelectorAll('figure.diff-file')]"
                            ".map(e => e.getBoundingClientRect().right))")
    assert widest <= 390
