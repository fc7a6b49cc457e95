"""After a live interview (issue 24), in a real headless Chromium: the interviewer opens the ended
interview's page, the playback of the pad shows the code at an earlier moment (before the interview's
edits) and at the end, they submit their scorecard there, and the recruiter's console report shows the
screening and the interview side by side with the scorecard marked as an interview's. Screenshots:
docs/screenshots/interview-playback.png, interview-report-side-by-side.png."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import Session
from support.browser import PAGE_WAIT_S, chromium, screenshot, serve
from support.net import free_port, wait_for
from support.reviewer_data import seed

from api.auth import staff_of_user
from api.integrity import render as integrity_render
from api.interviews import service
from api.interviews.models import Interview, PadUpdate
from api.models import Assessment, Invitation, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole
from api.reviews import assignments, scoring

FIRST, SECOND = "# the interview starts here\n", "\n# edge case: k = 0"


@dataclass
class World:
    base: str
    app: Any
    browser: Any
    cookies: dict[str, str]
    invitation_id: str
    interview_id: str
    start: str


def _held(session: Session, engine: Any, invitation: Invitation, people: list[Any], box: Any) -> Interview:
    """An interview that took place a day ago: two edits, a minute apart."""
    interview, _ = service.schedule(session, invitation, people[0], service.ScheduleIn(
        starts_at=utcnow() + timedelta(minutes=5), duration_minutes=60, interviewer_ids=[p.id for p in people],
        problem_slug="alert-windows", language=None, video_url="https://meet.jit.si/assay-ada"), box)
    session.commit()
    start = interview.document
    with engine.begin() as connection:
        one = FIRST + start
        assert service.store_updates(connection, interview.id, 0, one, [("staff", [[0, FIRST], len(start)])])
        two = one + SECOND
        assert service.store_updates(connection, interview.id, 1, two, [("cand", [len(one), [0, *SECOND.split("\n")]])])
    held = utcnow() - timedelta(days=1)  # the seeded screening runs are hours ago: none in its window
    with engine.begin() as connection:
        for version, minutes in ((1, 5), (2, 6)):
            connection.execute(update(PadUpdate).where(PadUpdate.interview_id == interview.id,  # type: ignore[arg-type]
                                                       PadUpdate.version == version)  # type: ignore[arg-type]
                               .values(created_at=held + timedelta(minutes=minutes)))
        connection.execute(update(Interview).where(Interview.id == interview.id)  # type: ignore[arg-type]
                           .values(starts_at=held))
    return interview


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from api.app import create_app
    from api.settings import Settings

    if integrity_render.player_script() is None:
        pytest.fail("the player is not built: run `make assets` (npm ci + esbuild) first")
    port = free_port()
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("after"), load_bundled_problems=False, demo=False,
                              port=port, public_url=f"http://127.0.0.1:{port}", session_cookie_secure=False,
                              webhook_worker=False), start_executor=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        ivan = users.create(session, email="ivan@acme.example", name="Ivan Interviewer")
        rita = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        rae = users.create(session, email="rae@acme.example", name="Rae Recruiter")
        team = teams.create(session, "Backend")
        teams.set_member(session, team, ivan, TeamRole.REVIEWER)
        teams.set_member(session, team, rita, TeamRole.REVIEWER)
        teams.set_member(session, team, rae, TeamRole.RECRUITER)
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = team.id
        session.add(assessment)
        session.commit()
        invitation = session.get(Invitation, data.invitations["ada"])
        assert invitation is not None
        interview = _held(session, app.state.engine, invitation, [ivan, rita], app.state.webhook_box)
        # a screening review beside it: Rita reviewed the screening before the interview
        assignments.assign(session, staff_of_user(session, rae), invitation, rita.id)
        scoring.submit(session, staff_of_user(session, rita), invitation, {
            "correctness": 3, "code_quality": 3, "testing": 2, "communication": 2}, "yes", "Solid window; few tests.")
        cookies = {name: sessions.start(session, person, hours=8)[1] for name, person in (("ivan", ivan), ("rae", rae))}
        session.commit()
        start = interview.start_document or ""
        interview_id = interview.id
    with serve(app, port=port) as base, chromium() as browser:
        yield World(base, app, browser, cookies, data.invitations["ada"], interview_id, start)


def _page(world: World, who: str, errors: list[str], width: int = 1400) -> Any:
    context = world.browser.new_context(viewport={"width": width, "height": 1000})
    context.add_cookies([{"name": "assay_session", "value": world.cookies[who], "url": world.base}])
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def _code(page: Any) -> str:
    return str(page.inner_text("#player-pad .player-code"))


def _wait(predicate: Any, what: str) -> None:
    wait_for(predicate, PAGE_WAIT_S, 0.1, what)


def test_playback_scorecard_and_the_report_side_by_side(world):
    errors: list[str] = []
    ivan = _page(world, "ivan", errors)
    ivan.goto(f"{world.base}/ui/interviews/{world.interview_id}")
    ivan.wait_for_selector("#player-pad[data-state=ready]")
    assert "# edge case: k = 0" in ivan.inner_text("#final-code")
    final = _code(ivan)  # the player opens on the final code
    assert final.startswith(FIRST.strip()) and "# edge case: k = 0" in final

    # an earlier moment: between the first edit and the second, then before both
    ivan.eval_on_selector("#scrub-pad", "(s) => { s.value = '30000'; s.dispatchEvent(new Event('input')); }")
    _wait(lambda: "# edge case" not in _code(ivan), "the code before the second edit")
    assert _code(ivan).startswith(FIRST.strip())
    ivan.eval_on_selector("#scrub-pad", "(s) => { s.value = '0'; s.dispatchEvent(new Event('input')); }")
    _wait(lambda: FIRST.strip() not in _code(ivan), "the starting code")
    assert _code(ivan).strip().startswith(world.start.strip().splitlines()[0])
    ivan.eval_on_selector("#scrub-pad", "(s) => { s.value = '30000'; s.dispatchEvent(new Event('input')); }")
    _wait(lambda: FIRST.strip() in _code(ivan), "the moment after the first edit")
    ivan.locator("#playback").scroll_into_view_if_needed()
    screenshot(ivan, "interview-playback", full_page=False)
    # the player's comparison of two moments works on the pad's session too
    ivan.click("#player-pad .mark-a")
    ivan.eval_on_selector("#scrub-pad", "(s) => { s.value = s.max; s.dispatchEvent(new Event('input')); }")
    ivan.click("#player-pad .compare")
    ivan.wait_for_selector("#player-pad[data-diff]")

    # the interviewer's scorecard, from the ended interview's page
    for key, level in (("correctness", 3), ("code_quality", 4), ("testing", 2), ("communication", 4)):
        ivan.check(f"#score-{key} input[value='{level}']")
    ivan.check("#recommendation input[value='yes']")
    ivan.fill("#review-note", "Found the k = 0 edge case once asked; clear about the window.")
    ivan.click("#interview-review-form button[type=submit]")
    ivan.wait_for_selector("#scorecard-done")
    assert "Ivan Interviewer" in ivan.inner_text("#interview-scores")

    # the recruiter's report: screening and interview side by side
    rae = _page(world, "rae", errors)
    rae.goto(f"{world.base}/ui/invitations/{world.invitation_id}")
    compare = rae.locator(f"#compare-{world.interview_id}")
    compare.wait_for()
    screening = rae.inner_text(f"#screening-code-{world.interview_id}")
    pad = rae.inner_text(f"#pad-code-{world.interview_id}")
    assert FIRST.strip() not in screening and screening.strip().splitlines()[0] == world.start.strip().splitlines()[0]
    assert pad.startswith(FIRST.strip()) and "# edge case: k = 0" in pad
    scorecards = rae.inner_text(f"#interview-scorecards-{world.interview_id}")
    assert "Ivan Interviewer" in scorecards and "(interview)" in scorecards and "k = 0 edge case" in scorecards
    screening_reviews = rae.inner_text(f"#compare-{world.interview_id} .screening-reviews")
    assert "Rita Reviewer" in screening_reviews and "(interview)" not in screening_reviews
    rae.click(f"#playback-link-{world.interview_id}")
    rae.wait_for_selector("#player-pad[data-state=ready]")
    rae.go_back()
    rae.locator(f"#compare-{world.interview_id}").scroll_into_view_if_needed()
    screenshot(rae, "interview-report-side-by-side", full_page=False)

    # 390 px wide: the two sides stack, nothing wider than the screen
    phone = _page(world, "rae", errors, width=390)
    phone.goto(f"{world.base}/ui/invitations/{world.invitation_id}")
    screening_box = phone.locator(f"#screening-code-{world.interview_id}").bounding_box()
    pad_box = phone.locator(f"#pad-code-{world.interview_id}").bounding_box()
    assert pad_box["y"] > screening_box["y"] + screening_box["height"] - 1
    assert pad_box["x"] + pad_box["width"] <= 390 and screening_box["x"] + screening_box["width"] <= 390
    assert not errors, errors
