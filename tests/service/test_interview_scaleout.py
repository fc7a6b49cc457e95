"""One pad served by two API processes' apps on one PostgreSQL database (each app served by uvicorn, its
own event loop and pad hub): the candidate on one, the interviewer on the other. What one accepts
reaches the other through LISTEN/NOTIFY; two pushes on the same version race through the database,
which accepts one, and the other side rebases and pushes again; both end with the stored document."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlmodel import Session
from support.browser import serve
from support.reviewer_data import make_app, seed
from websockets.sync.client import ClientConnection, connect

from api.console import session as web_session
from api.interviews import service
from api.interviews.models import Interview
from api.models import Assessment, Invitation, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole


def _until(ws: ClientConnection, kind: str) -> dict[str, Any]:
    while True:
        message = json.loads(ws.recv(timeout=15))
        if message["type"] == kind:
            return message


def _push(ws: ClientConnection, version: int, client_id: str, changes: list[Any]) -> None:
    ws.send(json.dumps({"type": "push", "version": version, "updates": [{"clientID": client_id, "changes": changes}]}))


def test_a_pad_across_two_api_processes_converges_through_the_database(tmp_path, postgres):
    url = postgres.create_database(at_head=True)
    first = make_app(tmp_path, database_url=url, webhook_worker=False, session_cookie_secure=False)
    data = seed(first.state.engine)
    with Session(first.state.engine) as session:
        rita = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        team = teams.create(session, "Backend")
        teams.set_member(session, team, rita, TeamRole.REVIEWER)
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = team.id
        invitation = session.get(Invitation, data.invitations["ada"])
        assert invitation is not None
        interview, token = service.schedule(session, invitation, rita, service.ScheduleIn(
            starts_at=utcnow() - timedelta(minutes=5), duration_minutes=60, interviewer_ids=[rita.id],
            problem_slug=None, language="python3", video_url=None), first.state.webhook_box)
        _, cookie = sessions.start(session, rita, hours=8)
        session.commit()
        interview_id = interview.id
    second = make_app(tmp_path, database_url=url, webhook_worker=False, session_cookie_secure=False)
    cookie_name = web_session.cookie_name(second.state.settings)
    with serve(first) as a, serve(second) as b, \
            connect(f"{a.replace('http', 'ws')}/interview/{token}/socket") as cand, \
            connect(f"{b.replace('http', 'ws')}/ui/interviews/{interview_id}/socket",
                    additional_headers={"Cookie": f"{cookie_name}={cookie}"}) as staff:
        cand.send(json.dumps({"type": "hello", "version": None}))
        staff.send(json.dumps({"type": "hello", "version": None}))
        assert _until(cand, "doc")["version"] == 0 and _until(staff, "doc")["doc"] == ""

        _push(cand, 0, "cand", [[0, "print(1)"]])  # accepted on A, relayed to B
        assert _until(cand, "pushed")["ok"]
        assert _until(staff, "updates")["updates"] == [{"clientID": "cand", "changes": [[0, "print(1)"]]}]
        _push(staff, 1, "staff", [8, [0, "", "# B"]])  # accepted on B, relayed to A
        assert _until(staff, "pushed")["ok"]
        assert _until(cand, "updates")["updates"][0]["clientID"] == "staff"

        _push(cand, 2, "cand", [[0, "# A", ""], 12])  # both on version 2 at once: one wins
        _push(staff, 2, "staff", [12, [0, "!"]])
        results = {"cand": _until(cand, "pushed")["ok"], "staff": _until(staff, "pushed")["ok"]}
        assert sorted(results.values()) == [False, True]
        loser = cand if not results["cand"] else staff
        if loser is cand:  # rebased on the winner's update, as @codemirror/collab does
            _push(cand, 3, "cand", [[0, "# A", ""], 13])
        else:
            _push(staff, 3, "staff", [16, [0, "!"]])
        assert _until(loser, "pushed")["ok"]
    with Session(first.state.engine) as session:
        stored = session.get(Interview, interview_id)
        assert stored is not None
        assert stored.version == 4 and stored.document == "# A\nprint(1)\n# B!"
