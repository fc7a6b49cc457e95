"""Every attempt of a candidate on the reviewer pages (issue 26 item 12), through the app signed in as a
person: each submission and run in the report's timeline opens its own page (code, per-test results, a
run's input and output), the Attempts section compares any two attempts of a problem (a server-side
diff, escaped), the last draft of a problem never submitted shows marked as such, line comments work on
any attempt's page, and another team's or another candidate's attempts answer 404."""

from __future__ import annotations

import difflib
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.reviewer_data import make_app, seed

from api.audit import AuditEvent
from api.console import session as web_session
from api.models import Assessment, Draft, Submission, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(tmp_path):
    app = make_app(tmp_path, public_url="https://assay.example", webhook_worker=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        backend, frontend = teams.create(session, "Backend"), teams.create(session, "Frontend")
        rita = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        otto = users.create(session, email="otto@acme.example", name="Otto Other")
        teams.set_member(session, backend, rita, TeamRole.REVIEWER)
        teams.set_member(session, frontend, otto, TeamRole.REVIEWER)
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = backend.id
        session.add(assessment)
        session.add(Draft(invitation_id=data.invitations["dan"], problem_slug="alert-windows", language="python3",
                          files={"main.py": "def solve():\n    return '<b>not yet</b>'\n"},
                          updated_at=utcnow() - timedelta(minutes=5)))
        session.add(Draft(invitation_id=data.invitations["dan"], problem_slug="alert-windows", language="cpp",
                          files={"main.cpp": "int main() { return 0; } // the last one saved\n"}))
        clients = {}
        for short, user in (("rita", rita), ("otto", otto)):
            client = TestClient(app, base_url="https://testserver", follow_redirects=False)
            client.cookies.set(web_session.cookie_name(app.state.settings),  # __Host- when Secure
                               sessions.start(session, user, hours=8)[1])
            clients[short] = client
        session.commit()
    return app, data, clients


def test_every_attempt_in_the_timeline_opens_its_code_and_results(world):
    app, data, clients = world
    rita = clients["rita"]
    report = rita.get(f"/ui/invitations/{data.invitations['ada']}").text
    for label in ("ada-aw-run", "ada-aw-1", "ada-aw", "ada-mr"):
        assert f'<a href="/ui/submissions/{data.submissions[label]}">' in report, label
    section = report[report.index('id="attempts"'):]
    assert "Run 1" in section and "Submission 1" in section and "Submission 2" in section

    first = rita.get(f"/ui/submissions/{data.submissions['ada-aw-1']}")
    assert first.status_code == 200
    assert re.search(r'<h1 id="attempt-title">[^<]+: Submission 1</h1>', first.text)
    assert 'id="attempt-tests"' in first.text and "TLE" in first.text and 'id="compare-previous"' not in first.text
    assert f'id="L-{data.submissions["ada-aw-1"]}-0-1"' in first.text  # its code, line by line
    second = rita.get(f"/ui/submissions/{data.submissions['ada-aw']}").text
    assert (f'/ui/invitations/{data.invitations["ada"]}/diff?from={data.submissions["ada-aw-1"]}'
            f'&amp;to={data.submissions["ada-aw"]}') in second
    run = rita.get(f"/ui/submissions/{data.submissions['ada-aw-run']}").text
    assert "Run (not scored)" in run
    with Session(app.state.engine) as session:
        viewed = session.exec(select(AuditEvent).where(AuditEvent.action == "report.viewed")).all()
        assert any(e.detail.get("via") == "attempt" and e.detail.get("submission_id") == data.submissions["ada-aw-1"]
                   for e in viewed)


def test_a_diff_between_two_attempts(world):
    app, data, clients = world
    rita = clients["rita"]
    url = f"/ui/invitations/{data.invitations['ada']}/diff"
    page = rita.get(url, params={"from": data.submissions["ada-aw-1"], "to": data.submissions["ada-aw"]})
    assert page.status_code == 200
    assert 'class="d-add"' in page.text and 'class="d-del"' in page.text
    added = int(re.search(r'id="diff-added">\+(\d+)<', page.text).group(1))
    removed = int(re.search(r'id="diff-removed">\u2212(\d+)<', page.text).group(1))
    with Session(app.state.engine) as session:
        old = session.get(Submission, data.submissions["ada-aw-1"]).files["main.py"].splitlines()
        new = session.get(Submission, data.submissions["ada-aw"]).files["main.py"].splitlines()
    plain = list(difflib.ndiff(old, new))
    assert added == sum(1 for x in plain if x.startswith("+ "))
    assert removed == sum(1 for x in plain if x.startswith("- "))
    same = rita.get(url, params={"from": data.submissions["ada-aw"], "to": data.submissions["ada-aw"]})
    assert same.status_code == 200 and "unchanged" in same.text
    other_problem = rita.get(url, params={"from": data.submissions["ada-aw"], "to": data.submissions["ada-mr"]})
    assert other_problem.status_code == 422 and "same problem" in other_problem.text
    other_candidate = rita.get(url, params={"from": data.submissions["bob-aw"], "to": data.submissions["ada-aw"]})
    assert other_candidate.status_code == 404
    assert rita.get(url).status_code == 422  # nothing picked: said in words
    otto = clients["otto"]
    assert otto.get(url, params={"from": data.submissions["ada-aw-1"], "to": data.submissions["ada-aw"]}
                    ).status_code == 404
    assert otto.get(f"/ui/submissions/{data.submissions['ada-aw']}").status_code == 404


def test_the_last_draft_of_a_problem_never_submitted(world):
    _, data, clients = world
    page = clients["rita"].get(f"/ui/invitations/{data.invitations['dan']}").text
    problem = page[page.index('id="problem-alert-windows"'):page.index('id="problem-meeting-rooms"')]
    assert 'id="draft-alert-windows"' in problem and "Never submitted." in problem
    assert "the last one saved" in problem and "not yet" not in problem  # the newest draft, C++
    assert "never submitted" in problem
    assert "No submission." in page[page.index('id="problem-meeting-rooms"'):]
    ada = clients["rita"].get(f"/ui/invitations/{data.invitations['ada']}").text
    assert "Never submitted." not in ada


def test_comments_on_an_earlier_attempt_stay_on_its_page(world):
    _, data, clients = world
    rita = clients["rita"]
    attempt = f"/ui/submissions/{data.submissions['ada-aw-1']}"
    page = rita.get(attempt).text
    assert "&amp;back=attempt#compose" in page
    token = CSRF.search(page).group(1)
    made = rita.post(f"{attempt}/comments", data={"csrf_token": token, "path": "main.py", "line": "2",
                                                  "body": "This version times out", "back": "attempt"})
    assert made.status_code == 303 and made.headers["location"].startswith(f"{attempt}#thread-")
    assert "This version times out" in rita.get(attempt).text
    refused = rita.post(f"{attempt}/comments", data={"csrf_token": token, "path": "main.py", "line": "2",
                                                     "body": " ", "back": "attempt"})
    assert refused.status_code == 422 and "back to the attempt" in refused.text
