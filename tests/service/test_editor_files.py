"""The candidate's files over REST: the problem says which starter files are read-only and how many
files there may be; a read-only file is always sent on as the problem has it (changed or deleted), a
file tree past the cap is refused with its reason and the saved draft stays as it was; an SQL question
shows its schema and sample result. The editor itself: tests/browser/test_sql_and_files_browser.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from support.reviewer_data import ROOT, make_app

from api.models import Submission, utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services import sql_schema
from problemformat.package_loader import build_package, load_package

DRIVER = "from pricing import total\nprint(total([int(x) for x in input().split()]))\n"
PACKAGE = {
    "problem.yaml": b"schema: 1\nslug: basket-total\ntitle: Basket Total\nlanguages: [python3]\n"
                    b"grader: {kind: token}\nfiles: {read_only: [main.py, 'lib/*.py'], max_files: 4}\n"
                    b"scoring: {groups: [{name: main, points: 100}]}\n",
    "statement.md": b"# Basket Total\n",
    "templates/python3/main.py": DRIVER.encode(),
    "templates/python3/lib/money.py": b"CENT = 1\n",
    "templates/python3/pricing.py": b"def total(prices):\n    return 0\n",
    "tests/sample/01.in": b"1 2\n", "tests/sample/01.ans": b"3\n",
    "tests/secret/main/01.in": b"1 2\n", "tests/secret/main/01.ans": b"3\n",
}


@pytest.fixture
def client(tmp_path):
    app = make_app(tmp_path)
    with Session(app.state.engine) as session:
        problem_service.store(session, build_package(PACKAGE), None)
        problem_service.store(session, load_package(ROOT / "problems" / "top-customers"), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Files", problems=["basket-total", "top-customers"], duration_minutes=60, languages=["python3"]),
            None)
        _, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment.id, candidate=CandidateIn(name="Sam", email="s@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        session.commit()
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        assert client.post("/v1/me/start", json={"consent": True}).status_code == 200
        client.app_state = app.state  # type: ignore[attr-defined]
        yield client


def test_the_problem_names_its_read_only_files_and_caps(client):
    problem = client.get("/v1/me/problems/basket-total").json()
    assert problem["files"] == {"read_only": {"python3": ["lib/money.py", "main.py"]}, "max_files": 4,
                                "max_kib": 256}
    assert sorted(problem["templates"]["python3"]) == ["lib/money.py", "main.py", "pricing.py"]
    assert problem["sql"] is None


def test_read_only_files_are_sent_on_as_the_problem_has_them(client):
    files = {"main.py": "print('tampered')\n", "pricing.py": "def total(p):\n    return sum(p)\n", "util.py": ""}
    saved = client.put("/v1/me/drafts/basket-total/python3", json={"files": files})
    assert saved.status_code == 200, saved.text
    assert saved.json()["files"] == {**files, "main.py": DRIVER, "lib/money.py": "CENT = 1\n"}
    sent = client.post("/v1/me/submissions?wait=0", json={"problem": "basket-total", "language": "python3",
                                                           "files": files})
    assert sent.status_code == 202, sent.text
    with Session(client.app_state.engine) as session:
        submission = session.get(Submission, sent.json()["id"])
        assert submission is not None and submission.files["main.py"] == DRIVER
        assert sorted(submission.files) == ["lib/money.py", "main.py", "pricing.py", "util.py"]


def test_a_file_tree_past_the_cap_is_refused_and_the_draft_kept(client):
    files = {"main.py": DRIVER, "pricing.py": "def total(p):\n    return sum(p)\n"}
    assert client.put("/v1/me/drafts/basket-total/python3", json={"files": files}).status_code == 200
    crowded = {**files, **{f"extra{n}.py": "" for n in range(4)}}
    refused = client.put("/v1/me/drafts/basket-total/python3", json={"files": crowded})
    assert refused.status_code == 422
    assert "6 files; this problem accepts at most 4: delete a file first" in refused.json()["detail"]
    run = client.post("/v1/me/runs?wait=0", json={"problem": "basket-total", "language": "python3", "files": crowded})
    assert run.status_code == 422 and "at most 4" in run.json()["detail"]
    drafts = client.get("/v1/me/drafts").json()
    assert drafts[0]["files"]["pricing.py"] == files["pricing.py"] and len(drafts[0]["files"]) == 3  # nothing lost


def test_an_sql_question_shows_its_schema_and_sample_result(client):
    problem = client.get("/v1/me/problems/top-customers").json()
    tables = {t["name"]: [c["name"] for c in t["columns"]] for t in problem["sql"]["tables"]}
    assert tables == {"customers": ["id", "name", "country"],
                      "orders": ["id", "customer_id", "ordered_on", "status", "amount_cents"]}
    assert problem["sql"]["tables"][0]["columns"][0] == {"name": "id", "type": "INTEGER", "primary_key": True,
                                                         "not_null": False}
    assert problem["sql"]["sample_columns"] == ["name", "country", "total_cents"]
    assert problem["sql"]["sample_rows"] == [["Ada Lovelace", "GB", "12500"], ["Grace Hopper", "US", "12000"]]


def test_the_schema_is_read_without_touching_a_file_of_the_server(tmp_path):
    target = tmp_path / "written.db"
    script = f"ATTACH DATABASE '{target}' AS x; CREATE TABLE x.t (a);".encode()
    assert sql_schema._describe("hostile", script, b"") is None
    assert not target.exists()
    assert sql_schema._describe("fine", b"CREATE TABLE t (a INTEGER);", b"'a'\n1\n") is not None
