"""Authoring in the console (issue 25) in a real headless Chromium, with the real Docker sandbox: an author
(a person with the author role of a hiring team) writes a problem in the browser, sees the statement's
math rendered live as MathML, gets the form back with the broken formula named beside the statement and
nothing typed lost, saves version 1, verifies it (the reference submissions run in the sandbox; the page
fills the verdict table as it goes) and puts it in a new assessment; then saves version 2, reads the
changes and moves the assessment to it. The form also works 390 px wide. Screenshots:
docs/screenshots/authoring-{form,form-errors,verify,versions,diff,upload}.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select
from support.browser import chromium, screenshot, serve
from support.net import free_port
from support.reviewer_data import make_app

from api.models import Assessment, AssessmentProblem, ProblemVersion
from api.people import sessions, teams, users
from api.people.models import TeamRole

STATEMENT = """# Echo Sum

Read two integers $a$ and $b$ with $|a|,|b| \\le 10^{12}$ and print their sum $a+b$.

## Input

One line: $a$ and $b$.
"""
SOLUTION = "a, b = map(int, input().split())\nprint(a + b)\n"
WRONG = "a, b = map(int, input().split())\nprint(a - b)\n"


@pytest.fixture(scope="module")
def world(docker_api, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSAY_SANDBOX_POOL_SIZE", "1")
        app = make_app(tmp_path_factory.mktemp("authoring"), public_url=f"http://127.0.0.1:{port}",
                       session_cookie_secure=False, port=port, webhook_worker=False)
        with Session(app.state.engine) as session:
            author = users.create(session, email="ada@acme.example", name="Ada Author")
            teams.set_member(session, teams.create(session, "Backend"), author, TeamRole.AUTHOR)
            _, token = sessions.start(session, author, hours=8)
            session.commit()
        with serve(app, port=port) as base, chromium() as browser:
            yield {"base": base, "browser": browser, "engine": app.state.engine, "cookie": token}


def _page(world: dict[str, Any], width: int = 1280) -> Any:
    context = world["browser"].new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "assay_session", "value": world["cookie"], "url": world["base"]}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    return page


def test_an_author_creates_a_problem_verifies_it_and_puts_it_in_an_assessment(world):
    base = world["base"]
    page = _page(world)
    page.goto(f"{base}/ui/problems")
    page.click("#new-problem")
    page.wait_for_url(f"{base}/ui/authoring/new")
    page.fill("#title", "Echo Sum")
    page.fill("#slug", "echo-sum")
    # the live preview: the server renders the statement as candidates see it, math as MathML
    page.fill("#statement", STATEMENT.replace("$a+b$", "$\\frac{a+b}{$"))
    page.wait_for_selector("#preview-math-errors")
    page.fill("#statement", STATEMENT)
    page.wait_for_selector("#preview-math-errors", state="detached")
    page.wait_for_selector("#preview-statement math")
    assert "$" not in page.inner_text("#preview-statement")
    page.fill("#time_limit_s", "1")
    page.check("#languages input[value=python3]")
    page.locator("details.starter summary", has_text="Python 3").first.click()
    page.fill("#starter_python3", "a, b = map(int, input().split())\n")
    for index, (path, text) in enumerate([("tests/sample/01.in", "1 2\n"), ("tests/sample/01.ans", "3\n"),
                                          ("submissions/accepted/sol.py", SOLUTION)]):
        page.fill(f"#file_path-{index}", path)
        page.fill(f"#file_text-{index}", text)
    page.set_input_files("#uploads", [
        {"name": "01.in", "mimeType": "text/plain", "buffer": b"1000000000000 -5\n"},
        {"name": "01.ans", "mimeType": "text/plain", "buffer": b"999999999995\n"},
        {"name": "02.in", "mimeType": "text/plain", "buffer": b"-7 7\n"}])  # 02.ans forgotten
    screenshot(page, "authoring-form")
    page.click("#save")
    # refused: the missing answer is named beside its file, and everything typed (and uploaded) is kept
    page.wait_for_selector("#form-errors")
    assert "02.ans" in page.inner_text("#form-errors")
    assert page.input_value("#title") == "Echo Sum" and page.input_value("#statement") == STATEMENT
    paths = [page.input_value(f"#file_path-{n}") for n in range(6)]
    assert "tests/secret/main/01.in" in paths and "tests/secret/main/02.in" in paths
    screenshot(page, "authoring-form-errors")
    row = paths.index("tests/secret/main/02.in")
    page.check(f"#file-{row} input[name=file_remove]")
    page.fill("#file_path-6", "submissions/wrong_answer/minus.py")
    page.fill("#file_text-6", WRONG)
    page.click("#save")
    page.wait_for_url(f"{base}/ui/problems/echo-sum?version=1&done=saved")
    assert "Saved as version 1" in page.inner_text("#done")
    assert page.locator("#statement math").count() >= 2

    # Verify: a background job; the page fills the verdict table as it goes
    page.click("#verify")
    page.wait_for_url(f"{base}/ui/authoring/verify/*")
    page.wait_for_selector("#verify-live[data-finished=yes]", timeout=180_000)
    status = page.inner_text("#verify-status")
    assert status.startswith("Passed"), status + page.inner_text("#verdicts")
    table = page.inner_text("#verdicts")
    assert "submissions/accepted/sol.py" in table and "submissions/wrong_answer/minus.py" in table
    assert table.count("OK") == 2 and "WA" in table
    screenshot(page, "authoring-verify")

    # into a new assessment
    page.click("#use-in-assessment")
    page.wait_for_url(f"{base}/ui/assessments/new?problem=echo-sum")
    assert page.is_checked("#p-echo-sum")
    page.fill("#title", "Backend screening")
    page.click("button:has-text('Create assessment')")
    page.wait_for_url(f"{base}/ui/assessments/*")
    with Session(world["engine"]) as session:
        assessment = session.exec(select(Assessment).where(Assessment.title == "Backend screening")).one()
        link = session.exec(select(AssessmentProblem).where(AssessmentProblem.assessment_id == assessment.id)).one()
        version = session.get(ProblemVersion, link.problem_version_id)
        assert version is not None and (version.slug, version.version) == ("echo-sum", 1)

    # version 2, its changes, and the assessment moved to it explicitly
    page.goto(f"{base}/ui/problems/echo-sum")
    page.click("#edit")
    page.fill("#time_limit_s", "2")
    page.fill("#statement", STATEMENT + "\nPrint the sum on one line.\n")
    page.click("#save")
    page.wait_for_url(f"{base}/ui/problems/echo-sum?version=2&done=saved")
    page.click("#diff-link")
    page.wait_for_url(f"{base}/ui/problems/echo-sum/diff?from=1&to=2")
    assert "limits" in page.inner_text("#facts-diff") and "statement.md" in page.inner_text("article")
    screenshot(page, "authoring-diff")
    page.goto(f"{base}/ui/problems/echo-sum#versions")
    page.click("button:has-text('Move to version 2')")
    page.wait_for_url(f"{base}/ui/problems/echo-sum?version=2&done=moved#versions")
    assert "Backend screening" in page.inner_text("tr[data-version='2']")
    screenshot(page, "authoring-versions")
    with Session(world["engine"]) as session:
        link = session.exec(select(AssessmentProblem).where(AssessmentProblem.assessment_id == assessment.id)).one()
        moved = session.get(ProblemVersion, link.problem_version_id)
        assert moved is not None and moved.version == 2
    assert not [e for e in page.errors if "422" not in e], page.errors  # the refused form answered 422


def test_the_form_and_the_upload_work_390_px_wide(world):
    page = _page(world, width=390)
    page.goto(f"{world['base']}/ui/authoring/new")
    page.fill("#statement", "Sum $x^2$")
    page.wait_for_selector("#preview-statement math")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(f"{world['base']}/ui/authoring/upload")
    page.set_input_files("#file", {"name": "broken.zip", "mimeType": "application/zip", "buffer": b"not a zip"})
    page.click("#upload")
    page.wait_for_selector("#form-errors")
    assert "broken.zip was not stored" in page.inner_text("#form-errors")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "authoring-upload")
    assert not [e for e in page.errors if "422" not in e], page.errors
