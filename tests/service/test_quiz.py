"""Multiple-choice and free-text questions (issue 25): a quiz is a problem of grader kind quiz in the same
assessment as code problems. Its hidden answers (which options are correct, the reviewer's rubric) never
reach the candidate: every candidate-facing answer is read for them. Answers are checked before they are
stored, scored without a sandbox, the last submission counts, the score stays unknown to the candidate
until the assessment ends, and a reviewer's score of a free-text answer updates the total."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select
from support.reviewer_data import ROOT, make_app

from api.audit import AuditEvent
from api.console import session as web_session
from api.models import Assessment, Invitation, Submission, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import analytics, authoring
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.keys import create_key
from api.webhooks.models import WebhookEvent
from problemformat.package_loader import build_package, load_package
from problemformat.questions import option_order

RUBRIC = "RUBRIC-ONLY-FOR-REVIEWERS"
QUESTIONS = f"""
questions:
  - id: pick-one
    type: single
    prompt: "Which is right? $x^2$"
    options: [{{id: wrong-a, text: "A"}}, {{id: right-b, text: "B"}}, {{id: wrong-c, text: "C"}}]
    correct: [right-b]
    points: 2
  - id: pick-many
    type: multiple
    prompt: Which are right?
    options: [{{id: yes-1, text: "1"}}, {{id: yes-2, text: "2"}}, {{id: no-3, text: "3"}}]
    correct: [yes-1, yes-2]
    points: 3
  - id: explain
    type: text
    prompt: Explain.
    max_chars: 50
    rubric: {RUBRIC}
    points: 5
"""
MANIFEST = b"schema: 1\nslug: tiny-quiz\ntitle: Tiny quiz\ngrader: {kind: quiz}\n"


def quiz_package() -> Any:
    return build_package({"problem.yaml": MANIFEST, "statement.md": b"Answer these.",
                          "questions.yaml": QUESTIONS.encode()})


@pytest.fixture
def world(tmp_path):
    app = make_app(tmp_path)
    with Session(app.state.engine, expire_on_commit=False) as session:
        problem_service.store(session, quiz_package(), None)
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Quiz and code", problems=["tiny-quiz", "alert-windows"], duration_minutes=60,
            languages=["python3"]), None)
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment.id, candidate=CandidateIn(name="Cleo Candidate", email="cleo@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        session.commit()
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token}"
    assert client.post("/v1/me/start", json={"consent": True}).status_code == 200
    return app, client, invitation.id


def no_hidden_answers(text: str) -> None:
    assert '"correct"' not in text and "correct:" not in text, text[:2000]
    assert RUBRIC not in text


def submit(client: TestClient, answers: dict[str, Any]) -> Any:
    return client.post("/v1/me/submissions", json={
        "problem": "tiny-quiz", "language": "answers", "files": {"answers.json": json.dumps(answers)}})


def test_the_candidate_gets_the_questions_without_their_answers_in_a_stable_shuffled_order(world):
    _app, client, _invitation_id = world
    me = client.get("/v1/me").json()
    assert [p["slug"] for p in me["problems"]] == ["tiny-quiz", "alert-windows"]
    response = client.get("/v1/me/problems/tiny-quiz")
    assert response.status_code == 200
    no_hidden_answers(response.text)
    body = response.json()
    assert body["languages"] == ["answers"] and body["source_names"] == {"answers": "answers.json"}
    questions = body["questions"]
    assert [q["id"] for q in questions] == ["pick-one", "pick-many", "explain"]
    assert sorted(o["id"] for o in questions[0]["options"]) == ["right-b", "wrong-a", "wrong-c"]
    assert "<math" in questions[0]["prompt_html"]  # math renders as MathML
    assert questions[2]["options"] == [] and questions[2]["max_chars"] == 50
    again = client.get("/v1/me/problems/tiny-quiz").json()["questions"]
    assert [o["id"] for o in again[0]["options"]] == [o["id"] for o in questions[0]["options"]]


def test_answers_are_scored_without_a_sandbox_and_the_score_waits_for_the_end(world):
    app, client, _invitation_id = world
    response = submit(client, {"pick-one": ["right-b"], "pick-many": ["yes-1"], "explain": "Because."})
    assert response.status_code == 202, response.text
    submission_id = response.json()["id"]
    assert app.state.grading.grade(submission_id)
    with Session(app.state.engine) as session:
        row = session.get(Submission, submission_id)
        assert row is not None and row.points == 2.0 and row.max_points == 10.0 and row.verdict == "WA"
        tests = {t["name"]: t for t in row.result["tests"]}
        assert tests["pick-many"]["reviewer_message"] == "chose yes-1; correct: yes-1, yes-2"
        assert tests["explain"]["verdict"] == "SKIPPED" and tests["explain"]["candidate_message"] == "awaiting review"
    view = client.get(f"/v1/me/submissions/{submission_id}")
    no_hidden_answers(view.text)
    assert view.json()["points"] is None and view.json()["verdict"] is None and view.json()["tests"] == []
    listed = client.get("/v1/me/submissions?code=true")
    no_hidden_answers(listed.text)
    assert client.get("/v1/me").json()["problems"][0]["best_points"] is None
    # the last submission counts, not the best
    better = submit(client, {"pick-one": ["wrong-a"], "pick-many": ["yes-1", "yes-2"]}).json()["id"]
    assert app.state.grading.grade(better)
    client.post("/v1/me/finish")
    me = client.get("/v1/me").json()
    assert me["problems"][0]["best_points"] == 3.0
    finished = client.get(f"/v1/me/submissions/{better}")
    no_hidden_answers(finished.text)
    assert finished.json()["points"] == 3.0


@pytest.mark.parametrize(("answers", "reason"), [
    ({"nope": ["a"]}, "there is no question 'nope'"),
    ({"pick-one": ["right-b", "wrong-a"]}, "question 'pick-one': one option only"),
    ({"pick-many": ["maybe"]}, "question 'pick-many': 'maybe' is not one of its options"),
    ({"explain": "x" * 51}, "question 'explain': 51 characters; at most 50"),
])
def test_answers_that_are_not_answers_to_the_quiz_are_refused_before_they_are_stored(world, answers, reason):
    _app, client, _ = world
    response = submit(client, answers)
    assert response.status_code == 422
    assert reason in response.json()["detail"]


def test_a_quiz_has_nothing_to_run_and_takes_no_code(world):
    _app, client, _ = world
    run = client.post("/v1/me/runs", json={"problem": "tiny-quiz", "language": "answers", "source": "{}"})
    assert run.status_code == 422 and "nothing to run" in run.json()["detail"]
    code = client.post("/v1/me/submissions", json={"problem": "tiny-quiz", "language": "python3", "source": "1"})
    assert code.status_code == 422
    # the code problem of the same assessment still takes code
    draft = client.put("/v1/me/drafts/alert-windows/python3", json={"source": "print(1)"})
    assert draft.status_code == 200


def test_answers_autosave_as_a_draft(world):
    _app, client, _ = world
    saved = client.put("/v1/me/drafts/tiny-quiz/answers",
                       json={"files": {"answers.json": json.dumps({"pick-one": "right-b", "explain": "So."})}})
    assert saved.status_code == 200, saved.text
    assert json.loads(saved.json()["files"]["answers.json"]) == {"explain": "So.", "pick-one": ["right-b"]}
    drafts = client.get("/v1/me/drafts")
    no_hidden_answers(drafts.text)
    assert [d["problem"] for d in drafts.json()] == ["tiny-quiz"]


def test_the_candidate_pages_never_carry_hidden_answers(world):
    app, client, invitation_id = world
    submission_id = submit(client, {"pick-one": ["right-b"], "explain": "Yes."}).json()["id"]
    app.state.grading.grade(submission_id)
    for path in ("/v1/me", "/v1/me/problems/tiny-quiz", "/v1/me/submissions", "/v1/me/drafts"):
        no_hidden_answers(client.get(path).text)
    # the workspace page, and the same API under /take/v1/me with the personal link's cookie
    token = client.headers["Authorization"].split()[1]
    browser = TestClient(app)
    assert browser.get(f"/take/{token}").status_code == 200
    workspace = browser.get("/take/")
    assert workspace.status_code == 200
    no_hidden_answers(workspace.text)
    cookie_api = browser.get("/take/v1/me/problems/tiny-quiz", headers={"X-Assay-Invitation": invitation_id})
    assert cookie_api.status_code == 200 and cookie_api.json()["questions"]
    no_hidden_answers(cookie_api.text)
    client.post("/v1/me/finish")
    for path in ("/v1/me", f"/v1/me/submissions/{submission_id}", "/v1/me/submissions?code=true"):
        no_hidden_answers(client.get(path).text)
    summary = browser.get("/take/")  # the summary after finishing
    no_hidden_answers(summary.text)
    assert "<td>Answers</td>" in summary.text


# ---------------------------------------------------------------------- the reports and the reviewer's points


def staff_client(app: Any, invitation_id: str, role: TeamRole) -> tuple[TestClient, str]:
    """A person of the assessment's team with ``role``, signed in to the console; and their CSRF token."""
    with Session(app.state.engine, expire_on_commit=False) as session:
        invitation = session.get(Invitation, invitation_id)
        assert invitation is not None
        assessment = session.get(Assessment, invitation.assessment_id)
        assert assessment is not None
        team = teams.create(session, f"Team {role.value}")
        user = users.create(session, email=f"{role.value}@acme.example", name=f"Rita {role.value.title()}")
        teams.set_member(session, team, user, role)
        assessment.team_id = team.id
        session.add(assessment)
        _, token = sessions.start(session, user, hours=8)
        session.commit()
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    cookie = web_session.cookie_name(app.state.settings)
    client.cookies.set(cookie, token)
    csrf = web_session._sign(web_session.secret_of(app.state.settings), "console-csrf:" + token)
    return client, csrf


def finished_with_text(world: Any) -> tuple[Any, TestClient, str, str]:
    app, client, invitation_id = world
    submission_id = submit(client, {"pick-one": ["wrong-a"], "pick-many": ["yes-1", "yes-2"],
                                    "explain": "Because <b>bold</b> tags stay text."}).json()["id"]
    assert app.state.grading.grade(submission_id)
    assert client.post("/v1/me/finish").status_code == 200
    return app, client, invitation_id, submission_id


def test_the_reviewer_sees_the_candidates_order_choices_correct_options_and_rubric(world):
    app, _, invitation_id, _ = finished_with_text(world)
    reviewer, _ = staff_client(app, invitation_id, TeamRole.REVIEWER)
    page = reviewer.get(f"/ui/invitations/{invitation_id}")
    assert page.status_code == 200, page.text[:500]
    html = page.text
    assert 'id="quiz-tiny-quiz"' in html and RUBRIC in html
    assert "Because &lt;b&gt;bold&lt;/b&gt; tags stay text." in html  # the answer is text, never markup
    first = html[html.index('id="question-pick-one"'):html.index('id="question-pick-many"')]
    assert "tag-correct" in first and "chosen" in first and "wrong" in first
    # the options in the order this candidate saw them
    with Session(app.state.engine) as session:
        package = problem_service.package_of(problem_service.get_version(session, "tiny-quiz"))
    assert package.questions is not None
    seen = [o.id for o in option_order(package.questions.questions[0], invitation_id)]
    texts = {"wrong-a": ">A<", "right-b": ">B<", "wrong-c": ">C<"}
    positions = [first.index(texts[option]) for option in seen]
    assert positions == sorted(positions)


def test_a_reviewer_scores_a_free_text_answer_and_the_total_follows(world):
    app, client, invitation_id, submission_id = finished_with_text(world)
    reviewer, csrf = staff_client(app, invitation_id, TeamRole.REVIEWER)
    path = f"/ui/submissions/{submission_id}/questions/explain/score"
    refused = reviewer.post(path, data={"csrf_token": csrf, "points": "7"})
    assert refused.status_code == 422
    assert "Give 0 to 5 points" in refused.text and 'value="7"' in refused.text
    saved = reviewer.post(path, data={"csrf_token": csrf, "points": "3,5"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("#question-explain")
    with Session(app.state.engine) as session:
        row = session.get(Submission, submission_id)
        assert row is not None and row.points == 6.5
        explain = next(t for t in row.result["tests"] if t["name"] == "explain")
        assert explain["reviewer_message"] == "scored 3.5/5 by Rita Reviewer"
        assert session.exec(select(AuditEvent).where(col(AuditEvent.action) == "quiz.text_scored")).first()
        regraded = session.exec(select(WebhookEvent).where(col(WebhookEvent.type) == "submission.regraded")).all()
        assert [json.loads(e.payload)["data"]["points"] for e in regraded] == [6.5]
    assert "<strong>6.5</strong> / 10" in reviewer.get(f"/ui/invitations/{invitation_id}").text
    # a regrade of the same answers keeps the reviewer's points
    with Session(app.state.engine) as session:
        assert app.state.grading.requeue(session, submission_id)
        session.commit()
    assert app.state.grading.grade(submission_id)
    with Session(app.state.engine) as session:
        row = session.get(Submission, submission_id)
        assert row is not None and row.points == 6.5
    assert client.get("/v1/me").json()["problems"][0]["best_points"] == 6.5
    # cleared again: awaiting review
    assert reviewer.post(path, data={"csrf_token": csrf, "points": ""}).status_code == 303
    with Session(app.state.engine) as session:
        row = session.get(Submission, submission_id)
        assert row is not None and row.points == 3.0
    # a choice question has no points to give; a recruiter may not score
    choice = reviewer.post(f"/ui/submissions/{submission_id}/questions/pick-one/score",
                           data={"csrf_token": csrf, "points": "1"})
    assert choice.status_code == 422
    recruiter, recruiter_csrf = staff_client(app, invitation_id, TeamRole.RECRUITER)
    assert recruiter.post(path, data={"csrf_token": recruiter_csrf, "points": "5"}).status_code == 403


def test_the_candidates_own_report_shows_their_answers_and_nothing_hidden(world):
    app, client, invitation_id, _ = finished_with_text(world)
    report = client.get("/take/report")
    if report.status_code != 200:  # the report page takes the cookie; the token link works too
        with Session(app.state.engine) as session:
            invitation = session.get(Invitation, invitation_id)
            assert invitation is not None
        report = client.get(f"/take/{client.headers['Authorization'].split()[1]}/report")
    assert report.status_code == 200, report.text[:300]
    no_hidden_answers(report.text)
    assert "tag-correct" not in report.text and "your choice" in report.text
    assert 'id="questions-tiny-quiz"' in report.text and "awaiting review" in report.text
    # right or wrong per choice question would tell the answers: only the set's total, and text points
    assert "quiz-right" not in report.text and "quiz-wrong" not in report.text and "answered" in report.text


def test_the_analytics_show_each_question_as_a_group_with_how_often_it_was_answered_wrong(world):
    app, client, invitation_id = world
    first = submit(client, {"pick-one": ["right-b"], "pick-many": ["yes-1"]}).json()["id"]
    second = submit(client, {"pick-one": ["right-b"], "pick-many": ["yes-1", "yes-2"]}).json()["id"]
    assert app.state.grading.grade(first) and app.state.grading.grade(second)
    with Session(app.state.engine) as session:
        invitation = session.get(Invitation, invitation_id)
        assert invitation is not None
        assessment = session.get(Assessment, invitation.assessment_id)
        assert assessment is not None
        figures = {g.group: g for g in analytics.compute(session, assessment).groups if g.problem == "tiny-quiz"}
    assert list(figures) == ["pick-one", "pick-many", "explain"]
    assert figures["pick-one"].failure_rate == 0.0 and figures["pick-many"].failure_rate == 0.5


def test_a_reviewer_key_scores_a_free_text_answer_over_rest(world):
    app, _, _, submission_id = finished_with_text(world)
    with Session(app.state.engine) as session:
        _, key = create_key(session, "reviewer", "Review bot")
        session.commit()
    api = TestClient(app)
    api.headers["Authorization"] = f"Bearer {key}"
    path = f"/v1/submissions/{submission_id}/questions/explain/score"
    refused = api.post(path, json={"points": 5.5})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "points"
    scored = api.post(path, json={"points": 5})
    assert scored.status_code == 200, scored.text
    assert scored.json()["points"] == 8.0
    explain = next(t for t in scored.json()["tests"] if t["name"] == "explain")
    assert explain["verdict"] == "AC" and "scored 5/5 by Review bot" in explain["message"]
    assert api.post(path, json={"points": None}).json()["points"] == 3.0
    assert api.post(f"/v1/submissions/{submission_id}/questions/nope/score", json={"points": 1}).status_code == 422


def test_an_assessment_with_a_quiz_moves_to_its_newer_version(tmp_path):
    app = make_app(tmp_path)
    with Session(app.state.engine, expire_on_commit=False) as session:
        problem_service.store(session, quiz_package(), None)
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Quiz and code", problems=["tiny-quiz", "alert-windows"], duration_minutes=60,
            languages=["python3"]), None)
        edited = build_package({"problem.yaml": MANIFEST, "statement.md": b"Answer these, please.",
                                "questions.yaml": QUESTIONS.encode()})
        version, created = problem_service.store(session, edited, None)
        assert created and version.version == 2
        authoring.move(session, assessment, "tiny-quiz", 2)
        session.commit()
        assert [v.version for v in assessment_service.problem_versions(session, assessment.id)
                if v.slug == "tiny-quiz"] == [2]


def test_a_pool_of_question_sets_gives_each_candidate_one_of_them(tmp_path):
    app = make_app(tmp_path)
    with Session(app.state.engine, expire_on_commit=False) as session:
        for slug in ("http-fundamentals", "git-and-unix", "alert-windows"):
            problem_service.store(session, load_package(ROOT / "problems" / slug), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Pooled quiz", problems=["alert-windows", ["http-fundamentals", "git-and-unix"]],
            duration_minutes=60, languages=["python3"]), None)
        tokens = []
        for n in range(4):
            _, token = invitation_service.create(session, InvitationCreate(
                assessment_id=assessment.id, candidate=CandidateIn(name=f"C{n}", email=f"c{n}@example.com"),
                expires_at=utcnow() + timedelta(days=2)), None)
            tokens.append(token)
        session.commit()
    drawn = []
    for token in tokens:
        client = TestClient(app)
        client.headers["Authorization"] = f"Bearer {token}"
        client.post("/v1/me/start", json={"consent": True})
        slugs = [p["slug"] for p in client.get("/v1/me").json()["problems"]]
        assert slugs[0] == "alert-windows" and len(slugs) == 2
        drawn.append(slugs[1])
        other = "git-and-unix" if slugs[1] == "http-fundamentals" else "http-fundamentals"
        assert client.get(f"/v1/me/problems/{other}").status_code == 404
        questions = client.get(f"/v1/me/problems/{slugs[1]}").json()["questions"]
        first = questions[0]
        answer = {first["id"]: [first["options"][0]["id"]]}
        response = client.post("/v1/me/submissions", json={"problem": slugs[1], "language": "answers",
                                                           "files": {"answers.json": json.dumps(answer)}})
        assert response.status_code == 202, response.text
    assert sorted(drawn) == ["git-and-unix", "git-and-unix", "http-fundamentals", "http-fundamentals"]
