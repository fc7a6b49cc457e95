"""Hiring analytics (issue 15): the SQL figures against a Python recomputation on generated data (SQLite
and a real PostgreSQL), the JSON and CSV API, the percentile on the report, the candidate's transparency
report (and its link in invitation.completed), anonymised review (no name in any page or JSON a reviewer
reads until a decision; the reveal is audited)."""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.analytics_data import console_app, ensure_problems, generate, invite_started, staff_keys, submit_graded
from support.reviewer_data import FIXTURES, graded_result

from api.analytics_models import SubmissionGroup
from api.audit import AuditEvent
from api.models import Assessment, Invitation, Submission, utcnow
from api.services import analytics
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.webhooks.models import WebhookEvent


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def login(client: TestClient, key: str) -> None:
    form = client.get("/ui/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token, form
    answer = client.post("/ui/login", data={"key": key, "csrf_token": token.group(1), "next": "/ui/"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text


# ---------------------------------------------------------------------- a recomputation in plain Python


def recompute(session: Session, assessment_id: str) -> dict[str, Any]:
    now = utcnow()
    invitations = session.exec(select(Invitation).where(Invitation.assessment_id == assessment_id)).all()
    states = {i.id: invitation_service.state(i, now) for i in invitations}
    versions = analytics.problem_maxima(session, assessment_id)
    version_ids = {v.id for v, _ in versions}
    subs = [s for s in session.exec(select(Submission).where(
        Submission.invitation_id.in_([i.id for i in invitations]))).all()  # type: ignore[attr-defined]
        if s.kind == "submission" and s.problem_version_id in version_ids]
    best: dict[tuple[str, int], float] = {}
    for s in subs:
        if s.status == "graded" and s.points is not None:
            key = (s.invitation_id, s.problem_version_id)
            best[key] = max(best.get(key, float("-inf")), s.points)
    finished = [i for i in invitations if states[i.id] == "completed"]
    totals = {i.id: sum(p for (inv, _), p in best.items() if inv == i.id) for i in finished}
    max_total = sum(m for _, m in versions)
    edges = [max_total * k / 10 for k in range(11)]
    histogram = [0] * 10
    for value in totals.values():
        histogram[max([k for k in range(10) if value >= edges[k]] or [0])] += 1
    cuts = statistics.quantiles(sorted(totals.values()), n=100, method="inclusive") if len(totals) > 1 else []
    started = [i for i in invitations if i.started_at is not None]
    per_problem = {}
    for version, max_points in versions:
        mine = [s for s in subs if s.problem_version_id == version.id]
        by_inv = {i.id: i for i in invitations}
        first_ac: dict[str, float] = {}
        for s in mine:
            inv = by_inv[s.invitation_id]
            if s.status == "graded" and s.verdict == "AC" and inv.started_at is not None:
                seconds = (s.created_at - inv.started_at).total_seconds()
                first_ac[s.invitation_id] = min(first_ac.get(s.invitation_id, seconds), seconds)
        languages: dict[str, set[str]] = defaultdict(set)
        for s in mine:
            languages[s.language].add(s.invitation_id)
        per_problem[version.slug] = {
            "attempted": len({s.invitation_id for s in mine}),
            "full_solves": sum(1 for (inv, vid), p in best.items() if vid == version.id and p >= max_points),
            "median_seconds_to_first_ac": statistics.median(first_ac.values()) if first_ac else None,
            "languages": {lang: len(ids) for lang, ids in languages.items()},
        }
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    slugs = {v.id: v.slug for v, _ in versions}
    for s in subs:
        if s.status != "graded":
            continue
        for g in (s.result or {}).get("groups", []):
            if g["name"] == "sample":
                continue
            item = groups.setdefault((slugs[s.problem_version_id], g["name"]),
                                     {"graded": 0, "failed": 0, "tried": set(), "passed": set()})
            item["graded"] += 1
            item["tried"].add(s.invitation_id)
            if g["verdict"] == "AC":
                item["passed"].add(s.invitation_id)
            else:
                item["failed"] += 1
    return {
        "funnel": {
            "invited": len(invitations), "started": len(started), "finished": len(finished),
            "expired": sum(1 for i in invitations if states[i.id] == "expired"),
            "revoked": sum(1 for i in invitations if states[i.id] == "revoked"),
            "in_progress": sum(1 for i in invitations if states[i.id] == "started"),
            "median_invite_to_start_seconds": statistics.median(
                (i.started_at - i.created_at).total_seconds() for i in started),
            "median_start_to_finish_seconds": statistics.median(
                ((i.finished_at or i.deadline_at) - i.started_at).total_seconds() for i in finished
                if i.started_at is not None),
        },
        "totals": totals, "histogram": histogram, "mean": statistics.fmean(totals.values()),
        "percentiles": {p: cuts[p - 1] for p in analytics.PERCENTILES},
        "problems": per_problem, "groups": groups,
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_app(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    overrides: dict[str, Any] = {}
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres")
        overrides["database_url"] = server.create_database(at_head=True)
    app = console_app(tmp_path, **overrides)
    yield app
    app.state.engine.dispose()


def test_sql_figures_match_a_python_recomputation(engine_app: Any) -> None:
    engine = engine_app.state.engine
    generated = generate(engine, invitations=400, submissions=1600, seed=11)
    with Session(engine) as session:
        assessment = session.get(Assessment, generated.assessment_id)
        assert assessment is not None
        data = analytics.compute(session, assessment).model_dump()
        expected = recompute(session, generated.assessment_id)
        # the lazy index wrote one row per group of each graded submission (or one "" row)
        indexed = session.exec(select(SubmissionGroup.submission_id).distinct()).all()
        assert len(indexed) == generated.submissions

    funnel = data["funnel"]
    for key in ("invited", "started", "finished", "expired", "revoked", "in_progress"):
        assert funnel[key] == expected["funnel"][key], key
    assert funnel["invited"] == 400 and funnel["finished"] > 200 and funnel["expired"] > 20
    for key in ("median_invite_to_start_seconds", "median_start_to_finish_seconds"):
        assert funnel[key] == pytest.approx(expected["funnel"][key], abs=0.01), key

    scores = data["scores"]
    assert scores["finished"] == len(expected["totals"])
    assert [b["count"] for b in scores["histogram"]] == expected["histogram"]
    assert sum(expected["histogram"]) == scores["finished"]
    assert scores["mean"] == pytest.approx(expected["mean"])
    for p in analytics.PERCENTILES:
        assert scores["percentiles"][str(p)] == pytest.approx(expected["percentiles"][p]), p

    for problem in data["problems"]:
        mine = expected["problems"][problem["slug"]]
        assert problem["attempted"] == mine["attempted"]
        assert problem["full_solves"] == mine["full_solves"]
        assert problem["attempt_rate"] == pytest.approx(mine["attempted"] / funnel["started"])
        assert problem["median_seconds_to_first_ac"] == pytest.approx(mine["median_seconds_to_first_ac"], abs=0.01)
        assert {x["language"]: x["candidates"] for x in problem["languages"]} == mine["languages"]
        assert 0 < problem["full_solves"] < problem["attempted"]

    assert {(g["problem"], g["group"]) for g in data["groups"]} == set(expected["groups"])
    for group in data["groups"]:
        mine = expected["groups"][(group["problem"], group["group"])]
        assert group["graded_submissions"] == mine["graded"]
        assert group["failed_submissions"] == mine["failed"]
        assert group["candidates"] == len(mine["tried"])
        assert group["candidates_never_passed"] == len(mine["tried"] - mine["passed"])
        assert 0 < group["failure_rate"] < 1

    # a candidate's percentile rank: share below plus half the ties
    with Session(engine) as session:
        totals = expected["totals"]
        some = sorted(totals)[:25]
        for invitation_id in some:
            invitation = session.get(Invitation, invitation_id)
            assert invitation is not None
            rank = analytics.percentile_rank(session, invitation)
            assert rank is not None
            below = sum(1 for v in totals.values() if v < totals[invitation_id])
            same = sum(1 for v in totals.values() if v == totals[invitation_id])
            assert rank.percentile == pytest.approx(round(100 * (below + same / 2) / len(totals), 1))


def test_regrade_replaces_group_rows_and_compile_errors_are_marked(tmp_path: Path) -> None:
    from api.services import group_results

    app = console_app(tmp_path)
    generated = generate(app.state.engine, invitations=6, submissions=12, seed=3)
    with Session(app.state.engine) as session:
        submission = session.exec(select(Submission).where(Submission.kind == "submission")).first()
        assert submission is not None
        version = problem_service.get_version(session, "meeting-rooms", None)
        submission.problem_version_id = version.id  # type: ignore[assignment]
        submission.result = graded_result(problem_service.package_of(version), {"large": "WA"})
        group_results.store(session, submission)
        session.commit()
        rows = {r.group_name: r.passed for r in session.exec(
            select(SubmissionGroup).where(SubmissionGroup.submission_id == submission.id)).all()}
        assert rows == {"sample": True, "small": True, "medium": True, "large": False}
        submission.result = graded_result(problem_service.package_of(version), compile_message="nope")
        group_results.store(session, submission)
        session.commit()
        rows = {r.group_name: r.passed for r in session.exec(
            select(SubmissionGroup).where(SubmissionGroup.submission_id == submission.id)).all()}
        assert rows == {"": False}
    assert generated.submissions


def test_json_and_csv_api(tmp_path: Path) -> None:
    app = console_app(tmp_path)
    k = staff_keys(app.state.engine)
    generated = generate(app.state.engine, invitations=60, submissions=200, seed=5)
    with TestClient(app) as client:
        answer = client.get(f"/v1/assessments/{generated.assessment_id}/analytics", headers=bearer(k["reviewer"]))
        assert answer.status_code == 200, answer.text
        data = answer.json()
        assert data["funnel"]["invited"] == 60
        assert [g["group"] for g in data["groups"] if g["problem"] == "meeting-rooms"] == ["small", "medium", "large"]
        assert client.get(f"/v1/assessments/{generated.assessment_id}/analytics",
                          headers=bearer(k["author"])).status_code == 403
        assert client.get("/v1/assessments/nope/analytics", headers=bearer(k["reviewer"])).status_code == 404
        exported = client.get(f"/v1/assessments/{generated.assessment_id}/analytics.csv", headers=bearer(k["reviewer"]))
        assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        figures = {(r["section"], r["problem"], r["group"], r["metric"]): r["value"] for r in rows}
        assert figures[("funnel", "", "", "invited")] == "60"
        assert figures[("funnel", "", "", "finished")] == str(data["funnel"]["finished"])
        assert figures[("group", "meeting-rooms", "large", "failed_submissions")] == str(
            next(g for g in data["groups"] if g["group"] == "large")["failed_submissions"])
        # the console page and its CSV (session cookie)
        login(client, k["reviewer"])
        page = client.get(f"/ui/assessments/{generated.assessment_id}/analytics")
        assert page.status_code == 200
        assert page.text.count('src="data:image/svg+xml;base64,') == 4  # funnel, scores, problems, groups
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert 'data-key="invited">60<' in page.text
        assert client.get(f"/ui/assessments/{generated.assessment_id}/analytics.csv").text == exported.text
        assert f'href="/ui/assessments/{generated.assessment_id}/analytics"' in client.get(
            f"/ui/assessments/{generated.assessment_id}").text


def test_candidate_report_and_the_completed_webhook(tmp_path: Path) -> None:
    app = console_app(tmp_path, retention_days=180, similarity_threshold=0.7)
    engine = app.state.engine
    k = staff_keys(engine)
    generated = generate(engine, invitations=3, submissions=0, seed=1)
    invitation_id, token = invite_started(engine, generated.assessment_id, "Zed Candidate", "zed@example.com",
                                   minutes_ago=30, used=None)
    submit_graded(engine, invitation_id, "meeting-rooms", "print(1)\n", {"large": "WA"})
    with TestClient(app) as client:
        early = client.get(f"/take/{token}/report", follow_redirects=False)
        assert early.status_code == 303 and early.headers["location"] == "/take/report"  # the token: a cookie
        early = client.get("/take/report", follow_redirects=False)
        assert early.status_code == 303 and early.headers["location"] == "/take/"  # not finished yet
        assert client.post(f"/take/{token}/finish", follow_redirects=False).status_code == 303
        summary = client.get(f"/take/{token}").text
        assert 'href="/take/report"' in summary and token not in summary
        html = client.get(f"/take/{token}/report")
        assert html.status_code == 200
        assert html.headers["referrer-policy"] == "no-referrer"
        text = html.text
        for group in ("small", "medium", "large", "main"):
            assert f"<strong>{group}</strong>" in text
        assert "needs small, medium passed first" in text
        assert "70 %" in text  # the similarity threshold
        with Session(engine) as session:
            invitation = session.get(Invitation, invitation_id)
            assert invitation is not None
            erase_on = (invitation.created_at + timedelta(days=180)).strftime("%Y-%m-%d")
            assert erase_on in text
            # nothing hidden: no hidden test's input or answer, no grader message
            for slug in ("meeting-rooms", "alert-windows"):
                package = problem_service.package_of(problem_service.get_version(session, slug, None))
                for cases in package.groups.values():
                    for case in cases:
                        for blob in (case.input, case.answer):
                            snippet = blob.decode(errors="replace").strip()
                            if len(snippet) >= 12:
                                assert snippet[:40] not in text
            assert "expected 3, got 4" not in text and "wrong answer on line 1" not in text
            assert "Zed Candidate" not in text and "zed@example.com" not in text
            # invitation.completed carries the read-only report link
            event = session.exec(select(WebhookEvent).where(WebhookEvent.invitation_id == invitation_id,
                                                            WebhookEvent.type == "invitation.completed")).one()
        url = json.loads(event.payload)["data"]["candidate_report_url"]
        assert re.fullmatch(r"http://127\.0\.0\.1:8000/take/rpt_[A-Za-z0-9_\-]+/report", url), url
        shared = client.get(url.removeprefix("http://127.0.0.1:8000"))
        assert shared.status_code == 200 and "<strong>large</strong>" in shared.text
        assert "Back to your summary" not in shared.text  # the shared link cannot reach the candidate's pages
        assert client.get("/take/rpt_nothing/report").status_code == 404
        # the report of a finished candidate shows the percentile (JSON and page)
        report = client.get(f"/v1/invitations/{invitation_id}/report", headers=bearer(k["reviewer"])).json()
        assert report["percentile"]["finished"] >= 1
        login(client, k["reviewer"])
        assert 'id="percentile"' in client.get(f"/ui/invitations/{invitation_id}").text


def test_anonymised_review_leaks_no_name_until_a_decision(tmp_path: Path) -> None:
    app = console_app(tmp_path)
    engine = app.state.engine
    k = staff_keys(engine)
    with Session(engine) as session:
        ensure_problems(session)
    people = {"ada": ("Ada Lovelace", "ada@example.com", "gh-app-1001"),
              "bob": ("Bob Copier", "bob@example.com", "gh-app-1002"),
              "cleo": ("Cleo Open", "cleo@example.com", None)}
    secrets_ = [s for person in people.values() for s in person if s] + ["Lovelace", "Copier"]
    with TestClient(app) as client:
        created = client.post("/v1/assessments", headers=bearer(k["author"]), json={
            "title": "Blind screening", "problems": ["alert-windows", "meeting-rooms"], "duration_minutes": 90,
            "languages": ["python3"], "anonymised": True})
        assert created.status_code == 201 and created.json()["anonymised"] is True
        assessment_id = created.json()["id"]
        ids = {}
        for label, (name, email, external) in people.items():
            answer = client.post("/v1/invitations", headers=bearer(k["reviewer"]), json={
                "assessment_id": assessment_id, "candidate": {"name": name, "email": email},
                "external_id": external})
            assert answer.status_code == 201
            assert answer.json()["candidate"]["name"] == name  # whoever typed it sees it once
            ids[label] = answer.json()["id"]
        for label in ids:
            with Session(engine) as session:
                invitation = session.get(Invitation, ids[label])
                assert invitation is not None
                invitation.started_at = utcnow() - timedelta(minutes=80)
                invitation.deadline_at = invitation.started_at + timedelta(minutes=90)
                invitation.finished_at = invitation.started_at + timedelta(minutes=40)
                session.add(invitation)
                session.commit()
        aw = (FIXTURES / "alert-windows").joinpath
        subs = {"ada": submit_graded(engine, ids["ada"], "alert-windows", aw("dict_window.py").read_text()),
                "bob": submit_graded(engine, ids["bob"], "alert-windows", aw("dict_window_copy.py").read_text()),
                "cleo": submit_graded(engine, ids["cleo"], "alert-windows", aw("last_seen.py").read_text())}

        def reviewer_reads(client: TestClient) -> dict[str, str]:
            h = bearer(k["reviewer"])
            bodies = {
                "list": client.get(f"/v1/invitations?assessment_id={assessment_id}", headers=h).text,
                "assessment invitations": client.get(f"/v1/assessments/{assessment_id}/invitations", headers=h).text,
                "analytics": client.get(f"/v1/assessments/{assessment_id}/analytics", headers=h).text,
                "csv": client.get(f"/v1/assessments/{assessment_id}/analytics.csv", headers=h).text,
                "index page": client.get(f"/ui/assessments/{assessment_id}").text,
                "analytics page": client.get(f"/ui/assessments/{assessment_id}/analytics").text,
                "home": client.get("/ui/").text,
            }
            for label, invitation_id in ids.items():
                bodies[f"{label} json"] = client.get(f"/v1/invitations/{invitation_id}", headers=h).text
                bodies[f"{label} report"] = client.get(f"/v1/invitations/{invitation_id}/report", headers=h).text
                bodies[f"{label} report.html"] = client.get(f"/v1/invitations/{invitation_id}/report.html",
                                                            headers=h).text
                bodies[f"{label} page"] = client.get(f"/ui/invitations/{invitation_id}").text
                bodies[f"{label} submission"] = client.get(f"/v1/submissions/{subs[label]}", headers=h).text
                bodies[f"{label} decision"] = client.get(f"/v1/invitations/{invitation_id}/decision", headers=h).text
            return bodies

        login(client, k["reviewer"])
        bodies = reviewer_reads(client)
        assert "Candidate #1" in bodies["index page"] and "Candidate #3" in bodies["list"]
        assert "similar to" in bodies["ada page"] and "Candidate #2" in bodies["ada page"]  # the flag names a number
        for where, body in bodies.items():
            for secret in secrets_:
                assert secret not in body, f"{secret!r} leaks in {where}"

        # the ATS keeps the names it gave
        assert client.get(f"/v1/invitations/{ids['ada']}", headers=bearer(k["ats"])).json()["candidate"]["name"] == \
            "Ada Lovelace"

        # a decision on Ada (in the console) reveals her name, audited; Bob and Cleo stay numbers
        page = client.get(f"/ui/invitations/{ids['ada']}").text
        token = re.search(r'id="decision-form">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page)
        assert token, page
        assert client.post(f"/ui/invitations/{ids['ada']}/decision", data={
            "csrf_token": "forged", "decision": "advance"}).status_code == 403
        answer = client.post(f"/ui/invitations/{ids['ada']}/decision", data={
            "csrf_token": token.group(1), "decision": "advance", "note": "strong sliding window"},
            follow_redirects=False)
        assert answer.status_code == 303
        bodies = reviewer_reads(client)
        assert "Ada Lovelace" in bodies["ada page"] and "ada@example.com" in bodies["ada json"]
        assert "advance" in bodies["ada page"] and "strong sliding window" in bodies["ada decision"]
        for where, body in bodies.items():
            for secret in secrets_:
                if "Ada" in secret or "ada@" in secret or "Lovelace" in secret or "1001" in secret:
                    continue
                assert secret not in body, f"{secret!r} leaks in {where} after Ada's decision"
        # REST decision on Bob
        decided = client.post(f"/v1/invitations/{ids['bob']}/decision", headers=bearer(k["reviewer"]),
                              json={"decision": "reject", "note": "copied"})
        assert decided.status_code == 200 and decided.json()["invitation"]["candidate"]["name"] == "Bob Copier"
        assert client.post(f"/v1/invitations/{ids['bob']}/decision", headers=bearer(k["reviewer"]),
                           json={"decision": "maybe", "reason": "x"}).status_code == 422
        no_reason = client.post(f"/v1/invitations/{ids['bob']}/decision", headers=bearer(k["reviewer"]),
                                json={"decision": "hold"})  # issue 21: a decision needs a reason
        assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action.in_(  # type: ignore[attr-defined]
            ("invitation.decided", "candidate.revealed")))).all()
        seen = Counter((e.action, e.target_id) for e in events)
        assert seen == {("invitation.decided", ids["ada"]): 1, ("candidate.revealed", ids["ada"]): 1,
                        ("invitation.decided", ids["bob"]): 1, ("candidate.revealed", ids["bob"]): 1}
        revealed = next(e for e in events if e.action == "candidate.revealed" and e.target_id == ids["ada"])
        assert revealed.detail["candidate_number"] == 1 and revealed.detail["decision"] == "advance"
        assert "Ada" not in json.dumps(revealed.detail)


def test_console_creates_an_anonymised_assessment(tmp_path: Path) -> None:
    app = console_app(tmp_path)
    k = staff_keys(app.state.engine)
    with Session(app.state.engine) as session:
        ensure_problems(session)
    with TestClient(app) as client:
        login(client, k["reviewer"])
        form = client.get("/ui/assessments/new").text
        assert 'name="anonymised"' in form
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token
        answer = client.post("/ui/assessments", data={
            "csrf_token": token.group(1), "title": "Blind", "duration": "60", "problems": ["meeting-rooms"],
            "anonymised": "yes"}, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        assessment_id = answer.headers["location"].rsplit("/", 1)[1]
        shown = client.get(f"/v1/assessments/{assessment_id}", headers=bearer(k["reviewer"])).json()
        assert shown["anonymised"] is True
        assert 'id="anonymised"' in client.get(f"/ui/assessments/{assessment_id}").text
        plain = client.post("/ui/assessments", data={
            "csrf_token": token.group(1), "title": "Open", "duration": "60", "problems": ["meeting-rooms"]},
            follow_redirects=False)
        other = plain.headers["location"].rsplit("/", 1)[1]
        assert client.get(f"/v1/assessments/{other}", headers=bearer(k["reviewer"])).json()["anonymised"] is False


def test_a_problem_title_with_invalid_tex_is_shown_as_written(tmp_path: Path) -> None:
    """Issue 22, item 9: matplotlib read ``$...$`` in a chart label as TeX, and the page answered 500."""
    app = console_app(tmp_path)
    k = staff_keys(app.state.engine)
    generated = generate(app.state.engine, invitations=12, submissions=30, seed=3)
    title = "Broken $\\notacommand$"
    with Session(app.state.engine) as session:
        version = problem_service.get_version(session, "meeting-rooms", None)
        version.title = title
        session.add(version)
        session.commit()
    with TestClient(app) as client:
        login(client, k["reviewer"])
        page = client.get(f"/ui/assessments/{generated.assessment_id}/analytics")
        assert page.status_code == 200, page.text[-2000:]
        assert page.text.count('src="data:image/svg+xml;base64,') == 4
        assert "Broken $\\notacommand$" in page.text  # in the figures' table beside the chart
