"""Line comments on a candidate's code (issue 21), through the app (TestClient), signed in as people
(a StaffSession's token in the session cookie) and with API keys: a reviewer starts a thread on a line,
a second reviewer replies, either resolves and reopens it; the report shows it under its line; refused
comments come back with what was typed kept and the error beside the field; comments are escaped; who
may comment (recruiters, reviewers, hiring managers; not authors); another team's ids answer 404; every
change is audited with the person and the team; an anonymised review still says "Candidate #N"; erasing
the candidate's data deletes the comments; the migration makes the tables the models describe."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, create_engine, select
from support.reviewer_data import Seeded, make_app, seed

from api.audit import AuditEvent
from api.comments.models import CodeComment, CommentThread
from api.console import session as web_session
from api.models import Assessment
from api.people import sessions, teams, users
from api.people.models import TeamRole, User
from api.services import anonymity, retention
from api.services.keys import create_key

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    app: Any
    data: Seeded
    ids: dict[str, str]

    def client(self, who: str) -> TestClient:
        with Session(self.app.state.engine) as session:
            user = session.get(User, self.ids[who])
            assert user is not None
            _, token = sessions.start(session, user, hours=8)
            session.commit()
        client = TestClient(self.app, base_url="https://testserver", follow_redirects=False)
        client.cookies.set(web_session.cookie_name(self.app.state.settings), token)  # __Host- when Secure
        return client

    def key(self, role: str, team: str | None = None) -> TestClient:
        with Session(self.app.state.engine) as session:
            secret = create_key(session, role, f"{role} script", team_id=self.ids[team] if team else None)[1]
            session.commit()
        return TestClient(self.app, base_url="https://testserver", headers={"Authorization": f"Bearer {secret}"})

    def audit(self, action: str) -> list[AuditEvent]:
        with Session(self.app.state.engine) as session:
            return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())

    @property
    def submission(self) -> str:
        return self.data.submissions["ada-aw"]  # Ada's best alert-windows submission: main.py, shown on her report

    @property
    def report(self) -> str:
        return f"/ui/invitations/{self.data.invitations['ada']}"


@pytest.fixture
def world(tmp_path) -> World:
    app = make_app(tmp_path, public_url="https://assay.example", webhook_worker=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        people = {
            "rita": ("rita@acme.example", "Rita Reviewer", TeamRole.REVIEWER),
            "ravi": ("ravi@acme.example", "Ravi Reviewer", TeamRole.REVIEWER),
            "rhea": ("rhea@acme.example", "Rhea Recruiter", TeamRole.RECRUITER),
            "al": ("al@acme.example", "Al Author", TeamRole.AUTHOR),
        }
        backend, frontend = teams.create(session, "Backend"), teams.create(session, "Frontend")
        ids = {"backend": backend.id, "frontend": frontend.id}
        for short, (email, name, role) in people.items():
            user = users.create(session, email=email, name=name)
            teams.set_member(session, backend, user, role)
            ids[short] = user.id
        otto = users.create(session, email="otto@acme.example", name="Otto Other")
        teams.set_member(session, frontend, otto, TeamRole.REVIEWER)
        ids["otto"] = otto.id
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = backend.id
        session.add(assessment)
        session.commit()
    return World(app, data, ids)


def _csrf(client: TestClient, path: str) -> str:
    match = CSRF.search(client.get(path).text)
    assert match, path
    return match.group(1)


def _comment(world: World, client: TestClient, line: int, body: str, path: str = "main.py") -> Any:
    token = _csrf(client, world.report)
    return client.post(f"/ui/submissions/{world.submission}/comments",
                       data={"csrf_token": token, "path": path, "line": str(line), "body": body})


def test_a_reviewer_comments_on_a_line_and_a_second_reviewer_replies_then_it_is_resolved(world):
    rita, ravi = world.client("rita"), world.client("ravi")
    report = rita.get(world.report).text
    plus = f'href="/ui/submissions/{world.submission}/comment?path=main.py&amp;line=3#compose"'
    assert plus in report  # each line has its "+" (without JavaScript: the line's own page)
    line_page = rita.get(f"/ui/submissions/{world.submission}/comment", params={"path": "main.py", "line": "3"})
    assert line_page.status_code == 200 and 'id="compose"' in line_page.text and "Line 3 of main.py" in line_page.text

    made = _comment(world, rita, 3, "Why a dict here?\r\nA deque would keep the order.")
    assert made.status_code == 303
    location = made.headers["location"]
    assert location.startswith(f"{world.report}#thread-")
    thread_id = location.split("#thread-")[1]

    page = ravi.get(world.report).text
    item = page[page.index(f'id="L-{world.submission}-0-3"'):]
    item = item[: item.index("</li>")]
    assert f'id="thread-{thread_id}"' in item and "Rita Reviewer" in item
    assert "Why a dict here?\nA deque would keep the order." in item  # one line break, as typed

    replied = ravi.post(f"/ui/comments/{thread_id}/replies",
                        data={"csrf_token": _csrf(ravi, world.report), "body": "Agreed."})
    assert replied.status_code == 303 and replied.headers["location"].endswith(f"#thread-{thread_id}")
    resolved = ravi.post(f"/ui/comments/{thread_id}/resolve", data={"csrf_token": _csrf(ravi, world.report)})
    assert resolved.status_code == 303
    page = rita.get(world.report).text
    assert "Resolved by Ravi Reviewer · 2 comments on line 3" in page
    assert f'action="/ui/comments/{thread_id}/reopen"' in page
    assert rita.post(f"/ui/comments/{thread_id}/reopen",
                     data={"csrf_token": _csrf(rita, world.report)}).status_code == 303

    listed = world.key("reviewer").get(f"/v1/submissions/{world.submission}/comments").json()["items"]
    assert [(t["path"], t["line"], t["resolved"]) for t in listed] == [("main.py", 3, False)]
    assert [(c["author"], c["author_kind"], c["body"]) for c in listed[0]["comments"]] == [
        ("Rita Reviewer", "person", "Why a dict here?\nA deque would keep the order."),
        ("Ravi Reviewer", "person", "Agreed.")]
    for action, who in (("comment.created", "rita"), ("comment.replied", "ravi"), ("comment.resolved", "ravi"),
                        ("comment.reopened", "rita")):
        [event] = world.audit(action)
        assert event.actor_user_id == world.ids[who] and event.target_id == thread_id
        assert event.team_id == world.ids["backend"] and event.detail["via"] == "console"
        assert "body" not in event.detail  # identifiers only


def test_a_refused_comment_comes_back_with_the_error_beside_it_and_what_was_typed(world):
    rita = world.client("rita")
    empty = _comment(world, rita, 2, "  \r\n ")
    assert empty.status_code == 422 and 'id="comment-body-error"' in empty.text and "it is empty" in empty.text
    long_text = "x" * 3000 + "\r\n" + "y" * 1000  # 4002 characters with CRLF, 4001 as the browser counts
    too_long = _comment(world, rita, 2, long_text)
    assert too_long.status_code == 422
    assert "at most 4000 characters; this one has 4001" in too_long.text
    assert "x" * 3000 + "\n" + "y" * 1000 in too_long.text.replace("\r\n", "\n")  # kept in the textarea
    assert "value_error" not in too_long.text and "String should" not in too_long.text
    fits = "x" * 2000 + "\r\n" + "y" * 1999  # 4000 as the browser counts (4001 bytes with CRLF)
    assert _comment(world, rita, 2, fits).status_code == 303

    thread_id = world.key("reviewer").get(f"/v1/submissions/{world.submission}/comments").json()["items"][0]["id"]
    refused = rita.post(f"/ui/comments/{thread_id}/replies",
                        data={"csrf_token": _csrf(rita, world.report), "body": "z" * 4001})
    assert refused.status_code == 422 and f'id="reply-{thread_id}-error"' in refused.text
    assert "z" * 4001 in refused.text and "<details class=\"reply\" open>" in refused.text
    assert _comment(world, rita, 999, "far away").status_code == 422  # no such line: the error page says so
    assert "there is no line 999" in _comment(world, rita, 999, "far away").text
    assert _comment(world, rita, 2, "hi", path="other.py").status_code == 422
    forged = rita.post(f"/ui/submissions/{world.submission}/comments",
                       data={"csrf_token": "forged", "path": "main.py", "line": "2", "body": "x"})
    assert forged.status_code == 403
    with Session(world.app.state.engine) as session:
        assert len(session.exec(select(CodeComment)).all()) == 1  # only the one that fitted


def test_comments_are_plain_text_escaped_everywhere(world):
    rita = world.client("rita")
    evil = '<script>alert("x")</script><b>bold</b> & **not markdown**'
    assert _comment(world, rita, 1, evil).status_code == 303
    page = rita.get(world.report).text
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; **not markdown**" in page
    line_page = rita.get(f"/ui/submissions/{world.submission}/comment?path=main.py&line=1").text
    assert "<script>alert" not in line_page and "&lt;b&gt;bold&lt;/b&gt;" in line_page


def test_who_may_comment_recruiters_reviewers_and_managers_not_authors(world):
    rhea, al = world.client("rhea"), world.client("al")
    assert _comment(world, rhea, 4, "HR: the candidate asked about this part").status_code == 303
    page = al.get(world.report)
    assert page.status_code == 200 and "HR: the candidate asked about this part" in page.text  # may read
    assert 'class="cl"' not in page.text and "/replies" not in page.text  # no "+", no reply form
    refused = al.post(f"/ui/submissions/{world.submission}/comments",
                      data={"csrf_token": _csrf(al, "/ui/assessments/new"), "path": "main.py", "line": "4",
                            "body": "x"})  # (the token from another page: the report shows an author no form)
    assert refused.status_code == 403 and "comment on a candidate&#39;s code" in refused.text
    assert world.key("author").post(f"/v1/submissions/{world.submission}/comments",
                                    json={"path": "main.py", "line": 1, "body": "x"}).status_code == 403
    # the report.html of the JSON API (Bearer) shows the threads, never a form
    html = world.key("reviewer").get(f"/v1/invitations/{world.data.invitations['ada']}/report.html").text
    assert "HR: the candidate asked about this part" in html and 'class="cl"' not in html


def test_another_teams_submission_and_threads_answer_404(world):
    rita, otto = world.client("rita"), world.client("otto")
    made = _comment(world, rita, 3, "Backend only")
    thread_id = made.headers["location"].split("#thread-")[1]
    otto_token = CSRF.search(otto.get("/ui/assessments/new").text)
    assert otto_token
    form = {"csrf_token": otto_token.group(1), "path": "main.py", "line": "3", "body": "x"}
    assert otto.get(f"/ui/submissions/{world.submission}/comment?path=main.py&line=3").status_code == 404
    assert otto.post(f"/ui/submissions/{world.submission}/comments", data=form).status_code == 404
    assert otto.post(f"/ui/comments/{thread_id}/replies", data=form).status_code == 404
    assert otto.post(f"/ui/comments/{thread_id}/resolve", data=form).status_code == 404
    frontend = world.key("admin", team="frontend")
    for method, url, body in (("GET", f"/v1/submissions/{world.submission}/comments", None),
                              ("POST", f"/v1/submissions/{world.submission}/comments",
                               {"path": "main.py", "line": 1, "body": "x"}),
                              ("POST", f"/v1/comment-threads/{thread_id}/replies", {"body": "x"}),
                              ("POST", f"/v1/comment-threads/{thread_id}/resolve", None),
                              ("POST", f"/v1/comment-threads/{thread_id}/reopen", None)):
        answer = frontend.request(method, url, json=body)
        assert answer.status_code == 404, (method, url, answer.text)
    missing = frontend.post("/v1/comment-threads/nope/replies", json={"body": "x"})
    assert missing.json()["detail"] == "comment thread 'nope' does not exist"
    with Session(world.app.state.engine) as session:
        assert len(session.exec(select(CodeComment)).all()) == 1


def test_rest_threads_with_a_key_named_by_its_label_and_clear_errors(world):
    api = world.key("reviewer")
    url = f"/v1/submissions/{world.submission}/comments"
    made = api.post(url, json={"path": "main.py", "line": 2, "body": "From CI"})
    assert made.status_code == 201, made.text
    thread = made.json()
    assert thread["comments"][0]["author"] == "reviewer script" and thread["comments"][0]["author_kind"] == "key"
    replied = api.post(f"/v1/comment-threads/{thread['id']}/replies", json={"body": "second"})
    assert replied.status_code == 201 and [c["body"] for c in replied.json()["comments"]] == ["From CI", "second"]
    resolved = api.post(f"/v1/comment-threads/{thread['id']}/resolve").json()
    assert resolved["resolved"] and resolved["resolved_by"] == "reviewer script"
    assert api.post(f"/v1/comment-threads/{thread['id']}/resolve").json()["resolved_at"] == resolved["resolved_at"]
    assert len(world.audit("comment.resolved")) == 1  # resolving twice records once
    reopened_by_reply = api.post(f"/v1/comment-threads/{thread['id']}/replies", json={"body": "one more"}).json()
    assert reopened_by_reply["resolved"] is False
    for body, status, words in (({"path": "main.py", "line": 9999, "body": "x"}, 422, "there is no line 9999"),
                                ({"path": "nope.py", "line": 1, "body": "x"}, 422, "no file 'nope.py'"),
                                ({"path": "main.py", "line": 1, "body": "x" * 4001}, 422, "at most 4000"),
                                ({"path": "main.py", "line": 1, "body": " "}, 422, "empty")):
        answer = api.post(url, json=body)
        assert answer.status_code == status and words in answer.json()["detail"], answer.text
    assert api.get("/v1/submissions/nope/comments").status_code == 404
    assert [t["line"] for t in api.get(url).json()["items"]] == [2]


def test_an_anonymised_review_names_the_staff_and_numbers_the_candidate(world):
    with Session(world.app.state.engine) as session:
        anonymity.set_anonymised(session, world.data.assessment_id, True)
        session.commit()
        number = anonymity.numbers(session, world.data.assessment_id)[world.data.invitations["ada"]]
    rita = world.client("rita")
    _comment(world, rita, 3, "Looks fine")
    page = rita.get(world.report).text
    assert "Ada Lovelace" not in page
    assert f"Candidate #{number}" in page and "Rita Reviewer" in page
    line_page = rita.get(f"/ui/submissions/{world.submission}/comment?path=main.py&line=3").text
    assert "Ada Lovelace" not in line_page and f"Candidate #{number}" in line_page


def test_erasing_the_candidates_data_deletes_the_comments(world):
    _comment(world, world.client("rita"), 3, "quotes the code: for x in y")
    with Session(world.app.state.engine) as session:
        retention.delete_candidate_data(session, world.data.invitations["ada"], None)
        session.commit()
        assert session.exec(select(CommentThread)).all() == [] and session.exec(select(CodeComment)).all() == []
    assert world.key("reviewer").post(f"/v1/submissions/{world.submission}/comments",
                                      json={"path": "main.py", "line": 1, "body": "x"}).status_code == 409


def test_migration_makes_the_comment_tables_the_models_describe(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from api.migrate import upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    ours = [d for d in differences if "comment" in repr(d)]
    assert ours == []
