"""Interviews through the app (TestClient against create_app, no Docker): a reviewer schedules one from
the console; the candidate's link refuses before and after its window with a page that says why; the
pad's sockets converge, resume after a reconnect, keep the interviewers' notes off the candidate's
socket, refuse bad input while working on for the others, and keep what was acknowledged across a
restart of the app."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect
from support.net import wait_for
from support.reviewer_data import FIXTURES, make_app, seed
from support.smtp import SmtpServer

from api.console import session as web_session
from api.interviews import pages as pad_pages
from api.interviews.models import Interview
from api.models import Assessment, Submission, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole, User

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LINK = re.compile(r'id="pad-link" class="link-field" readonly value="https://assay\.example/interview/(itv_[^"]+)"')
ORIGIN = {"origin": "http://testserver"}


@dataclass
class World:
    app: Any
    ids: dict[str, str]

    def client(self, who: str | None) -> TestClient:
        client = TestClient(self.app, base_url="http://testserver", follow_redirects=False)
        if who is not None:
            with Session(self.app.state.engine) as session:
                user = session.get(User, self.ids[who])
                assert user is not None
                _, token = sessions.start(session, user, hours=8)
                session.commit()
            client.cookies.set(web_session.cookie_name(self.app.state.settings), token)
        return client

    @contextlib.contextmanager
    def clients(self, *who: str | None) -> Iterator[list[TestClient]]:
        """Clients of several people on one event loop, as under uvicorn. Each TestClient entered on its
        own runs the app in an event loop of its own: the pad's hub (one per app) then had its locks and
        futures shared by two loops, and a socket waiting on a lock another loop released was never woken
        (a hang seen about one run in three of test-fast)."""
        first, *others = [self.client(person) for person in who]
        with first:
            for other in others:
                other.portal = first.portal  # requests and sockets of the others go through the first's loop
            yield [first, *others]

    def move(self, interview_id: str, starts_in: timedelta) -> None:
        with Session(self.app.state.engine) as session:
            interview = session.get(Interview, interview_id)
            assert interview is not None
            interview.starts_at = utcnow() + starts_in
            session.add(interview)
            session.commit()


def build(tmp_path: Any, **settings: Any) -> World:
    app = make_app(tmp_path, public_url="https://assay.example", webhook_worker=False,
                   session_cookie_secure=False, **settings)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        rita = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        otto = users.create(session, email="otto@acme.example", name="Otto Outsider")
        team = teams.create(session, "Backend")
        teams.set_member(session, team, rita, TeamRole.REVIEWER)
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = team.id
        session.add(assessment)
        session.commit()
        ids = {"rita": rita.id, "otto": otto.id, "ada": data.invitations["ada"]}
    return World(app, ids)


@pytest.fixture
def world(tmp_path) -> World:
    return build(tmp_path)


def schedule(world: World, client: TestClient, **fields: Any) -> tuple[str, str]:
    form = client.get(f"/ui/invitations/{world.ids['ada']}/interviews/new")
    assert form.status_code == 200, form.text
    token = CSRF.search(form.text)
    assert token
    body = {"csrf_token": token.group(1), "starts_at": (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60", "interviewers": [world.ids["rita"]], "problem": "alert-windows",
            "language": "", "video_url": "https://meet.jit.si/assay-ada", **fields}
    answer = client.post(f"/ui/invitations/{world.ids['ada']}/interviews", data=body)
    assert answer.status_code == 303, answer.text
    interview_id = answer.headers["location"].split("/")[3].split("?")[0]
    page = client.get(f"/ui/interviews/{interview_id}")
    link = LINK.search(page.text)
    assert link, page.text
    return interview_id, link.group(1)


def receive_until(ws: WebSocketTestSession, kind: str, seen: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    while True:
        message = json.loads(ws.receive_text())
        if seen is not None:
            seen.append(message)
        if message["type"] == kind:
            return message
        assert message["type"] != "error" or seen is not None, message  # an unexpected refusal, not a hang


def push(ws: WebSocketTestSession, version: int, client_id: str, changes: list[Any]) -> None:
    ws.send_text(json.dumps({"type": "push", "version": version,
                             "updates": [{"clientID": client_id, "changes": changes}]}))


def test_a_reviewer_schedules_an_interview_and_the_pad_starts_from_the_final_screening_code(world):
    rita = world.client("rita")
    report = rita.get(f"/ui/invitations/{world.ids['ada']}")
    assert 'id="schedule-interview"' in report.text
    interview_id, _ = schedule(world, rita)
    report = rita.get(f"/ui/invitations/{world.ids['ada']}")
    assert f"/ui/interviews/{interview_id}" in report.text
    with Session(world.app.state.engine) as session:
        interview = session.get(Interview, interview_id)
        assert interview is not None
        final = (FIXTURES / "alert-windows" / "dict_window.py").read_text()
        assert interview.document == final and interview.language == "python3"
        assert interview.video_url == "https://meet.jit.si/assay-ada"


def test_the_form_refuses_a_stranger_as_interviewer_and_a_bad_video_link_and_keeps_what_was_typed(world):
    rita = world.client("rita")
    form = rita.get(f"/ui/invitations/{world.ids['ada']}/interviews/new")
    token = CSRF.search(form.text)
    assert token
    answer = rita.post(f"/ui/invitations/{world.ids['ada']}/interviews", data={
        "csrf_token": token.group(1), "starts_at": (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60", "interviewers": [world.ids["otto"]], "problem": "", "language": "",
        "video_url": "javascript:alert(1)"})
    assert answer.status_code == 422
    assert "every interviewer must be a member of the team" in answer.text
    assert "http(s) URL" in answer.text
    assert 'value="javascript:alert(1)"' in answer.text


def test_a_person_outside_the_team_cannot_schedule_or_open_the_pad(world):
    interview_id, _ = schedule(world, world.client("rita"))
    otto = world.client("otto")
    assert otto.get(f"/ui/invitations/{world.ids['ada']}/interviews/new").status_code == 404
    assert otto.get(f"/ui/interviews/{interview_id}/pad").status_code == 404


def test_the_candidate_link_opens_15_minutes_before_and_closes_after_the_end(world, monkeypatch):
    monkeypatch.setattr(pad_pages, "bundle_url", lambda: "/take/static/dist/pad-TEST1234.js")
    interview_id, token = schedule(world, world.client("rita"))
    candidate = world.client(None)
    early = candidate.get(f"/interview/{token}")
    assert early.status_code == 403 and "has not opened yet" in early.text and "15 minutes before" in early.text
    world.move(interview_id, timedelta(minutes=14))
    opened = candidate.get(f"/interview/{token}")
    assert opened.status_code == 200 and 'id="pad"' in opened.text
    assert "pad-notes" not in opened.text  # the candidate's page has no notes
    world.move(interview_id, -timedelta(minutes=60 + 31))
    over = candidate.get(f"/interview/{token}")
    assert over.status_code == 410 and "The interview is over" in over.text
    assert candidate.get("/interview/itv_not-a-token").status_code == 404
    with candidate.websocket_connect(f"/interview/{token}/socket", headers=ORIGIN) as ws:
        refused = ws.receive_json()
        assert refused["fatal"] and "over" in refused["message"]
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
        assert closed.value.code == 4410


def test_the_pad_converges_keeps_notes_from_the_candidate_and_refuses_bad_input(world):
    interview_id, token = schedule(world, world.client("rita"))
    world.move(interview_id, timedelta(minutes=0))
    candidate_seen: list[dict[str, Any]] = []
    with world.clients("rita", None) as (rita, anyone), \
            rita.websocket_connect(f"/ui/interviews/{interview_id}/socket", headers=ORIGIN) as staff, \
            anyone.websocket_connect(f"/interview/{token}/socket", headers=ORIGIN) as cand:
        staff.send_text(json.dumps({"type": "hello", "version": None}))
        doc = receive_until(staff, "doc")
        assert "notes" in doc
        cand.send_text(json.dumps({"type": "hello", "version": None}))
        cand_doc = receive_until(cand, "doc", candidate_seen)
        assert cand_doc["doc"] == doc["doc"] and cand_doc["version"] == 0 and "notes" not in cand_doc
        length = len(doc["doc"])

        staff.send_text(json.dumps({"type": "notes", "text": "SECRET: weak on complexity"}))
        push(staff, 0, "staff", [[0, "# hi"], length])
        assert receive_until(staff, "pushed")["ok"]
        push(cand, 0, "cand", [length, [0, "", "# end"]])  # stale: it was made on version 0
        assert receive_until(cand, "updates", candidate_seen)["updates"][0]["clientID"] == "staff"
        assert receive_until(cand, "pushed", candidate_seen)["ok"] is False
        push(cand, 1, "cand", [length + 4, [0, "", "# end"]])  # rebased, as @codemirror/collab does
        assert receive_until(cand, "pushed", candidate_seen)["ok"]

        cand.send_text("{not json")
        assert "malformed" in receive_until(cand, "error", candidate_seen)["message"]
        push(cand, 2, "cand", [length + 10, [0, "x" * (70 * 1024)]])
        assert "too large" in receive_until(cand, "error", candidate_seen)["message"]
        push(cand, 2, "cand", [length + 99, [0, "x"]])
        assert "does not fit" in receive_until(cand, "error", candidate_seen)["message"]
        cand.send_text(json.dumps({"type": "notes", "text": "mine"}))
        assert "only interviewers" in receive_until(cand, "error", candidate_seen)["message"]

        push(staff, 2, "staff", [length + 10, [0, "!"]])  # the pad works on for the others
        assert receive_until(staff, "pushed")["ok"]
        last = receive_until(cand, "updates", candidate_seen)
        assert last["updates"][0]["changes"] == [length + 10, [0, "!"]]

    everything = json.dumps(candidate_seen)
    assert "SECRET" not in everything and '"notes"' not in everything
    with Session(world.app.state.engine) as session:
        interview = session.get(Interview, interview_id)
        assert interview is not None
        assert interview.document == "# hi" + doc["doc"] + "\n# end!" and interview.version == 3
        assert interview.notes == "SECRET: weak on complexity"


def test_a_reconnect_resumes_and_a_restart_keeps_what_was_acknowledged(world, tmp_path):
    interview_id, token = schedule(world, world.client("rita"))
    world.move(interview_id, timedelta(minutes=0))
    with world.client(None) as anyone:
        with anyone.websocket_connect(f"/interview/{token}/socket", headers=ORIGIN) as cand:
            cand.send_text(json.dumps({"type": "hello", "version": None}))
            length = len(receive_until(cand, "doc")["doc"])
            push(cand, 0, "cand", [[0, "A"], length])
            assert receive_until(cand, "pushed")["ok"]
        with anyone.websocket_connect(f"/interview/{token}/socket", headers=ORIGIN) as cand:
            cand.send_text(json.dumps({"type": "hello", "version": 0}))  # it had seen version 0 only
            missed = receive_until(cand, "updates")
            assert missed["updates"] == [{"clientID": "cand", "changes": [[0, "A"], length]}]
    restarted = make_app(tmp_path, public_url="https://assay.example", webhook_worker=False)
    with TestClient(restarted) as anyone, \
            anyone.websocket_connect(f"/interview/{token}/socket", headers=ORIGIN) as cand:
        cand.send_text(json.dumps({"type": "hello", "version": None}))
        doc = receive_until(cand, "doc")
        assert doc["version"] == 1 and doc["doc"].startswith("A")


def test_a_foreign_token_and_a_foreign_origin_are_refused(world):
    interview_id, token = schedule(world, world.client("rita"))
    world.move(interview_id, timedelta(minutes=0))
    anyone = world.client(None)
    with anyone.websocket_connect("/interview/itv_forged/socket", headers=ORIGIN) as ws:
        assert ws.receive_json()["fatal"]
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
        assert closed.value.code == 4404
    with anyone.websocket_connect(f"/interview/{token}/socket", headers={"origin": "https://evil.example"}) as ws:
        assert "own page" in ws.receive_json()["message"]
    with anyone.websocket_connect(f"/ui/interviews/{interview_id}/socket", headers=ORIGIN) as ws:
        assert "sign in" in ws.receive_json()["message"]


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


def test_with_mail_on_the_candidate_gets_the_pad_link_and_a_calendar_file(tmp_path, smtp_server):
    world = build(tmp_path, smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none",
                  smtp_from="Acme Hiring <jobs@acme.example>", mail_poll_seconds=0.05)
    rita = world.client("rita")
    assert 'id="email"' in rita.get(f"/ui/invitations/{world.ids['ada']}/interviews/new").text
    _, token = schedule(world, rita, email="yes")
    world.app.state.mail.run_once(20)

    def interview_mail() -> list[Any]:
        return [r for r in smtp_server.to("ada@example.com") if r.message["X-Assay-Kind"] == "interview"]

    [received] = wait_for(interview_mail, what="the interview e-mail")
    assert received.message["Subject"].startswith("Your technical interview for Backend screening: ")
    assert f"https://assay.example/interview/{token}" in received.text
    assert "https://meet.jit.si/assay-ada" in received.text
    [ics] = [part for part in received.message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "interview.ics"
    calendar = ics.get_content()
    if isinstance(calendar, bytes):
        calendar = calendar.decode()
    assert "BEGIN:VEVENT" in calendar and "DTSTART:" in calendar and "\r\n" in calendar
    assert f"/interview/{token}" in calendar.replace("\r\n ", "")


def test_after_the_interview_the_pad_is_read_only_and_its_page_shows_the_final_code(world):
    interview_id, _ = schedule(world, world.client("rita"))
    world.move(interview_id, -timedelta(minutes=60 + 31))
    with world.client("rita") as rita, \
            rita.websocket_connect(f"/ui/interviews/{interview_id}/socket", headers=ORIGIN) as staff:
        staff.send_text(json.dumps({"type": "hello", "version": None}))
        doc = receive_until(staff, "doc")
        assert doc["readonly"] is True
        push(staff, 0, "staff", [[0, "late"], len(doc["doc"])])
        assert receive_until(staff, "pushed")["rejected"]
        assert "read-only" in receive_until(staff, "error")["message"]
        page = rita.get(f"/ui/interviews/{interview_id}")
        assert 'id="final-code"' in page.text and "count_windows" in page.text and "read-only" in page.text


def test_a_run_from_the_pad_goes_to_the_executor_with_the_pad_text_and_everyone_hears_of_it(world):
    interview_id, token = schedule(world, world.client("rita"))
    world.move(interview_id, timedelta(minutes=0))
    with world.clients("rita", None) as (rita, anyone), \
            rita.websocket_connect(f"/ui/interviews/{interview_id}/socket", headers=ORIGIN) as staff, \
            anyone.websocket_connect(f"/interview/{token}/socket", headers=ORIGIN) as cand:
        cand.send_text(json.dumps({"type": "hello", "version": None}))
        length = len(receive_until(cand, "doc")["doc"])
        push(cand, 0, "cand", [[0, "# run me\n"], length])
        assert receive_until(cand, "pushed")["ok"]
        cand.send_text(json.dumps({"type": "run", "stdin": None}))
        assert receive_until(cand, "run")["language"] == "python3"
        assert receive_until(staff, "run")["by"] == "Candidate"
        cand.send_text(json.dumps({"type": "run", "stdin": "1"}))
        assert "in progress" in receive_until(cand, "error")["message"]
        staff.send_text(json.dumps({"type": "language", "language": "cobol"}))
        assert "one of" in receive_until(staff, "error")["message"]
    with Session(world.app.state.engine) as session:
        [run] = session.exec(select(Submission).where(Submission.kind == "run",
                                                      Submission.created_at > utcnow() - timedelta(minutes=1))).all()
        assert run.files["main.py"].startswith("# run me\n") and run.stdin is None
        assert run.invitation_id == world.ids["ada"]


def test_a_connected_candidate_is_closed_out_when_the_link_stops_working(world):
    interview_id, token = schedule(world, world.client("rita"))
    world.move(interview_id, -timedelta(minutes=60 + 30) + timedelta(seconds=2))  # closes in 2 s
    with world.client(None) as anyone, anyone.websocket_connect(f"/interview/{token}/socket", headers=ORIGIN) as cand:
        cand.send_text(json.dumps({"type": "hello", "version": None}))
        receive_until(cand, "doc")
        closing = receive_until(cand, "error")  # nothing sent meanwhile: the server ends it on time
        assert closing["fatal"] and "over" in closing["message"]
        with pytest.raises(WebSocketDisconnect) as closed:
            cand.receive_text()
        assert closed.value.code == 4410


def test_an_unbuilt_pad_says_so_and_still_shows_the_pad(world, monkeypatch):
    monkeypatch.setattr(pad_pages, "bundle_url", lambda: None)
    interview_id, token = schedule(world, world.client("rita"))
    world.move(interview_id, timedelta(minutes=14))
    page = world.client(None).get(f"/interview/{token}")
    assert page.status_code == 200
    assert 'id="not-built"' in page.text and "make assets" in page.text
    assert 'id="pad"' in page.text and 'id="pad-problem-title"' in page.text  # the statement can be read
    assert "pad-notes" not in page.text
