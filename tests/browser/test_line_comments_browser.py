"""Line comments in a real headless Chromium (issue 21): a reviewer opens a candidate's report, clicks
the "+" of a line of code (console.js's sibling comments.js opens the form under the line), comments, and
lands back on the report at the thread; a second reviewer, with JavaScript off, sees the thread under
the line, replies through the thread's Reply form, and resolves it; without JavaScript a line's "+"
leads to the line's own page, where a refused comment comes back with the error beside the field. The
thread is the screenshot docs/screenshots/console-line-comment.png; at 390 px the code and its threads fit
the screen."""

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
    app = make_app(tmp_path_factory.mktemp("comments"), public_url=f"http://127.0.0.1:{port}",
                   session_cookie_secure=False, port=port, webhook_worker=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        backend = teams.create(session, "Backend")
        cookies = {}
        for short, email, name in (("rita", "rita@acme.example", "Rita Reviewer"),
                                   ("ravi", "ravi@acme.example", "Ravi Reviewer")):
            user = users.create(session, email=email, name=name)
            teams.set_member(session, backend, user, TeamRole.REVIEWER)
            cookies[short] = sessions.start(session, user, hours=8)[1]
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = backend.id
        session.add(assessment)
        session.commit()
    with serve(app, port=port) as base, chromium() as browser:
        yield {"base": base, "browser": browser, "cookies": cookies, "data": data}


def _page(world: dict[str, Any], who: str, **options: Any) -> Any:
    context = world["browser"].new_context(**options)
    context.add_cookies([{"name": "assay_session", "value": world["cookies"][who], "url": world["base"]}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    return page


def test_a_reviewer_comments_on_a_line_and_a_second_reviewer_replies(world):
    base, data = world["base"], world["data"]
    submission = data.submissions["ada-aw"]
    report = f"{base}/ui/invitations/{data.invitations['ada']}"
    line = f"#L-{submission}-0-9"  # for hi, code in enumerate(codes):

    rita = _page(world, "rita", viewport={"width": 1280, "height": 900})
    rita.goto(report)
    rita.hover(line)
    rita.click(f"{line} a.cl")
    form = rita.locator(f"{line} form[data-comment-form]")
    assert form.is_visible() and "Comment on line 9" in form.inner_text()
    assert rita.evaluate("document.activeElement.name") == "body"  # the cursor is in the comment
    form.locator("textarea").fill("Why a dict of counts here?\nA sliding window over the sorted times would be simpler")
    form.locator("button[type=submit]").click()
    rita.wait_for_url(f"{report}#thread-*")
    thread = rita.locator(f"{line} .thread")
    assert thread.count() == 1
    assert "Rita Reviewer" in thread.inner_text() and "A sliding window over the sorted times" in thread.inner_text()
    assert rita.errors == []

    ravi = _page(world, "ravi", viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    ravi.goto(report)
    thread = ravi.locator(f"{line} .thread")
    assert "Why a dict of counts here?" in thread.inner_text()
    thread.locator("details.reply > summary").click()
    thread.locator("details.reply textarea").fill("The dict keeps it O(n) with k distinct codes; fine by me.")
    thread.locator("details.reply button[type=submit]").click()
    ravi.wait_for_url(f"{report}#thread-*")
    thread = ravi.locator(f"{line} .thread")
    comments = thread.locator(".comment")
    assert comments.count() == 2 and "Ravi Reviewer" in comments.nth(1).inner_text()

    # without JavaScript, another line's "+" opens that line's page; a blank comment is refused there
    ravi.goto(report)
    ravi.locator(f"#L-{submission}-0-12 a.cl").click(force=True)
    ravi.wait_for_url(f"{base}/ui/submissions/{submission}/comment?*")
    assert ravi.inner_text("h1") == "Line 12 of main.py"
    ravi.fill("#comment-body", "   ")
    ravi.click("#compose button[type=submit]")
    assert "it is empty" in ravi.inner_text("#comment-body-error")
    ravi.fill("#comment-body", "Off by one? lo moves before the count drops.")
    ravi.click("#compose button[type=submit]")
    ravi.wait_for_url(f"{report}#thread-*")
    assert "Off by one?" in ravi.inner_text(f"#L-{submission}-0-12 .thread")

    rita.reload()
    assert rita.locator(f"{line} .thread .comment").count() == 2
    rita.evaluate(f"document.querySelector('{line}').scrollIntoView({{block: 'start'}}); window.scrollBy(0, -80)")
    screenshot(rita, "console-line-comment", full_page=False)

    rita.locator(f"{line} .thread form.resolve button").click()
    rita.wait_for_url(f"{report}#thread-*")
    assert "Resolved by Rita Reviewer" in rita.inner_text(f"{line} .thread summary")
    assert rita.errors == []


def test_the_code_and_its_threads_fit_a_phone(world):
    """At 390 px the code scrolls inside its frame and the threads wrap (the report's own tables and
    header are the report's: not measured here)."""
    data = world["data"]
    phone = _page(world, "rita", viewport={"width": 390, "height": 844})
    phone.goto(f"{world['base']}/ui/invitations/{data.invitations['ada']}")
    assert phone.locator(".thread").count() >= 2
    widest = phone.evaluate("""Math.max(...[...document.querySelectorAll(
        'figure.code.commented, .thread, .thread *')].map(e => e.getBoundingClientRect().right))""")
    assert widest <= 390
