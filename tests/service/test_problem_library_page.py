"""The console's problem library (/ui/problems) and a problem's page, signed in as a person: what a
recruiter picking problems sees (difficulty, expected time, how answers are checked in plain words,
languages, tags), the filters, the statement as candidates read it with its samples, and clear 404s.
Issue 26 item 5; issue 21 "authors get problem pages"."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import Session
from support.reviewer_data import make_app, seed

from api.console import session as web_session
from api.people import sessions, teams, users
from api.people.models import TeamRole
from problemformat.manifest import Manifest


@pytest.fixture
def client(tmp_path) -> TestClient:
    app = make_app(tmp_path, webhook_worker=False)
    seed(app.state.engine)
    with Session(app.state.engine) as session:
        author = users.create(session, email="ada@acme.example", name="Ada Author")
        teams.set_member(session, teams.create(session, "Backend"), author, TeamRole.AUTHOR)
        _, token = sessions.start(session, author, hours=8)
        session.commit()
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    client.cookies.set(web_session.cookie_name(app.state.settings), token)  # __Host- when Secure
    return client


def _rows(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('<tr data-slug="')[1:]]


def test_the_library_says_what_a_recruiter_needs_in_plain_words(client: TestClient) -> None:
    page = client.get("/ui/problems")
    assert page.status_code == 200
    assert _rows(page.text) == ["meeting-rooms", "alert-windows"]  # by title: Meeting Rooms, Triage Windows
    assert "compares the program&#39;s output with the expected output, word by word" in page.text
    assert "20 min" in page.text and "easy" in page.text  # meeting-rooms: difficulty and expected time
    assert "Python 3" in page.text
    assert 'href="/ui/problems/meeting-rooms"' in page.text
    assert 'id="nav-problems"' in page.text  # the header links here from every console page


def test_the_filters_narrow_the_list_and_say_when_nothing_matches(client: TestClient) -> None:
    assert _rows(client.get("/ui/problems", params={"tag": "intervals"}).text) == ["meeting-rooms"]
    assert _rows(client.get("/ui/problems", params={"difficulty": "medium"}).text) == ["alert-windows"]
    assert _rows(client.get("/ui/problems", params={"q": "MEETING"}).text) == ["meeting-rooms"]
    none = client.get("/ui/problems", params={"q": "no such thing"})
    assert _rows(none.text) == [] and "No problem matches these filters." in none.text
    assert client.get("/ui/problems", params={"difficulty": "<b>"}).status_code == 200  # ignored, not an error


def test_a_problem_page_shows_the_statement_as_candidates_read_it(client: TestClient) -> None:
    page = client.get("/ui/problems/meeting-rooms")
    assert page.status_code == 200
    assert "<h1>Meeting Rooms</h1>" in page.text
    assert "Facilities wants to know how many meeting rooms" in page.text  # the rendered statement
    assert "Sample 01: input" in page.text
    assert "per test" in page.text and "hidden test" in page.text
    assert client.get("/ui/problems/meeting-rooms", params={"version": 1}).status_code == 200


def test_unknown_problems_and_versions_answer_a_404_page(client: TestClient) -> None:
    for path in ("/ui/problems/no-such-problem", "/ui/problems/meeting-rooms?version=9"):
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 404 and "<html" in page.text.lower(), path


def test_without_a_session_the_library_asks_to_sign_in(tmp_path) -> None:
    anonymous = TestClient(make_app(tmp_path, webhook_worker=False), base_url="https://testserver",
                           follow_redirects=False)
    answer = anonymous.get("/ui/problems", headers={"Accept": "text/html"})
    assert answer.status_code in (302, 303, 307) and "/ui/login" in answer.headers["location"]


def test_difficulty_and_expected_time_are_checked_in_problem_yaml() -> None:
    base = {"schema": 1, "slug": "two-sum", "title": "Two Sum"}
    assert Manifest.model_validate({**base, "difficulty": "hard", "expected_minutes": 40}).expected_minutes == 40
    with pytest.raises(ValidationError, match="difficulty"):
        Manifest.model_validate({**base, "difficulty": "impossible"})
    with pytest.raises(ValidationError, match="expected_minutes"):
        Manifest.model_validate({**base, "expected_minutes": 0})
