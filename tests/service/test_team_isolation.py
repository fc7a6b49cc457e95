"""Team isolation (issue 21): a caller of team A gets 404 on everything of team B, on every REST route.

Two hiring teams each get an assessment, an invitation, a submission, a Greenhouse test, an Ashby
assessment and a decision. A key made for team A (role admin: it passes every role check) then calls
every route of the OpenAPI schema with team B's ids: each answers 404 (or 403 where the route is the
whole Assay's: keys, webhooks, audit), and every list leaves team B out. A route added later without a
case here fails the sweep until it gets one. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, select
from support.service import Service, upload_tiny_problem

from api.comments.models import CodeComment, CommentThread
from api.integrations.ashby import AshbyAssessment
from api.integrations.greenhouse import GreenhouseTest
from api.models import Submission, utcnow
from api.people import teams
from api.people.models import Team
from api.services.keys import create_key

FUTURE = (utcnow() + timedelta(days=30)).isoformat()
# A valid body for each route that takes one (a route missing here fails the sweep: add it).
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/assessments"): {"title": "x", "problems": ["echo-sum"], "duration_minutes": 30,
                                  "team_id": "{team_id}"},
    ("POST", "/v1/invitations/{invitation_id}/decision"): {"decision": "hold", "note": "x"},
    # reviewing together (issue 21): the scorecard, reviewers, a review
    ("PUT", "/v1/assessments/{assessment_id}/scorecard"): {"criteria": [
        {"key": "x", "name": "X", "guidance": ["a", "b", "c", "d"]}]},
    ("POST", "/v1/invitations/{invitation_id}/reviewers"): {"user_id": "{user_id}"},
    ("PUT", "/v1/invitations/{invitation_id}/reviews/mine"): {"scores": {"correctness": 3}, "recommendation": "yes"},
    ("POST", "/v1/invitations/{invitation_id}/extend"): {"expires_at": FUTURE},
    ("POST", "/v1/invitations/{invitation_id}/extra-time"): {"time_multiplier": 1.5, "extra_minutes": 0,
                                                              "reason": "accommodation"},
    ("POST", "/v1/invitations"): {"assessment_id": "{assessment_id}", "candidate": {"name": "Eve",
                                                                                  "email": "eve@example.com"}},
    ("POST", "/integrations/greenhouse/send_test"): {"partner_test_id": "{assessment_id}", "candidate": {
        "first_name": "Eve", "last_name": "Spy", "email": "eve@example.com"}},
    ("POST", "/integrations/ashby/assessment.start"): {
        "assessment_type_id": "{assessment_id}", "candidate": {"first_name": "Eve", "last_name": "Spy",
                                                                "email": "eve@example.com", "ashby_id": "c-9"},
        "application": {"ashby_id": "app-9"}},
    ("POST", "/integrations/ashby/assessment.cancel"): {"assessment_id": "{invitation_id}"},
    ("POST", "/v1/submissions/{submission_id}/comments"): {"path": "main.py", "line": 1, "body": "x"},
    ("POST", "/v1/comment-threads/{thread_id}/replies"): {"body": "x"},
    # a reviewer's points for a quiz's free-text answer (issue 25)
    ("POST", "/v1/submissions/{submission_id}/questions/{question_id}/score"): {"points": 1},
}
FORM_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/assessments"): {"title": "x", "problems": ["echo-sum"], "duration_minutes": 30,
                                  "team_id": "{team_id}"},
    ("POST", "/v1/invitations/bulk"): {"data": {"assessment_id": "{assessment_id}"},
                                       "files": {"file": ("c.csv", b"name,email\nEve,eve@example.com\n", "text/csv")}},
}
QUERIES: dict[tuple[str, str], dict[str, str]] = {
    ("GET", "/integrations/greenhouse/test_status"): {"partner_interview_id": "{invitation_id}"},
    ("GET", "/v1/invitations"): {"assessment_id": "{assessment_id}"},
    ("GET", "/v1/events"): {"invitation_id": "{invitation_id}"},
}
# Routes whose refusal is not a 404: making something in team B is refused for its team_id field.
NOT_404 = {("POST", "/v1/assessments"): 422}
# Routes that are the whole Assay's (an admin of every team only): 403 for a key of one team.
WHOLE_ASSAY = re.compile(r"^/v1/(keys|webhooks|audit)")
# Routes that hold nothing of a team: the problem library (shared), health, metrics, the candidate's own.
NOT_TEAM_DATA = re.compile(r"^/(v1/problems|healthz|readyz|metrics|v1/me\b|integrations/lever/webhook"
                           r"|integrations/greenhouse/response_error)")  # the last: Greenhouse reports an error of ours
LISTS = {("GET", "/v1/assessments"), ("GET", "/v1/invitations"), ("GET", "/v1/events"),
         ("GET", "/integrations/greenhouse/list_tests"), ("POST", "/integrations/ashby/assessment.list")}


@dataclass
class TeamData:
    team_id: str
    assessment_id: str
    invitation_id: str
    submission_id: str
    admin_key: str
    thread_id: str


@pytest.fixture(params=["sqlite", "postgresql"])
def service(request, tmp_path) -> Iterator[Service]:
    extra = ({} if request.param == "sqlite"
             else {"database_url": request.getfixturevalue("postgres").create_database(at_head=True)})
    running = Service(tmp_path / "data", ashby_api_key="ashby-key", **extra).start()
    yield running
    running.stop()


def team_with_data(service: Service, name: str) -> TeamData:
    with Session(service.app.state.engine) as session:
        team = teams.create(session, name)
        keys = {role: create_key(session, role, f"{name} {role}", team_id=team.id)[1]
                for role in ("admin", "author", "reviewer", "ats")}
        session.commit()
        team_id = team.id
    author = service.client(keys["author"])
    if name == "Team A":
        assert author.post("/v1/problems", files={"file": ("x.zip", b"", "application/zip")}).status_code == 422
    assessment_id = upload_tiny_problem(author)
    assert author.get(f"/v1/assessments/{assessment_id}").json()["team_id"] == team_id
    invited = service.client(keys["reviewer"]).post("/v1/invitations", json={
        "assessment_id": assessment_id, "candidate": {"name": f"{name} candidate", "email": "c@example.com"}})
    assert invited.status_code == 201, invited.text
    invitation_id = invited.json()["id"]
    with Session(service.app.state.engine) as session:
        from api.services.assessments import problem_versions

        version = problem_versions(session, assessment_id)[0]
        submission = Submission(invitation_id=invitation_id, problem_version_id=version.id, language="python3",
                                files={"main.py": "print(1)"}, status="graded", verdict="AC", points=100,
                                max_points=100)
        session.add(submission)
        session.add(GreenhouseTest(invitation_id=invitation_id, partner_test_id=assessment_id, token_enc="x"))
        session.add(AshbyAssessment(invitation_id=invitation_id, assessment_type_id=assessment_id,
                                    application_id=f"app-{name}", update_url="https://api.ashbyhq.com/x",
                                    token_enc="x"))
        session.commit()
        submission_id = submission.id
    decided = service.client(keys["reviewer"]).post(f"/v1/invitations/{invitation_id}/decision",
                                                    json={"decision": "advance", "reason": "solid"})
    assert decided.status_code == 200, decided.text
    thread = service.client(keys["reviewer"]).post(f"/v1/submissions/{submission_id}/comments",
                                                   json={"path": "main.py", "line": 1, "body": "a line comment"})
    assert thread.status_code == 201, thread.text
    return TeamData(team_id, assessment_id, invitation_id, submission_id, keys["admin"], thread.json()["id"])


def request_args(key: tuple[str, str], ids: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The URL and httpx arguments of a call of route ``key`` with ``ids`` in it."""
    method, path = key
    kwargs: dict[str, Any] = {}
    if key in BODIES:
        kwargs["json"] = fill(BODIES[key], ids)
    elif key in FORM_BODIES:
        kwargs["data"] = fill(FORM_BODIES[key]["data"], ids)
        kwargs["files"] = FORM_BODIES[key]["files"]
    elif WHOLE_ASSAY.match(path) and method in ("POST", "PUT", "PATCH"):
        kwargs["json"] = {}  # refused before the body is read
    if key in QUERIES:
        kwargs["params"] = fill(QUERIES[key], ids)
    return fill(path, ids), kwargs


def blank(text: str, ids: dict[str, str]) -> str:
    for name in ("assessment_id", "invitation_id", "submission_id", "thread_id"):
        text = text.replace(ids[name], f"<{name}>")
    return text


def fill(template: Any, ids: dict[str, str]) -> Any:
    text = json.dumps(template)
    for name, value in ids.items():
        text = text.replace("{" + name + "}", value)
    return json.loads(text)


def test_a_team_sees_nothing_of_another_team_on_any_route(service):
    a = team_with_data(service, "Team A")
    b = team_with_data(service, "Team B")
    ids = {"assessment_id": b.assessment_id, "invitation_id": b.invitation_id, "submission_id": b.submission_id,
           "run_id": b.submission_id, "partner_interview_id": b.invitation_id, "slug": "echo-sum",
           "endpoint_id": "ep_x", "key_id": "1", "event_id": "evt_x", "team_id": b.team_id,
           "thread_id": b.thread_id, "user_id": "u" * 32}
    fake = {**ids, "assessment_id": "0" * 32, "invitation_id": "1" * 32, "submission_id": "2" * 32,
            "run_id": "2" * 32, "partner_interview_id": "1" * 32, "thread_id": "3" * 32}
    client = service.client(a.admin_key)
    schema = client.get("/openapi.json").json()
    swept = []
    for path, operations in schema["paths"].items():
        for method in operations:
            method = method.upper()
            if NOT_TEAM_DATA.match(path) or method in ("HEAD", "OPTIONS"):
                continue
            key = (method, path)
            if (key not in BODIES and key not in FORM_BODIES and not WHOLE_ASSAY.match(path)
                    and method in ("POST", "PUT", "PATCH")
                    and operations[method.lower()].get("requestBody", {}).get("required")):
                pytest.fail(f"{method} {path} takes a body: add a valid one to BODIES so the sweep covers it")
            url, kwargs = request_args(key, ids)
            schemes = {name for entry in operations[method.lower()].get("security", []) for name in entry}
            if "HTTPBasic" in schemes:
                client.auth = (a.admin_key, "")  # HTTP Basic, the ATS way
            else:
                client.auth = None
            answer = client.request(method, url, **kwargs)
            swept.append(f"{method} {path} -> {answer.status_code}")
            if WHOLE_ASSAY.match(path):
                assert answer.status_code == 403, (method, path, answer.status_code, answer.text)
                continue
            if key in LISTS:
                assert answer.status_code == 200, (method, path, answer.text)
                if key in QUERIES:  # filtered by team B's id: as empty as for an id that exists nowhere
                    missing_url, missing_kwargs = request_args(key, fake)
                    assert answer.text == client.request(method, missing_url, **missing_kwargs).text, path
            elif key in NOT_404:
                assert answer.status_code == NOT_404[key], (method, path, answer.status_code, answer.text)
            elif answer.status_code != 404:
                pytest.fail(f"{method} {path} with team B's ids answered {answer.status_code}, not 404: "
                            f"{answer.text[:300]}")
            else:  # the same answer as for ids that exist nowhere: nothing tells team B's ids apart
                missing_url, missing_kwargs = request_args(key, fake)
                missing = client.request(method, missing_url, **missing_kwargs)
                assert missing.status_code == 404, (method, path, missing.text)
                assert blank(answer.text, ids) == blank(missing.text, fake), (method, path)
            if answer.status_code < 400:
                for secret in (b.assessment_id, b.invitation_id, b.submission_id, b.thread_id, "Team B candidate"):
                    assert secret not in answer.text, (method, path, answer.text[:300])
    print("\n".join(swept))
    assert len(swept) >= 30
    # the lists: team A's things, none of team B's
    client.auth = None
    assessments = client.get("/v1/assessments").json()
    assert [x["id"] for x in assessments["items"]] == [a.assessment_id] and assessments["total"] == 1
    invitations = client.get("/v1/invitations").json()
    assert [x["id"] for x in invitations["items"]] == [a.invitation_id] and invitations["total"] == 1
    events = client.get("/v1/events").json()["items"]
    assert events and all(b.invitation_id not in json.dumps(e) for e in events)
    tests = client.get("/integrations/greenhouse/list_tests", auth=(a.admin_key, "")).json()
    assert [t["partner_test_id"] for t in tests] == [a.assessment_id]
    listed = client.post("/integrations/ashby/assessment.list", auth=(a.admin_key, ""), json={}).json()
    assert [t["assessment_type_id"] for t in listed["results"]] == [a.assessment_id]
    # nothing of team B was changed by the sweep
    with Session(service.app.state.engine) as session:
        from api.models import Invitation

        row = session.get(Invitation, b.invitation_id)
        assert row is not None and row.revoked_at is None and row.extra_minutes == 0
        thread = session.get(CommentThread, b.thread_id)
        assert thread is not None and thread.resolved_at is None
        assert len(session.exec(select(CodeComment).where(CodeComment.thread_id == b.thread_id)).all()) == 1


def test_keys_of_every_team_still_see_everything_and_make_assessments_in_the_default_team(service):
    admin = service.client(service.key("admin"))  # a key made before teams: every team
    first = upload_tiny_problem(admin)
    with Session(service.app.state.engine) as session:
        from api.services.team_choice import DEFAULT_TEAM

        team = session.exec(select(Team).where(Team.name == DEFAULT_TEAM)).one()
        assert admin.get(f"/v1/assessments/{first}").json()["team_id"] == team.id
        other = teams.create(session, "Team C")
        session.commit()
        other_id, default_id = other.id, team.id
    several = admin.post("/v1/assessments", json={"title": "x", "problems": ["echo-sum"], "duration_minutes": 30})
    assert several.status_code == 422 and "team_id is needed" in several.json()["detail"]
    chosen = admin.post("/v1/assessments", json={"title": "x", "problems": ["echo-sum"], "duration_minutes": 30,
                                                 "team_id": other_id})
    assert chosen.status_code == 201 and chosen.json()["team_id"] == other_id
    assert admin.get("/v1/assessments").json()["total"] == 2
    scoped = service.client(create_scoped_key(service, "author", other_id))
    refused = scoped.post("/v1/assessments", json={"title": "x", "problems": ["echo-sum"], "duration_minutes": 30,
                                                   "team_id": default_id})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "team_id"
    assert scoped.get("/v1/keys").status_code == 403  # keys are the whole Assay's
    made = admin.post("/v1/keys", json={"role": "reviewer", "team_id": "no-such-team"})
    assert made.status_code == 422 and "no team" in made.json()["detail"]
    made = admin.post("/v1/keys", json={"role": "reviewer", "team_id": other_id})
    assert made.status_code == 201 and made.json()["team_id"] == other_id


def create_scoped_key(service: Service, role: str, team_id: str) -> str:
    with Session(service.app.state.engine) as session:
        secret = create_key(session, role, "scoped", team_id=team_id)[1]
        session.commit()
    return secret
