"""Issue 23: integrity evidence. Per-assessment settings (REST and the landing page's "What is recorded"),
the recording endpoint (append-only, consent first, basic keeps no code, capped), the facts on both
reports, the AI declaration, and erasure. Off means off: the database is read."""

from __future__ import annotations

import json
import random
import re
import string
import time
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session
from support.analytics_data import console_app, ensure_problems, staff_keys
from support.reviewer_data import make_app, seed

from api.integrity import recording
from api.interviews.models import Interview, InterviewInterviewer, PadUpdate
from api.models import Invitation, utcnow
from api.people.models import User
from api.reviews.models import Review
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import report_links

SLUG = "alert-windows"
REC = f"/v1/me/recording/{SLUG}"


def assessment(app: Any, signals: str, ai: str = "not_allowed") -> str:
    with Session(app.state.engine) as session:
        row = assessment_service.create(session, AssessmentCreate(
            title=f"Integrity {signals}", problems=[SLUG], duration_minutes=60, languages=["python3"],
            integrity_signals=signals, ai_assistance=ai), None)  # type: ignore[arg-type]
        session.commit()
        return row.id


def invite(app: Any, assessment_id: str, *, consent: bool = True, start: bool = True) -> tuple[str, str]:
    with Session(app.state.engine) as session:
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment_id, candidate=CandidateIn(name="Ivy Integrity", email="ivy@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        if start:
            invitation_service.start(session, invitation, consent=consent)
            invitation.started_at = utcnow() - timedelta(minutes=10)  # ten minutes into the assessment
        session.commit()
        return invitation.id, token


def batch(events: list[dict[str, Any]], batch_id: str | None = None) -> dict[str, Any]:
    now = int(time.time() * 1000)
    for index, event in enumerate(events):
        event.setdefault("t", now - 1000 * (len(events) - index))
    return {"batch": batch_id or "".join(random.choices(string.ascii_lowercase, k=12)), "sent_at": now,
            "events": events}


def rows(app: Any, table: str) -> list[Any]:
    with app.state.engine.connect() as connection:
        return list(connection.execute(text(f"SELECT * FROM {table}")))


def test_off_means_off_nothing_beyond_todays_data_is_stored(tmp_path):
    app = make_app(tmp_path)
    seed(app.state.engine)  # an assessment made without the new fields: off, AI not allowed
    assessment_id = assessment(app, "off")
    _, token = invite(app, assessment_id)
    bearer = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        me = client.get("/v1/me", headers=bearer).json()
        assert me["integrity_signals"] == "off" and me["ai_assistance"] == "not_allowed"
        refused = client.post(REC, json=batch([{"k": "p", "n": 40, "o": 1}, {"k": "b"}]), headers=bearer)
        assert refused.status_code == 409 and "records no integrity signals" in refused.json()["detail"]
        assert client.post("/v1/me/finish", json={"ai_tools": "ChatGPT"}, headers=bearer).status_code == 200
    assert rows(app, "recording_batches") == []
    assert rows(app, "ai_declarations") == []
    assert rows(app, "assessment_integrity") == []  # the default is no row at all


def test_the_landing_page_lists_exactly_what_the_setting_records(tmp_path):
    app = make_app(tmp_path)
    seed(app.state.engine)
    pages = {}
    with TestClient(app) as client:
        for signals in ("off", "basic", "full"):
            _, token = invite(app, assessment(app, signals, "allowed" if signals == "full" else "not_allowed"),
                              start=False)
            client.cookies.clear()
            pages[signals] = client.get(f"/take/{token}").text
    assert 'id="integrity-off"' in pages["off"] and "integrity-recorded" not in pages["off"]
    assert pages["basic"].count('class="integrity-recorded"') == 2
    assert "When you paste" in pages["basic"] and "Every edit" not in pages["basic"]
    assert pages["full"].count('class="integrity-recorded"') == 3 and "Every edit of your code" in pages["full"]
    assert "AI assistants are" in pages["full"] and "AI assistants is not allowed" in pages["off"]


def test_the_rest_api_takes_and_shows_the_settings(tmp_path):
    app = make_app(tmp_path)
    data = seed(app.state.engine)
    with TestClient(app) as client:
        made = client.post("/v1/assessments", json={
            "title": "With playback", "problems": [SLUG], "duration_minutes": 30, "languages": ["python3"],
            "integrity_signals": "full", "ai_assistance": "allowed"},
            headers={"Authorization": f"Bearer {data.author_key}"})
        assert made.status_code == 201, made.text
        assert made.json()["integrity_signals"] == "full" and made.json()["ai_assistance"] == "allowed"
        bad = client.post("/v1/assessments", json={
            "title": "x", "problems": [SLUG], "duration_minutes": 30, "integrity_signals": "spy"},
            headers={"Authorization": f"Bearer {data.author_key}"})
        assert bad.status_code == 422


def test_nothing_is_recorded_without_consent(tmp_path):
    app = make_app(tmp_path)
    seed(app.state.engine)
    _, token = invite(app, assessment(app, "full"), consent=False)
    bearer = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        assert client.get("/v1/me", headers=bearer).json()["integrity_signals"] == "off"
        refused = client.post(REC, json=batch([{"k": "b"}]), headers=bearer)
        assert refused.status_code == 409 and "consent" in refused.json()["detail"]
    assert rows(app, "recording_batches") == []


def test_basic_keeps_pastes_and_focus_but_no_code(tmp_path):
    app = make_app(tmp_path)
    seed(app.state.engine)
    invitation_id, token = invite(app, assessment(app, "basic"))
    bearer = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        sent = client.post(REC, json=batch([
            {"k": "o", "l": "python3", "d": "print(1)\n"}, {"k": "c", "l": "python3", "c": [9, [0, "x"]]},
            {"k": "p", "l": "python3", "n": 5, "o": 1, "x": "hello"}, {"k": "b"}, {"k": "f", "d": 4000}]),
            headers=bearer)
        assert sent.status_code == 200 and sent.json() == {"stored": 3, "capped": False}
    with Session(app.state.engine) as session:
        events = recording.events_of(session, invitation_id)[SLUG]
    assert [e["k"] for e in events] == ["p", "b", "f"]
    assert "x" not in events[0] and events[0]["n"] == 5 and events[2]["d"] == 4000


def test_full_recording_facts_on_both_reports_and_erasure(tmp_path):
    app = make_app(tmp_path)
    data = seed(app.state.engine)
    invitation_id, token = invite(app, assessment(app, "full", "allowed"))
    bearer = {"Authorization": f"Bearer {token}"}
    pasted = "def solve(lines):\n    return sorted(set(lines))\n"
    start = "import sys\n"
    now = int(time.time() * 1000)
    with TestClient(app) as client:
        first = batch([
            {"k": "o", "l": "python3", "d": start},
            {"k": "c", "l": "python3", "c": [len(start), [0, "", "x = 1"]]},
            {"k": "p", "l": "python3", "n": len(pasted), "o": 1, "x": pasted},
            {"k": "c", "l": "python3", "c": [len(start) + 6, [0, pasted]]},
            {"k": "p", "l": "python3", "n": 3, "o": 0, "x": "sys"},
            {"k": "h", "t": now - 200_000}, {"k": "v", "d": 90_000, "t": now - 110_000},
            {"k": "b", "t": now - 50_000}, {"k": "f", "d": 30_000, "t": now - 20_000},
        ], "batch-one")
        assert client.post(REC, json=first, headers=bearer).json()["stored"] == 9
        again = client.post(REC, json=first, headers=bearer)  # a retry of the same batch
        assert again.status_code == 200 and again.json()["stored"] == 0
        code = start + "x = 1" + pasted
        assert client.post("/v1/me/submissions", json={"problem": SLUG, "language": "python3", "source": code},
                           headers=bearer).status_code in (200, 202)
        assert client.post("/v1/me/finish", json={"ai_tools": "Copilot for boilerplate"},
                           headers=bearer).status_code == 200
        assert len(rows(app, "recording_batches")) == 1
        reviewer = client.get(f"/v1/invitations/{invitation_id}/report.html",
                              headers={"Authorization": f"Bearer {data.reviewer_key}"})
        assert reviewer.status_code == 200, reviewer.text
        client.cookies.clear()
        candidate = client.get(f"/take/{token}/report")
        assert candidate.status_code == 200, candidate.text
        for page in (reviewer.text, candidate.text):
            assert "of the final code arrived in 1 paste from outside the workspace" in page
            assert "1 paste of text from the workspace" in page
            assert "Away from the workspace 2 times, 2 minutes in all" in page
            assert "Copilot for boilerplate" in page
            assert 'id="player-alert-windows"' in page and 'id="integrity-data"' in page
        share = reviewer.text.split("% of the final code")[0].rsplit(">", 1)[-1].split()[-1]
        assert int(share) == 44  # "return sorted(set(lines))": 25 of the 57 characters on lines
        exported = client.get(f"/v1/invitations/{invitation_id}/personal-data",
                              headers={"Authorization": f"Bearer {data.reviewer_key}"})
        assert exported.status_code == 200, exported.text
        body = exported.json()
        assert body["invitation"]["candidate_name"] == "Ivy Integrity" and body["invitation"]["consented_at"]
        assert [s["files"] for s in body["submissions"]] == [{"main.py": code}]
        assert body["integrity"]["ai_tools_declared"] == "Copilot for boilerplate"
        assert len(body["integrity"]["recording"][SLUG]) == 9 and body["integrity"]["facts"]
        assert client.get(f"/v1/invitations/{invitation_id}/personal-data",
                          headers={"Authorization": f"Bearer {data.author_key}"}).status_code == 403
        assert [r.action for r in rows(app, "audit_log")].count("candidate_data.exported") == 1
        erased = client.delete(f"/v1/invitations/{invitation_id}/personal-data",
                               headers={"Authorization": f"Bearer {data.admin_key}"})
        assert erased.status_code == 200, erased.text
        after = client.get(f"/v1/invitations/{invitation_id}/personal-data",
                           headers={"Authorization": f"Bearer {data.reviewer_key}"}).json()
        assert after["erased_at"] and after["integrity"]["recording"] == {} and after["drafts"] == []
    assert rows(app, "recording_batches") == [] and rows(app, "ai_declarations") == []


def test_past_the_cap_change_sets_give_way_to_snapshots(tmp_path):
    app = make_app(tmp_path, recording_cap_kib=64, drafts_per_minute=1000)
    seed(app.state.engine)
    invitation_id, token = invite(app, assessment(app, "full"))
    bearer = {"Authorization": f"Bearer {token}"}
    noise = random.Random(7)
    with TestClient(app) as client:
        capped = False
        for _ in range(40):
            events = [{"k": "c", "l": "python3", "c": [0, [0, "".join(noise.choices(string.printable, k=60))]]}
                      for _ in range(100)]
            capped = client.post(REC, json=batch(events), headers=bearer).json()["capped"]
            if capped:
                break
        assert capped
        after = client.post(REC, json=batch([{"k": "c", "l": "python3", "c": [0, [0, "y"]]},
                                             {"k": "s", "l": "python3", "d": "snapshot"},
                                             {"k": "p", "l": "python3", "n": 1, "o": 1}]), headers=bearer).json()
        assert after == {"stored": 2, "capped": True}
    with Session(app.state.engine) as session:
        assert recording.stored_bytes(session, invitation_id, SLUG) < 2 * 64 * 1024
        events = recording.events_of(session, invitation_id)[SLUG]
    assert [e["d"] for e in events if e["k"] == "s"] == ["snapshot"]
    assert not [e for e in events if e["k"] == "c" and e["c"] == [0, [0, "y"]]]  # the change set past the cap


def test_the_console_form_sets_the_integrity_settings(tmp_path):
    app = console_app(tmp_path)
    keys = staff_keys(app.state.engine)
    with Session(app.state.engine) as session:
        ensure_problems(session)
    with TestClient(app) as client:
        form = client.get("/ui/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf
        assert client.post("/ui/login", data={"key": keys["reviewer"], "csrf_token": csrf.group(1), "next": "/ui/"},
                           follow_redirects=False).status_code == 303
        form = client.get("/ui/assessments/new").text
        assert 'name="integrity_signals" value="off" checked' in form and 'name="ai_assistance"' in form
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf
        made = client.post("/ui/assessments", data={
            "csrf_token": csrf.group(1), "title": "Watched", "duration": "60", "problems": ["meeting-rooms"],
            "integrity_signals": "basic", "ai_assistance": "allowed"}, follow_redirects=False)
        assert made.status_code == 303, made.text
        assessment_id = made.headers["location"].rsplit("/", 1)[1]
        shown = client.get(f"/v1/assessments/{assessment_id}", headers={"Authorization": f"Bearer {keys['reviewer']}"})
        assert (shown.json()["integrity_signals"], shown.json()["ai_assistance"]) == ("basic", "allowed")
        page = client.get(f"/ui/assessments/{assessment_id}").text
        assert "Integrity signals: basic (pastes, time away); AI assistance allowed" in page
        refused = client.post("/ui/assessments", data={
            "csrf_token": csrf.group(1), "title": "Spying", "duration": "60", "problems": ["meeting-rooms"],
            "integrity_signals": "keystrokes"}, follow_redirects=False)
        assert refused.status_code == 422 and 'value="Spying"' in refused.text
        assert "Choose what is recorded: off, basic or full." in refused.text


def test_the_export_carries_what_staff_wrote_about_the_candidate(tmp_path):
    """Right of access (GDPR Art. 15): opinions about the candidate are theirs too. The export holds the
    comments on their code, every version of every review with its scores, the decisions with their
    reasons and the interviews with the interviewers' notes; the authors by number, never by name."""
    app = make_app(tmp_path)
    data = seed(app.state.engine)
    invitation_id, token = invite(app, assessment(app, "basic"))
    reviewer = {"Authorization": f"Bearer {data.reviewer_key}"}
    with TestClient(app) as client:
        made = client.post("/v1/me/submissions", json={"problem": SLUG, "language": "python3",
                                                       "source": "print('hi')\n"},
                           headers={"Authorization": f"Bearer {token}"})
        assert made.status_code in (200, 202), made.text
        submission_id = made.json()["id"]
        thread = client.post(f"/v1/submissions/{submission_id}/comments",
                             json={"path": "main.py", "line": 1, "body": "Hard-codes the answer."}, headers=reviewer)
        assert thread.status_code == 201, thread.text
        assert client.post(f"/v1/comment-threads/{thread.json()['id']}/replies", json={"body": "Agreed."},
                           headers=reviewer).status_code == 201
        decided = client.post(f"/v1/invitations/{invitation_id}/decision",
                              json={"decision": "hold", "reason": "Wait for the interview"}, headers=reviewer)
        assert decided.status_code == 200, decided.text
        with Session(app.state.engine) as session:
            rita = User(email="rita@example.com", name="Rita Reviewer")
            session.add(rita)
            session.flush()
            for revision, note in ((1, "Solid start."), (2, "Solid start; weak tests.")):
                session.add(Review(invitation_id=invitation_id, user_id=rita.id, revision=revision, note=note,
                                   scores={"correctness": 3, "testing": 2}, recommendation="yes"))
            interview = Interview(invitation_id=invitation_id, starts_at=utcnow(), duration_minutes=45,
                                  problem_slug=SLUG, language="python3", token_hash="h", token_enc="e",
                                  document="print(42)\n", version=1, notes="Talked through the edge cases well.")
            session.add(interview)
            session.flush()
            session.add(InterviewInterviewer(interview_id=interview.id, user_id=rita.id))
            session.add(PadUpdate(interview_id=interview.id, version=1, client_id="c", changes=[0, [0, "print(42)\n"]]))
            session.commit()
        body = client.get(f"/v1/invitations/{invitation_id}/personal-data", headers=reviewer).json()
    about = body["about_the_candidate"]
    assert [s["id"] for s in body["submissions"]] == [submission_id]
    [comment_thread] = about["comments"]
    where = (comment_thread["submission"], comment_thread["file"], comment_thread["line"])
    assert where == (submission_id, "main.py", 1)
    assert [c["text"] for c in comment_thread["comments"]] == ["Hard-codes the answer.", "Agreed."]
    assert [(d["decision"], d["reason"]) for d in about["decisions"]] == [("hold", "Wait for the interview")]
    assert [(r["version"], r["current"], r["note"]) for r in about["reviews"]] == [
        (1, False, "Solid start."), (2, True, "Solid start; weak tests.")]
    assert {"criterion": "Correctness", "score": 3, "of": 4} in about["reviews"][1]["scores"]
    assert about["reviews"][1]["recommendation"] == "Yes"
    [talk] = about["interviews"]
    assert talk["notes"] == "Talked through the edge cases well." and talk["pad"]["text"] == "print(42)\n"
    assert [c["version"] for c in talk["pad"]["changes"]] == [1]
    # the authors by number: the key that commented and decided is one author, the person another
    key_author = comment_thread["comments"][0]["by"]
    assert {c["by"] for c in comment_thread["comments"]} == {key_author} == {about["decisions"][0]["by"]}
    assert about["reviews"][0]["by"] == talk["interviewers"][0] != key_author
    exported = json.dumps(body)
    assert "Rita" not in exported and "rita@example.com" not in exported


def player_data(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="integrity-data">(.*?)</script>', page, re.S)
    assert found, "no player data on the page"
    return json.loads(found.group(1))


def test_a_full_recording_of_edits_alone_gets_its_player(tmp_path):
    """The player is there for a problem whose recording holds only edits (no paste, no time away)."""
    app = make_app(tmp_path)
    data = seed(app.state.engine)
    invitation_id, token = invite(app, assessment(app, "full"))
    with TestClient(app) as client:
        stored = client.post(REC, json=batch([{"k": "o", "l": "python3", "d": ""},
                                              {"k": "c", "l": "python3", "c": [0, [0, "x = 1"]]}]),
                             headers={"Authorization": f"Bearer {token}"})
        assert stored.json()["stored"] == 2
        page = client.get(f"/v1/invitations/{invitation_id}/report.html",
                          headers={"Authorization": f"Bearer {data.reviewer_key}"}).text
    assert 'id="player-alert-windows"' in page and "1 edits recorded for playback" in page
    assert [p["slug"] for p in player_data(page)["problems"]] == [SLUG]


def test_malformed_events_are_cleaned_and_the_reports_still_render(tmp_path):
    """What the candidate's browser sends is typed before it is kept: a value of the wrong type is dropped
    (an event without what it is about goes), a moment in the future is now, a clock of Infinity is
    refused; the reports read what they expect."""
    app = make_app(tmp_path)
    data = seed(app.state.engine)
    invitation_id, token = invite(app, assessment(app, "full"))
    bearer = {"Authorization": f"Bearer {token}"}
    now = int(time.time() * 1000)
    with TestClient(app) as client:
        sent = client.post(REC, json=batch([
            {"k": "p", "l": {"no": 1}, "n": "many", "o": "yes", "x": 5},
            {"k": "p", "l": "python3", "n": 12, "o": True, "x": "print('hi')\n"},
            {"k": "f", "d": "a long time"}, {"k": "v", "d": -5}, {"k": "f", "d": True},
            {"k": "c", "l": "python3", "c": "not a change set"}, {"k": "o", "l": "python3"},
            {"k": "b", "t": True}, {"k": "h", "t": now + 3_600_000},
        ]), headers=bearer)
        assert sent.json()["stored"] == 6, sent.text
        infinite = client.post(REC, content='{"batch": "inf", "sent_at": Infinity, "events": []}',
                               headers={**bearer, "Content-Type": "application/json"})
        assert infinite.status_code == 422
        reviewer = client.get(f"/v1/invitations/{invitation_id}/report.html",
                              headers={"Authorization": f"Bearer {data.reviewer_key}"})
        assert reviewer.status_code == 200, reviewer.text
        assert "1 paste from outside the workspace" in reviewer.text and "1 paste of text from the" in reviewer.text
    with Session(app.state.engine) as session:
        events = recording.events_of(session, invitation_id)[SLUG]
    pastes = [e for e in events if e["k"] == "p"]
    assert pastes[0] == {"t": events[0]["t"], "k": "p"} and pastes[1]["o"] == 1  # the first: every field dropped
    assert [e for e in events if e["k"] in ("f", "v")] == [
        {"t": events[2]["t"], "k": "f"}, {"t": events[3]["t"], "k": "v"}, {"t": events[4]["t"], "k": "f"}]
    assert {e["k"] for e in events} == {"p", "f", "v", "h"}
    assert max(e["t"] for e in events) <= 10 * 60 * 1000 + 5000  # ten minutes in: never later than now


def test_past_the_cap_runs_and_submissions_anchor_the_playback(tmp_path):
    """Past the cap the recording keeps a snapshot a minute at most (past twice the cap no code): the code
    of each run and submission, and the last draft, go into the playback at their moments, so the player
    shows what was submitted and left, not the last snapshot. The report opened by the ATS's rpt_ key shows
    the facts, no code."""
    app = make_app(tmp_path, recording_cap_kib=64, drafts_per_minute=1000)
    data = seed(app.state.engine)
    invitation_id, token = invite(app, assessment(app, "full"))
    bearer = {"Authorization": f"Bearer {token}"}
    noise = random.Random(11)
    code = "print(sum(map(int, open(0).read().split())))\n"
    with TestClient(app) as client:
        assert client.post(REC, json=batch([{"k": "o", "l": "python3", "d": ""},
                                            {"k": "p", "l": "python3", "n": 21, "o": 1, "x": "PASTED_FROM_ELSEWHERE"}]),
                           headers=bearer).status_code == 200
        early = client.post("/v1/me/runs", json={"problem": SLUG, "language": "python3", "source": "early"},
                            headers=bearer)  # before the cap: change sets follow it, so it anchors nothing
        assert early.status_code == 202, early.text
        for _ in range(40):
            events = [{"k": "c", "l": "python3", "c": [0, [0, "".join(noise.choices(string.printable, k=60))]]}
                      for _ in range(100)]
            if client.post(REC, json=batch(events), headers=bearer).json()["capped"]:
                break
        for _ in range(40):  # past twice the cap: no code at all
            events = [{"k": "s", "l": "python3", "d": "".join(noise.choices(string.printable, k=20000))}]
            client.post(REC, json=batch(events), headers=bearer)
            with Session(app.state.engine) as session:
                if recording.stored_bytes(session, invitation_id, SLUG) >= 2 * 64 * 1024:
                    break
        else:
            raise AssertionError("the recording did not reach twice the cap")
        made = client.post("/v1/me/submissions", json={"problem": SLUG, "language": "python3", "source": code},
                           headers=bearer)
        assert made.status_code in (200, 202), made.text
        left = client.put(f"/v1/me/drafts/{SLUG}/python3", json={"source": code + "# left unsubmitted\n"},
                          headers=bearer)  # the last autosave: the end of the playback
        assert left.status_code == 200, left.text
        assert client.post("/v1/me/finish", json={}, headers=bearer).status_code == 200
        page = client.get(f"/v1/invitations/{invitation_id}/report.html",
                          headers={"Authorization": f"Bearer {data.reviewer_key}"}).text
        [problem] = player_data(page)["problems"]
        [run, submission] = problem["marks"]
        assert run["kind"] == "run" and submission["kind"] == "submission"
        anchors = [e for e in problem["events"] if e.get("r")]
        assert anchors[0] == {"t": submission["t"], "k": "s", "l": "python3", "d": code, "r": 1}
        assert [a["d"] for a in anchors] == [code, code + "# left unsubmitted\n"] and anchors[1]["t"] >= submission["t"]
        assert problem["capped"] and "reached its size limit" in page
        own = client.get(f"/take/{token}/report")
        assert 'id="integrity-data"' in own.text and "reached its size limit" in own.text
        client.cookies.clear()
        with Session(app.state.engine) as session:
            row = session.get(Invitation, invitation_id)
            assert row is not None
            link = report_links.link(session, row, "http://testserver")
            session.commit()
        by_key = client.get(link.removeprefix("http://testserver"))
        assert by_key.status_code == 200, by_key.text
        assert "1 paste from outside the workspace" in by_key.text and 'id="integrity-no-playback"' in by_key.text
        assert 'id="integrity-data"' not in by_key.text and code not in by_key.text
        assert "PASTED_FROM_ELSEWHERE" not in by_key.text
