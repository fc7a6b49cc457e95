"""The candidate list's compare view and results export in a real headless Chromium, signed in as a
recruiter: tick two candidates, compare them side by side (the best figure of each row marked), and the
results CSV downloads. Screenshots: docs/screenshots/console-compare.png, console-results-export.png."""

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
    app = make_app(tmp_path_factory.mktemp("compare"), public_url=f"http://127.0.0.1:{port}",
                   session_cookie_secure=False, port=port, webhook_worker=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        backend = teams.create(session, "Backend")
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = backend.id
        session.add(assessment)
        recruiter = users.create(session, email="rita@acme.example", name="Rita Recruiter")
        teams.set_member(session, backend, recruiter, TeamRole.RECRUITER)
        _, token = sessions.start(session, recruiter, hours=8)
        session.commit()
    with serve(app, port=port) as base, chromium() as browser:
        yield {"base": base, "browser": browser, "cookie": token, "data": data}


def test_a_recruiter_compares_two_candidates_and_downloads_the_results(world):
    context = world["browser"].new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_cookies([{"name": "assay_session", "value": world["cookie"], "url": world["base"]}])
    page = context.new_page()
    data = world["data"]
    page.goto(f"{world['base']}/ui/assessments/{data.assessment_id}")
    page.check(f"input[name=ids][value='{data.invitations['ada']}']")
    page.check(f"input[name=ids][value='{data.invitations['bob']}']")
    screenshot(page, "console-results-export")  # the export links, the Decision column, the ticked candidates
    page.click("#compare-selected")
    page.wait_for_selector("#compare")
    heads = page.locator("#compare thead th").all_inner_texts()
    assert heads[1:] == ["Ada Lovelace", "Bob Copier"]
    assert page.locator("#compare td.best").count() >= 1
    screenshot(page, "console-compare")
    page.go_back()
    with page.expect_download() as download:
        page.click("#results-csv")
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.startswith("Candidate,E-mail,ATS id,Status,Score") and "Ada Lovelace" in text
    context.close()
