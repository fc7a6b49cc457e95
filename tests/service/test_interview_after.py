"""After a live interview (issue 24): the interview's page plays the pad's session back (the integrity
player's data: the starting text and every accepted edit with its time, the runs as marks), each
interviewer fills the assessment's scorecard there (refused fields come back beside their field, with
what was typed), the scorecard lands in the candidate's review board marked as an interview review
without changing the screening summary, and the console report shows the screening and the interview
side by side."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from support.reviewer_data import FIXTURES, make_app, seed

from api.console import session as web_session
from api.interviews.models import Interview
from api.models import Assessment, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole, User

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PLAYER = re.compile(r'<script type="application/json" id="integrity-data">(.*?)</script>', re.S)
ORIGIN = {"origin": "http://testserver"}
SCORES = {"score_correctness": "3", "score_code_quality": "4", "score_testing": "2", "score_communication": "3"}


class World:
    def __init__(self, tmp_path: Any) -> None:
        self.app = make_app(tmp_path, public_url="https://assay.example", webhook_worker=False,
                            session_cookie_secure=False)
        data = seed(self.app.state.engine)
        with Session(self.app.state.engine) as session:
            people = {"rita": users.create(session, email="rita@acme.example", name="Rita Reviewer"),
                      "ivan": users.create(session, email="ivan@acme.example", name="Ivan Interviewer"),
                      "rae": users.create(session, email="rae@acme.example", name="Rae Recruiter"),
                      "otto": users.create(session, email="otto@acme.example", name="Otto Outsider")}
            team = teams.create(session, "Backend")
            teams.set_member(session, team, people["rita"], TeamRole.REVIEWER)
            teams.set_member(session, team, people["ivan"], TeamRole.REVIEWER)
            teams.set_member(session, team, people["rae"], TeamRole.RECRUITER)
            assessment = session.get(Assessment, data.assessment_id)
            assert assessment is not None
            assessment.team_id = team.id
            session.add(assessment)
            session.commit()
            self.ids = {name: user.id for name, user in people.items()} | {"ada": data.invitations["ada"]}

    def client(self, who: str | None) -> TestClient:
        client = TestClient(self.app, base_url="http://testserver", follow_redirects=False)
        if who is not None:
            with Session(self.app.state.engine) as session:
                user = session.get(User, self.ids[who])
                assert user is not None
                _, token = sessions.start(session, user, hours=8)
                session.commit()
            client.cookies.set(web_session.cookie_name(self.app.state.settings), token)
        return client

    def move(self, interview_id: str, starts_in: timedelta) -> None:
        with Session(self.app.state.engine) as session:
            interview = session.get(Interview, interview_id)
            assert interview is not None
            interview.starts_at = utcnow() + starts_in
            session.add(interview)
            session.commit()


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, html
    return found.group(1)


def held_interview(world: World) -> str:
    """An interview of Ada with Rita and Ivan, on alert-windows, in which the candidate typed twice; now over."""
    rita = world.client("rita")
    form = rita.get(f"/ui/invitations/{world.ids['ada']}/interviews/new")
    answer = rita.post(f"/ui/invitations/{world.ids['ada']}/interviews", data={
        "csrf_token": csrf_of(form.text), "starts_at": (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60", "interviewers": [world.ids["rita"], world.ids["ivan"]],
        "problem": "alert-windows", "language": "", "video_url": ""})
    assert answer.status_code == 303, answer.text
    interview_id = answer.headers["location"].split("/")[3].split("?")[0]
    token_page = rita.get(f"/ui/interviews/{interview_id}")
    token = re.search(r'/interview/(itv_[^"]+)"', token_page.text)
    assert token
    world.move(interview_id, timedelta(minutes=0))
    with world.client(None) as anyone, \
            anyone.websocket_connect(f"/interview/{token.group(1)}/socket", headers=ORIGIN) as cand:
        cand.send_text(json.dumps({"type": "hello", "version": None}))
        while (doc := json.loads(cand.receive_text()))["type"] != "doc":
            pass
        length = len(doc["doc"])
        for version, changes in enumerate([[[0, "# first\n"], length], [length + 8, [0, "", "# second"]]]):
            cand.send_text(json.dumps({"type": "push", "version": version,
                                       "updates": [{"clientID": "cand", "changes": changes}]}))
            while (message := json.loads(cand.receive_text()))["type"] != "pushed":
                assert message["type"] != "error", message
            assert message["ok"]
    world.move(interview_id, -timedelta(hours=3))
    return interview_id


def test_the_ended_interview_page_plays_the_pad_back_from_its_starting_text(world):
    interview_id = held_interview(world)
    page = world.client("rita").get(f"/ui/interviews/{interview_id}")
    assert page.status_code == 200
    assert 'id="player-pad"' in page.text and 'id="final-code"' in page.text
    data = json.loads(PLAYER.search(page.text).group(1))  # type: ignore[union-attr]
    [pad] = data["problems"]
    start = (FIXTURES / "alert-windows" / "dict_window.py").read_text()
    assert pad["slug"] == "pad" and pad["events"][0] == {"t": 0, "k": "o", "l": "python3", "d": start}
    assert [e["k"] for e in pad["events"]] == ["o", "c", "c"]
    assert pad["events"][1]["c"] == [[0, "# first\n"], len(start)]
    assert 1000 <= pad["events"][1]["t"] <= pad["events"][2]["t"] <= pad["end"] < 60_000
    pad = world.client("rita").get(f"/ui/interviews/{interview_id}/pad")  # the ended pad leads here
    assert f'id="after-link" href="/ui/interviews/{interview_id}#playback"' in pad.text
    with Session(world.app.state.engine) as session:
        interview = session.get(Interview, interview_id)
        assert interview is not None and interview.start_document == start
        assert interview.document == "# first\n" + start + "\n# second"


def test_an_interviewer_fills_the_scorecard_and_it_lands_in_the_review_board_marked_as_interview(world):
    interview_id = held_interview(world)
    ivan = world.client("ivan")
    page = ivan.get(f"/ui/interviews/{interview_id}")
    assert 'id="interview-review-form"' in page.text
    refused = ivan.post(f"/ui/interviews/{interview_id}/review", data={
        "csrf_token": csrf_of(page.text), **{**SCORES, "score_testing": "9"}, "recommendation": "yes",
        "note": "Kept this"})
    assert refused.status_code == 422
    assert 'id="score-testing-error"' in refused.text and "Kept this" in refused.text
    assert 'value="4" required checked' in refused.text  # code_quality as typed
    done = ivan.post(f"/ui/interviews/{interview_id}/review", data={
        "csrf_token": csrf_of(page.text), **SCORES, "recommendation": "strong_yes",
        "note": "Talked through the edge cases"})
    assert done.status_code == 303 and done.headers["location"].endswith("?done=review#scorecard")
    shown = ivan.get(f"/ui/interviews/{interview_id}?done=review")
    assert 'id="scorecard-done"' in shown.text and 'id="interview-scores"' in shown.text
    assert "Update scorecard" in shown.text

    # Rita, the other interviewer (not an assigned screening reviewer), sees no one's scorecard before hers
    rita = world.client("rita")
    assert "Talked through" not in rita.get(f"/ui/interviews/{interview_id}").text
    # the recruiter sees it in the review board (REST and console), marked as an interview, outside the summary
    rae = world.client("rae")
    board = rae.get(f"/ui/invitations/{world.ids['ada']}")
    assert f'id="interview-scorecards-{interview_id}"' in board.text and "Ivan Interviewer" in board.text
    assert "(interview)" in board.text and "Talked through the edge cases" in board.text


def test_the_scorecard_is_refused_to_others_and_before_the_end(world):
    interview_id = held_interview(world)
    rae = world.client("rae")  # may schedule, not an interviewer of this one
    page = rae.get(f"/ui/interviews/{interview_id}")
    assert 'id="interview-review-form"' not in page.text
    token = csrf_of(rae.get(f"/ui/invitations/{world.ids['ada']}").text)
    answer = rae.post(f"/ui/interviews/{interview_id}/review",
                      data={"csrf_token": token, **SCORES, "recommendation": "yes"})
    assert answer.status_code == 403
    otto = world.client("otto")
    assert otto.post(f"/ui/interviews/{interview_id}/review", data={**SCORES}).status_code in (403, 404)
    world.move(interview_id, timedelta(minutes=-10))  # under way
    ivan = world.client("ivan")
    page = ivan.get(f"/ui/interviews/{interview_id}")
    assert 'id="interview-review-form"' not in page.text and 'id="player-pad"' not in page.text
    token = csrf_of(ivan.get(f"/ui/invitations/{world.ids['ada']}").text)
    answer = ivan.post(f"/ui/interviews/{interview_id}/review",
                       data={"csrf_token": token, **SCORES, "recommendation": "yes"})
    assert answer.status_code == 409


def test_the_report_shows_screening_and_interview_side_by_side(world):
    interview_id = held_interview(world)
    ivan = world.client("ivan")
    page = ivan.get(f"/ui/interviews/{interview_id}")
    assert ivan.post(f"/ui/interviews/{interview_id}/review", data={
        "csrf_token": csrf_of(page.text), **SCORES, "recommendation": "yes"}).status_code == 303
    report = world.client("rae").get(f"/ui/invitations/{world.ids['ada']}")
    assert report.status_code == 200
    html = report.text
    start = (FIXTURES / "alert-windows" / "dict_window.py").read_text()
    compare = html[html.index(f'id="compare-{interview_id}"'):]
    screening = compare[compare.index(f'id="screening-code-{interview_id}"'):compare.index("</pre>")]
    assert "count_windows" in screening and "# first" not in screening
    pad = compare[compare.index(f'id="pad-code-{interview_id}"'):]
    assert pad.index("# first") < pad.index("# second") < pad.index("</pre>")
    assert f'href="/ui/interviews/{interview_id}#playback"' in compare
    assert "Screening reviews" in compare and "Interview scorecards" in compare
    assert start.splitlines()[0][:20] in screening or start[:10] in screening
