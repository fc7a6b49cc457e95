"""The reviewer pages in a real headless Chromium (Debian's chromium, driven by Playwright): log in
with a key through the form, open the assessment index and an invitation's report, see the score and
the per-test table, and save a screenshot (artifacts/report-page.png) as the test's artefact.

Without chromium this fails in CI (CI=true) and skips elsewhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.browser import ARTIFACTS, chromium, serve, sign_in_with_key
from support.reviewer_data import make_app, seed


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    app = make_app(tmp_path_factory.mktemp("report-page"))
    data = seed(app.state.engine)
    with serve(app) as base:
        yield base, data


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def test_login_index_report_and_screenshot(served, browser) -> None:
    base, data = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    ada = data.invitations["ada"]

    # Not logged in: the report sends the browser to the login form, and back after it.
    page.goto(f"{base}/ui/invitations/{ada}")
    assert "/ui/login" in page.url
    sign_in_with_key(page, base, "ask_not-a-real-key", expect=None)
    assert "unknown or revoked" in page.inner_text(".error")
    sign_in_with_key(page, base, data.reviewer_key, expect=None)
    assert page.url == f"{base}/ui/invitations/{ada}"  # no key in any URL
    cookie = next(c for c in context.cookies() if c["name"] == "__Host-assay_session")  # Secure: prefixed
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"
    assert data.reviewer_key not in cookie["value"]

    # The report: candidate, score, time used, per-problem scores, per-test table, code.
    assert page.inner_text("#candidate") == "Ada Lovelace"
    assert page.inner_text("#total-score").replace("\u00a0", " ") == "150 / 200"
    assert "1 h 04 min of 1 h 30 min" in page.inner_text("#time-used")
    rows = page.locator("#problem-scores tbody tr")
    assert rows.count() == 2
    assert "100 / 100" in rows.nth(0).inner_text() and "50 / 100" in rows.nth(1).inner_text()
    tests = page.locator("#tests-meeting-rooms tbody tr")
    assert tests.count() == 12  # 1 sample + 5 small + 4 medium + 2 large
    large = tests.filter(has_text="large").first.inner_text()
    assert "WA" in large and "expected 3, got 4" in large
    medium = tests.filter(has_text="medium").first.inner_text()
    assert "AC" in medium and "7.5 / 7.5" in medium  # 30 points shared by 4 tests (aggregate sum)
    assert page.locator("#problem-alert-windows .code .lines li").count() > 10
    assert page.locator("#problem-alert-windows .code span.k").count() > 0  # highlighted keywords
    timeline = page.inner_text(".timeline")
    for event in ("invited", "started", "run", "submission", "finished"):
        assert event in timeline
    assert "⚑" in page.inner_text("#similarity")  # Bob copied Ada's alert-windows solution
    assert page.locator("#similarity mark.sim").count() > 5
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-page.png"), full_page=False)
    page.screenshot(path=str(ARTIFACTS / "report-page-full.png"), full_page=True)

    # The index: every invitation with status and score, sorted on the server.
    page.goto(f"{base}/ui/assessments/{data.assessment_id}?sort=score&order=desc")
    names = page.locator("table.sortable tbody tr td.candidate a").all_inner_texts()
    assert names[0] == "Ada Lovelace" and len(names) == 4
    page.click("table.sortable thead >> text=Candidate")
    names = page.locator("table.sortable tbody tr td.candidate a").all_inner_texts()
    assert names == sorted(names)
    assert "completed" in page.inner_text("table.sortable") and "invited" in page.inner_text("table.sortable")
    page.screenshot(path=str(ARTIFACTS / "assessment-index.png"))

    # Bob's report shows the compile error and the flag, side by side.
    page.goto(f"{base}/ui/invitations/{data.invitations['bob']}")
    assert "expected ')'" in page.inner_text("#problem-meeting-rooms pre.compile")
    assert "Ada Lovelace" in page.inner_text("#similarity")
    page.locator("#similarity").screenshot(path=str(ARTIFACTS / "similarity.png"))

    # Log out: the session is over server-side.
    page.click("header.top button")
    assert "/ui/login" in page.url
    page.goto(f"{base}/ui/invitations/{ada}")
    assert "/ui/login" in page.url
    context.close()
