"""An assessment's results as CSV and Excel from the console (issue 26 item 4): one row per candidate
with status, score, points per problem, time used, the decision and who made it, and the report's link;
"not started" instead of a zero score; anonymised candidates stay "Candidate #N" without e-mail or ATS
id; formulas typed as names stay text; another team's assessment answers 404; each download is audited."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, select
from support.reviewer_data import make_app, seed

from api.audit import AuditEvent
from api.auth import staff_of_user
from api.console import session as web_session
from api.models import Assessment, Invitation
from api.people import sessions, teams, users
from api.people.models import TeamRole, User
from api.services import anonymity, decisions

PUBLIC = "https://assay.example"


@pytest.fixture
def world(tmp_path):
    app = make_app(tmp_path, public_url=PUBLIC, webhook_worker=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        backend = teams.create(session, "Backend")
        other = teams.create(session, "Other")
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = backend.id
        session.add(assessment)
        recruiter = users.create(session, email="rita@acme.example", name="Rita Recruiter")
        outsider = users.create(session, email="otto@acme.example", name="Otto Other")
        teams.set_member(session, backend, recruiter, TeamRole.RECRUITER)
        teams.set_member(session, other, outsider, TeamRole.RECRUITER)
        session.commit()
    return app, data


def _client(app, email: str) -> TestClient:
    with Session(app.state.engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        _, token = sessions.start(session, user, hours=8)
        session.commit()
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    client.cookies.set(web_session.cookie_name(app.state.settings), token)  # __Host- when Secure
    return client


def _csv(client: TestClient, assessment_id: str) -> list[dict[str, str]]:
    answer = client.get(f"/ui/assessments/{assessment_id}/results.csv")
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_one_row_per_candidate_with_points_decision_and_link(world):
    app, data = world
    with Session(app.state.engine) as session:
        ada = session.get(Invitation, data.invitations["ada"])
        user = session.exec(select(User).where(User.email == "rita@acme.example")).one()
        decisions.record(session, staff_of_user(session, user), ada, "advance", "strong on both problems")
        session.commit()
    rows = _csv(_client(app, "rita@acme.example"), data.assessment_id)
    by_name = {row["Candidate"]: row for row in rows}
    assert set(by_name) == {"Ada Lovelace", "Bob Copier", "Cleo Independent", "Dan Invited"}
    ada_row = by_name["Ada Lovelace"]
    assert ada_row["E-mail"] == "ada@example.com" and ada_row["ATS id"] == "gh-app-1001"
    assert ada_row["Status"] == "finished" and ada_row["Time used (min)"] == "64.0"
    assert float(ada_row["Points: Triage Windows"]) == 100.0
    assert float(ada_row["Score"]) == float(ada_row["Points: Triage Windows"]) + float(ada_row["Points: Meeting Rooms"])
    assert ada_row["Decision"] == "advance" and ada_row["Decided by"] == "Rita Recruiter <rita@acme.example>"
    assert ada_row["Report"] == f"{PUBLIC}/ui/invitations/{data.invitations['ada']}"
    dan = by_name["Dan Invited"]
    assert dan["Status"] == "not started" and dan["Score"] == "" and dan["Percent"] == ""


def test_excel_has_the_same_table(world):
    app, data = world
    client = _client(app, "rita@acme.example")
    answer = client.get(f"/ui/assessments/{data.assessment_id}/results.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Candidate", "E-mail", "ATS id", "Status"]
    assert sorted(row[0] for row in values[1:]) == ["Ada Lovelace", "Bob Copier", "Cleo Independent", "Dan Invited"]
    with Session(app.state.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "results.exported")).all()
        assert [e.detail["format"] for e in events] == ["xlsx"] and events[0].actor_name.startswith("Rita")


def test_anonymised_candidates_stay_numbers_and_formulas_stay_text(world):
    app, data = world
    with Session(app.state.engine) as session:
        anonymity.set_anonymised(session, data.assessment_id, True)
        bob = session.get(Invitation, data.invitations["bob"])
        assert bob is not None
        session.commit()
    rows = _csv(_client(app, "rita@acme.example"), data.assessment_id)
    assert all(row["Candidate"].startswith("Candidate #") for row in rows)
    assert all(row["E-mail"] == "" and row["ATS id"] == "" for row in rows)
    assert "ada@example.com" not in str(rows) and "gh-app-1001" not in str(rows)
    with Session(app.state.engine) as session:
        anonymity.set_anonymised(session, data.assessment_id, False)
        dan = session.get(Invitation, data.invitations["dan"])
        assert dan is not None
        dan.candidate_name = "=HYPERLINK(\"https://evil.example\",\"x\")"
        session.add(dan)
        session.commit()
    names = [row["Candidate"] for row in _csv(_client(app, "rita@acme.example"), data.assessment_id)]
    assert "'=HYPERLINK(\"https://evil.example\",\"x\")" in names


def test_another_teams_assessment_answers_404(world):
    app, data = world
    answer = _client(app, "otto@acme.example").get(f"/ui/assessments/{data.assessment_id}/results.csv",
                                                   headers={"Accept": "text/html"})
    assert answer.status_code == 404
    assert _client(app, "rita@acme.example").get(
        f"/ui/assessments/{data.assessment_id}/results.pdf").status_code == 404


def test_compare_shows_the_ticked_candidates_side_by_side(world):
    app, data = world
    client = _client(app, "rita@acme.example")
    listing = client.get(f"/ui/assessments/{data.assessment_id}")
    assert 'id="compare-form"' in listing.text and f'value="{data.invitations["ada"]}"' in listing.text
    assert "not started" in listing.text  # Dan has not started: no "0 / 200 (0 %)"
    ids = [data.invitations["cleo"], data.invitations["ada"], data.invitations["dan"]]
    page = client.get(f"/ui/assessments/{data.assessment_id}/compare", params={"ids": ids})
    assert page.status_code == 200
    heads = page.text.split('<tbody>')[0]
    assert heads.index("Cleo Independent") < heads.index("Ada Lovelace") < heads.index("Dan Invited")  # as ticked
    assert "Triage Windows" in page.text and "Meeting Rooms" in page.text and 'class="num best"' in page.text
    assert "not started" in page.text
    one = client.get(f"/ui/assessments/{data.assessment_id}/compare", params={"ids": ids[:1]})
    assert one.status_code == 422 and "Tick 2 to 6 candidates" in one.text


def test_compare_refuses_ids_of_another_assessment_or_team(world):
    app, data = world
    answer = _client(app, "rita@acme.example").get(f"/ui/assessments/{data.assessment_id}/compare",
                                                   params={"ids": [data.invitations["ada"], "inv-elsewhere"]},
                                                   headers={"Accept": "text/html"})
    assert answer.status_code == 422
    outsider = _client(app, "otto@acme.example").get(f"/ui/assessments/{data.assessment_id}/compare",
                                                     params={"ids": [data.invitations["ada"]] * 2},
                                                     headers={"Accept": "text/html"})
    assert outsider.status_code == 404
