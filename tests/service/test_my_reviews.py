"""The console's My reviews page (/ui/reviews) through the app, signed in as people: a reviewer's
assigned candidates with due dates, the overdue first and the submitted ones below; the header link's
count; "Candidate #N" in an anonymised assessment; only their own reviews; another team's id, an unknown
one and an API key's session refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from test_review_mail import World, assign, build, finish, make_overdue, smtp_server, submit  # noqa: F401

from api.console import session as web_session
from api.people import sessions, teams, users


def client(world: World, who: str) -> TestClient:
    with Session(world.app.state.engine) as session:
        user = session.get(users.User, world.ids[who])
        assert user is not None
        _, token = sessions.start(session, user, hours=8)
        session.commit()
    browser = TestClient(world.app, base_url="https://testserver", follow_redirects=False)
    browser.cookies.set(web_session.cookie_name(world.app.state.settings), token)  # __Host- when Secure
    return browser


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def world(tmp_path) -> World:
    return build(tmp_path, None)


def test_my_reviews_lists_the_overdue_first_then_by_due_date_and_the_submitted_below(world):
    later = assign(world, "rita", "first", due_in=timedelta(days=5))
    late = assign(world, "rita", "jane")
    make_overdue(world, late, hours=30)
    assign(world, "ray", "jane")  # someone else's
    page = client(world, "rita").get("/ui/reviews")
    assert page.status_code == 200
    html = page.text
    assert html.index(f'id="review-{late}"') < html.index(f'id="review-{later}"')
    text = text_of(html)
    assert "To review 2 open, 1 overdue" in text and "Overdue" in text and "Submitted" not in text
    assert "Jane Candidate" in text and "Fay First" in text and "Backend screening" in text
    assert f'href="/ui/invitations/{world.ids["jane"]}#reviews"' in html
    assert re.search(r'class="reviews-link" href="/ui/reviews">My reviews <span class="count">2</span>', html)
    assert "<time datetime=" in html  # due dates in the viewer's zone, UTC on hover
    assert 'id="review-' not in html.split('id="open-reviews"')[0]

    submit(world, "rita", "jane")
    html = client(world, "rita").get("/ui/reviews").text
    open_part, done_part = html.split('id="done-reviews"')
    assert f'id="review-{later}"' in open_part and f'id="review-{late}"' in done_part
    assert "To review 1 open" in text_of(open_part) and "Submitted 1" in text_of(done_part)
    assert '<span class="count">1</span>' in html


def test_an_anonymised_candidate_is_candidate_n_on_my_reviews(tmp_path):
    world = build(tmp_path, None, anonymised=True)
    assign(world, "rita", "jane")
    html = client(world, "rita").get("/ui/reviews").text
    assert "Candidate #2" in html and "Jane" not in html and "jane@example.com" not in html


def test_nothing_assigned_says_so_and_people_who_do_not_review_get_no_link(world):
    html = client(world, "rita").get("/ui/reviews").text
    assert 'id="no-open-reviews"' in html and 'class="reviews-link" href="/ui/reviews">My reviews</a>' in html
    author = client(world, "alex").get("/ui/reviews")
    assert author.status_code == 200 and "reviews-link" not in author.text  # nothing of theirs: no header link


def test_another_teams_id_answers_404_and_a_key_session_is_refused(world):
    assign(world, "rita", "jane")
    browser = client(world, "rita")
    assert browser.get(f"/ui/reviews?team={world.ids['backend']}").status_code == 200
    for team in (world.ids["frontend"], "no-such-team"):
        refused = browser.get(f"/ui/reviews?team={team}")
        assert refused.status_code == 404 and "Jane Candidate" not in refused.text
    assert client(world, "otto").get("/ui/reviews").text.count('id="review-') == 0
    anonymous = TestClient(world.app, base_url="https://testserver", follow_redirects=False).get("/ui/reviews")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/ui/login")


def test_a_reviewer_moved_out_of_the_team_no_longer_sees_its_candidates(world):
    assign(world, "rita", "jane")
    with Session(world.app.state.engine) as session:
        user = session.get(users.User, world.ids["rita"])
        assert user is not None
        teams.remove_member(session, teams.get(session, world.ids["backend"]), user)
        session.commit()
    page = client(world, "rita").get("/ui/reviews")
    assert page.status_code == 200 and "Jane Candidate" not in page.text
    assert '<span class="count">' not in page.text  # nor counted in the header


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_each_person_chooses_the_emails_about_reviewing_they_get(tmp_path, smtp_server):  # noqa: F811
    world = build(tmp_path, smtp_server.port)
    rita = client(world, "rita")
    page = rita.get("/ui/reviews/emails")
    assert page.status_code == 200
    boxes = re.findall(r'name="kind" value="([a-z_]+)"( checked)?', page.text)
    assert boxes == [("review_assigned", " checked"), ("review_overdue", " checked")]  # a reviewer's kinds, all on
    assert rita.post("/ui/reviews/emails", data={"kind": ["review_assigned"]}).status_code == 403  # no CSRF token
    token = CSRF.search(page.text)
    assert token
    saved = rita.post("/ui/reviews/emails", data={"csrf_token": token.group(1), "kind": ["review_assigned"]})
    assert saved.status_code == 303 and saved.headers["location"] == "/ui/reviews/emails?done=saved"
    page = rita.get("/ui/reviews/emails?done=saved")
    assert 'id="done"' in page.text and re.findall(r'name="kind" value="([a-z_]+)"( checked)?', page.text) == [
        ("review_assigned", " checked"), ("review_overdue", "")]
    rosa = client(world, "rosa")
    rosa_page = rosa.get("/ui/reviews/emails").text
    assert re.findall(r'name="kind" value="([a-z_]+)"', rosa_page) == ["candidate_finished", "reviews_done"]
    rosa.post("/ui/reviews/emails", data={"csrf_token": CSRF.search(rosa_page).group(1)})  # type: ignore[union-attr]
    assert 'id="no-choices"' in client(world, "alex").get("/ui/reviews/emails").text

    late = assign(world, "rita", "jane")  # the assignment e-mail still comes; the reminder does not
    make_overdue(world, late)
    assert world.app.state.review_reminders.run_once() == 1  # decided, but nobody wants it
    finish(world, "first")  # Rosa turned the finished e-mail off: Max still gets it
    world.send_all()
    kinds = sorted((m.rcpt_tos[0], m.message["X-Assay-Kind"]) for m in smtp_server.messages()
                   if m.message["X-Assay-Kind"] not in ("invitation", "reminder"))
    assert kinds == [("max@acme.example", "candidate_finished"), ("rita@acme.example", "review_assigned")]
    [assigned] = smtp_server.to("rita@acme.example")
    assert "Turn these e-mails off: https://assay.example/ui/reviews/emails" in " ".join(assigned.text.split())
    assert 'href="https://assay.example/ui/reviews/emails"' in assigned.html
