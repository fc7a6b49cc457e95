"""Hiring analytics and the candidate's report in a real headless Chromium (Debian's, via Playwright):
the analytics page of a generated assessment shows its four charts (server-drawn SVG images that the
strict CSP lets load) beside their tables; the candidate finishes, follows the link on the finish page to
their report and sees what was checked; an anonymised assessment's reviewer records a decision and the
name appears. Screenshots go to artifacts/ and docs/screenshots/ (analytics-page, candidate-report,
anonymised-report). Without Chromium this fails in CI (CI=true) and skips elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.analytics_data import console_app, generate, invite_started, staff_keys, submit_graded
from support.browser import chromium, screenshot, serve, sign_in_with_key
from support.net import free_port


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    port = free_port()
    app = console_app(tmp_path_factory.mktemp("analytics-browser"), public_url=f"http://127.0.0.1:{port}", port=port,
                   retention_days=365)
    engine = app.state.engine
    k = staff_keys(engine)
    generated = generate(engine, invitations=240, submissions=1400, seed=21, title="Backend screening (generated)")
    blind = generate(engine, invitations=4, submissions=10, seed=4, anonymised=True, title="Blind screening")
    with serve(app, port=port) as base, chromium() as browser:
        yield {"base": base, "keys": k, "generated": generated, "blind": blind, "engine": engine,
               "browser": browser}


def _login(page: Any, base: str, key: str) -> None:
    sign_in_with_key(page, base, key)


def _errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    return errors


def test_analytics_page_draws_its_charts(served: dict[str, Any]) -> None:
    base, generated = served["base"], served["generated"]
    context = served["browser"].new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = _errors(page)
    _login(page, base, served["keys"]["reviewer"])
    page.goto(f"{base}/ui/assessments/{generated.assessment_id}")
    page.click("#analytics-link")
    page.wait_for_selector("#funnel-table")
    images = page.locator("figure.chart img")
    assert images.count() == 4
    for index in range(4):  # each chart decoded and drawn at a readable size (CSP img-src allows data:)
        width = images.nth(index).evaluate("img => img.complete ? img.naturalWidth : 0")
        assert width > 300, f"chart {index} did not load"
        assert images.nth(index).get_attribute("alt")
    assert page.inner_text("#funnel-table [data-key=invited]") == "240"
    groups = page.inner_text("#group-table")
    assert "meeting-rooms / large" in groups and "Up to 100 000 meetings" in groups
    assert page.locator("#percentiles td[data-p='50']").inner_text() not in ("", "\u2013")
    screenshot(page, "analytics-page")
    with page.expect_download() as download:
        page.click("#csv-link")
    assert download.value.suggested_filename.endswith("-analytics.csv")
    assert not errors, errors
    context.close()


def test_candidate_finishes_and_reads_their_report(served: dict[str, Any]) -> None:
    base, engine = served["base"], served["engine"]
    invitation_id, token = invite_started(engine, served["generated"].assessment_id, "Rosa Report", "rosa@example.com",
                                   minutes_ago=20, used=None)
    submit_graded(engine, invitation_id, "meeting-rooms", "print(2)\n", {"large": "TLE"})
    submit_graded(engine, invitation_id, "alert-windows", "print(3)\n")
    context = served["browser"].new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors = _errors(page)
    # finish with the POST the workspace's Finish button makes (the workspace itself is tested elsewhere)
    assert page.request.post(f"{base}/take/{token}/finish").ok
    page.goto(f"{base}/take/{token}")
    page.wait_for_selector("#report-link a")
    page.click("#report-link a")
    page.wait_for_selector("#candidate-report")
    assert page.url == f"{base}/take/report"  # the token left the address on the first visit
    text = page.inner_text("#candidate-report")
    assert "Up to 100 000 meetings" in text and "needs small, medium passed first" in text
    assert page.inner_text("#report-total").split() == ["150", "/", "200", "points"]
    assert "will be erased on or soon after" in page.inner_text("#erasure")
    assert "rosa@example.com" not in page.content()
    screenshot(page, "candidate-report")
    assert not errors, errors
    context.close()


def test_anonymised_review_in_the_browser(served: dict[str, Any]) -> None:
    base, blind = served["base"], served["blind"]
    context = served["browser"].new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, base, served["keys"]["reviewer"])
    page.goto(f"{base}/ui/assessments/{blind.assessment_id}")
    assert page.locator("#anonymised").count() == 1
    assert "Generated Person" not in page.content() and "@example.com" not in page.content()
    page.click("text=Candidate #1")
    page.wait_for_selector("#decision-form")
    assert "Generated Person" not in page.content()
    page.check("#decision-form input[value=hold]")
    page.fill("#decision-note", "second interview if the team has room")
    page.click("#decision-form button[type=submit]")
    page.wait_for_selector("#current-decision")
    assert "Generated Person" in page.inner_text("#candidate")
    assert "hold" in page.inner_text("#current-decision").lower()
    screenshot(page, "anonymised-report", full_page=False)
    context.close()
