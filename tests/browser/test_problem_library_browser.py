"""The problem library in a real headless Chromium, signed in as a person: the header's "Problems" link,
the tag filter, a problem's page with its statement and samples, and the library at 390 px wide without
sideways scrolling. Screenshots: docs/screenshots/console-problem-library.png, console-problem-page.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session
from support.browser import chromium, screenshot, serve
from support.net import free_port
from support.reviewer_data import make_app, seed

from api.people import sessions, teams, users
from api.people.models import TeamRole


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    port = free_port()
    app = make_app(tmp_path_factory.mktemp("library"), public_url=f"http://127.0.0.1:{port}",
                   session_cookie_secure=False, port=port, webhook_worker=False)
    seed(app.state.engine)
    with Session(app.state.engine) as session:
        recruiter = users.create(session, email="rita@acme.example", name="Rita Recruiter")
        teams.set_member(session, teams.create(session, "Backend"), recruiter, TeamRole.RECRUITER)
        _, token = sessions.start(session, recruiter, hours=8)
        session.commit()
    with serve(app, port=port) as base, chromium() as browser:
        yield {"base": base, "browser": browser, "cookie": token}


def _page(world: dict[str, Any], **options: Any) -> Any:
    context = world["browser"].new_context(**options)
    context.add_cookies([{"name": "assay_session", "value": world["cookie"], "url": world["base"]}])
    return context.new_page()


def test_a_recruiter_finds_a_problem_by_tag_and_reads_it(world):
    page = _page(world, viewport={"width": 1280, "height": 900})
    page.goto(f"{world['base']}/ui/")
    page.click("#nav-problems")
    page.wait_for_selector("#problems")
    assert page.locator("#problems tbody tr").count() == 2
    screenshot(page, "console-problem-library")
    page.select_option("#tag", "intervals")
    page.click("#library-filter button[type=submit]")
    page.wait_for_url("**/ui/problems?*tag=intervals*")
    assert page.locator("#problems tbody tr").count() == 1
    page.click("text=Meeting Rooms")
    page.wait_for_selector("#statement")
    assert "Facilities wants to know" in page.inner_text("#statement")
    assert "word by word" in page.inner_text("#grader")
    screenshot(page, "console-problem-page")


def test_the_library_fits_a_phone(world):
    page = _page(world, viewport={"width": 390, "height": 844})
    page.goto(f"{world['base']}/ui/problems")
    page.wait_for_selector("#problems")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
