"""Question pools (issue 25): a slot of an assessment is one of several problems; each candidate's draw is
stored when they are invited, spread evenly over the pool, and is all they may see or work on; the report
and analytics show the draw and compare the pool's problems; a plain assessment is unchanged."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.analytics_data import console_app, invite_started, staff_keys, submit_graded
from support.reviewer_data import ROOT, make_app, seed

from api.errors import Unprocessable
from api.models import Invitation, InvitationDraw, utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import analytics, pools
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from problemformat.package_loader import load_package

POOL = ["meeting-rooms", "build-order", "loan-schedule"]
SLUGS = ["alert-windows", *POOL]


def store_problems(engine: Any) -> None:
    with Session(engine) as session:
        for slug in SLUGS:
            problem_service.store(session, load_package(ROOT / "problems" / slug), None)
        session.commit()


def pooled_assessment(engine: Any) -> str:
    with Session(engine) as session:
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Pooled screening", problems=["alert-windows", POOL], duration_minutes=60,
            languages=["python3"]), None)
        session.commit()
        return assessment.id


def invite(engine: Any, assessment_id: str, name: str) -> tuple[str, str]:
    with Session(engine) as session:
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment_id, candidate=CandidateIn(name=name, email="c@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        session.commit()
        return invitation.id, token


def drawn_slugs(engine: Any, invitation_id: str) -> list[str]:
    with Session(engine) as session:
        invitation = session.get(Invitation, invitation_id)
        assert invitation is not None
        return [v.slug for v in pools.drawn_versions(session, invitation)]


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    store_problems(app.state.engine)
    return app


def test_a_pool_is_one_slot_of_the_assessment(app):
    assessment_id = pooled_assessment(app.state.engine)
    with Session(app.state.engine) as session:
        slots = assessment_service.slots(session, assessment_id)
        assert [[v.slug for v in slot] for slot in slots] == [["alert-windows"], POOL]
        out = assessment_service.out(session, assessment_service.get(session, assessment_id))
        assert [(p.slug, p.slot) for p in out.problems] == [("alert-windows", 0)] + [(s, 1) for s in POOL]


@pytest.mark.parametrize(("problems", "message"), [
    (["alert-windows", ["meeting-rooms"]], "a pool has 2 to 10 problems"),
    (["alert-windows", ["alert-windows", "meeting-rooms"]], "a problem is listed twice"),
    ([["meeting-rooms", "no-such-problem"]], "no problem 'no-such-problem'"),
])
def test_a_bad_pool_is_refused_with_its_reason(app, problems, message):
    with Session(app.state.engine) as session, pytest.raises(Unprocessable) as refused:
        assessment_service.create(session, AssessmentCreate(
            title="Bad", problems=problems, duration_minutes=60, languages=["python3"]), None)
    assert message in str(refused.value.detail)


def test_the_draw_is_stored_once_stable_and_spread_evenly_over_the_pool(app):
    engine = app.state.engine
    assessment_id = pooled_assessment(engine)
    ids = [invite(engine, assessment_id, f"Candidate {n}")[0] for n in range(30)]
    draws = {i: drawn_slugs(engine, i) for i in ids}
    assert all(d[0] == "alert-windows" and d[1] in POOL and len(d) == 2 for d in draws.values())
    # the fewest-drawn problem first: 30 candidates over 3 problems is 10 each
    assert Counter(d[1] for d in draws.values()) == Counter({slug: 10 for slug in POOL})
    with Session(engine) as session:
        rows = session.exec(select(InvitationDraw)).all()
        assert len(rows) == 30 and {r.slot for r in rows} == {1}  # stored; the single problem needs none
        for invitation_id in ids[:5]:
            invitation = session.get(Invitation, invitation_id)
            assert invitation is not None
            pools.draw(session, invitation)  # drawing again keeps the stored draw
        session.commit()
    assert {i: drawn_slugs(engine, i) for i in ids} == draws


def test_a_candidate_sees_and_works_on_only_their_draw(app):
    engine = app.state.engine
    assessment_id = pooled_assessment(engine)
    invitation_id, token = invite(engine, assessment_id, "Pat Pooled")
    mine = drawn_slugs(engine, invitation_id)[1]
    other = next(slug for slug in POOL if slug != mine)
    bearer = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        me = client.get("/v1/me", headers=bearer).json()
        assert [p["slug"] for p in me["problems"]] == ["alert-windows", mine]
        assert client.post("/v1/me/start", json={"consent": True}, headers=bearer).status_code == 200
        assert client.get(f"/v1/me/problems/{mine}", headers=bearer).status_code == 200
        assert client.get(f"/v1/me/problems/{other}", headers=bearer).status_code == 404
        assert client.put(f"/v1/me/drafts/{mine}/python3", json={"source": "print(1)\n"},
                          headers=bearer).status_code == 200
        assert client.put(f"/v1/me/drafts/{other}/python3", json={"source": "print(1)\n"},
                          headers=bearer).status_code == 404
        code = {"problem": other, "language": "python3", "source": "print(1)\n"}
        assert client.post("/v1/me/runs?wait=0", json=code, headers=bearer).status_code == 404
        assert client.post("/v1/me/submissions?wait=0", json=code, headers=bearer).status_code == 404
        accepted = client.post("/v1/me/submissions?wait=0", json={**code, "problem": mine}, headers=bearer)
        assert accepted.status_code == 202, accepted.text
        landing = client.get("/v1/me", headers=bearer).json()
        assert [p["slug"] for p in landing["problems"]] == ["alert-windows", mine]


def test_the_report_and_analytics_show_the_draw_and_compare_the_pool(tmp_path):
    app = console_app(tmp_path)
    engine = app.state.engine
    store_problems(engine)
    keys = staff_keys(engine)
    assessment_id = pooled_assessment(engine)
    finished = [invite_started(engine, assessment_id, f"Finished {n}", f"f{n}@example.com") for n in range(6)]
    by_problem: dict[str, list[str]] = {}
    for invitation_id, _ in finished:
        drawn = drawn_slugs(engine, invitation_id)[1]
        by_problem.setdefault(drawn, []).append(invitation_id)
        # the problem of the pool listed first is solved in full, the others not at all
        if drawn == POOL[0]:
            submit_graded(engine, invitation_id, drawn, "print(1)\n")
    assert sorted(len(v) for v in by_problem.values()) == [2, 2, 2]
    with Session(engine) as session:
        data = analytics.compute(session, assessment_service.get(session, assessment_id))
        invitation = session.get(Invitation, finished[0][0])
        assert invitation is not None
        _, max_points = invitation_service.score(session, invitation)
        drawn_version = pools.drawn_versions(session, invitation)[1]
        problem_titles = {slug: problem_service.get_version(session, slug, None).title for slug in SLUGS}
        expected_max = sum(problem_service.summary(v).max_points for v in pools.drawn_versions(session, invitation))
    assert max_points == expected_max  # the candidate's maximum: their own problems' points
    [pool] = data.pools
    assert pool.slot == 2 and [p.slug for p in pool.problems] == POOL
    assert [(p.candidates, p.finished) for p in pool.problems] == [(2, 2)] * 3
    assert [p.mean_percent for p in pool.problems] == [100.0, 0.0, 0.0]
    assert ["pool", POOL[0], "slot 2", "mean_percent", 100.0] in analytics.csv_rows(data)

    headers = {"Authorization": f"Bearer {keys['reviewer']}"}
    with TestClient(app) as client:
        report = client.get(f"/v1/invitations/{finished[0][0]}/report", headers=headers).json()
        assert [(p["slug"], p["pool"]) for p in report["problems"]] == [
            ("alert-windows", []), (drawn_version.slug, POOL)]
        assert report["max_points"] == expected_max
        api = client.get(f"/v1/assessments/{assessment_id}/analytics", headers=headers).json()
        assert api["pools"][0]["problems"][0]["mean_percent"] == 100.0
        login(client, keys["reviewer"])
        page = client.get(f"/ui/invitations/{finished[0][0]}").text
        assert "drawn from a pool: " + ", ".join(POOL) in page
        overview = client.get(f"/ui/assessments/{assessment_id}").text
        assert "one of (" + " / ".join(f"{problem_titles[s]} (v1)" for s in POOL) + ")" in overview
        board = client.get(f"/ui/assessments/{assessment_id}/analytics").text
        assert 'id="pool-table"' in board and "Slot 2: " in board and "100 %" in board
        exported = client.get(f"/ui/assessments/{assessment_id}/results.csv")
        assert exported.status_code == 200, exported.text
        header = next(csv.reader(io.StringIO(exported.text)))
        titles = [problem_titles[slug] for slug in POOL]
        assert [h for h in header if h.startswith("Points: ")] == [
            f"Points: {problem_titles['alert-windows']}", f"Points: slot 2 (pool: {' / '.join(titles)})"]


def test_a_plain_assessment_draws_nothing_and_is_unchanged(tmp_path):
    app = make_app(tmp_path)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        assert session.exec(select(InvitationDraw)).all() == []
        invitation = session.get(Invitation, data.invitations["ada"])
        assert invitation is not None
        assert [v.slug for v in pools.drawn_versions(session, invitation)] == ["alert-windows", "meeting-rooms"]
        report_problems = invitation_service.score(session, invitation)
        assert report_problems[1] == sum(problem_service.summary(v).max_points
                                         for v in assessment_service.problem_versions(session, data.assessment_id))
        computed = analytics.compute(session, assessment_service.get(session, data.assessment_id))
        assert computed.pools == []


def login(client: TestClient, key: str) -> None:
    form = client.get("/ui/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token, form
    answer = client.post("/ui/login", data={"key": key, "csrf_token": token.group(1), "next": "/ui/"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text


def test_the_console_form_makes_a_pool_from_a_line_of_slugs(tmp_path):
    app = console_app(tmp_path)
    store_problems(app.state.engine)
    keys = staff_keys(app.state.engine)
    with TestClient(app) as client:
        login(client, keys["admin"])
        form = client.get("/ui/assessments/new").text
        assert 'name="pools"' in form
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf
        answer = client.post("/ui/assessments", data={
            "csrf_token": csrf.group(1), "title": "Form pool", "duration": "60", "problems": ["alert-windows"],
            "pools": "meeting-rooms, build-order\n", "languages": ["python3"]}, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        assessment_id = answer.headers["location"].rsplit("/", 1)[1]
        refused = client.post("/ui/assessments", data={
            "csrf_token": csrf.group(1), "title": "Form pool", "duration": "60", "problems": ["alert-windows"],
            "pools": "meeting-rooms\n", "languages": ["python3"]}, follow_redirects=False)
        assert refused.status_code == 422 and "a pool has 2 to 10 problems" in refused.text
        assert "meeting-rooms" in refused.text  # what was typed is kept
    with Session(app.state.engine) as session:
        slots = assessment_service.slots(session, assessment_id)
        assert [[v.slug for v in slot] for slot in slots] == [["alert-windows"], ["meeting-rooms", "build-order"]]
