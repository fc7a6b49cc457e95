"""The timer: the deadline is min(start + duration, expires_at); past it, and after finishing, runs
and submissions are refused with a 409 problem+json that says why."""

from __future__ import annotations

import time
from datetime import datetime

from e2e_support import AC, SLUG, assert_problem


def _ts(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def _wait_until(iso: str) -> None:
    remaining = _ts(iso) - time.time()
    time.sleep(max(0.0, remaining) + 0.3)


def test_deadline_is_the_invitation_expiry_and_is_enforced(api, assessment):
    invitation = api.invite(assessment["id"], expires_in_s=8)
    token = invitation["token"]
    started = api.post("/v1/me/start", as_=token).json()
    assert started["state"] == "started"
    # the assessment lasts 60 minutes, but the invitation expires first
    assert _ts(started["deadline_at"]) == _ts(invitation["expires_at"])
    assert 0 <= started["seconds_left"] <= 8

    before = api.submit(token, AC)
    assert before.status_code == 202, before.text

    _wait_until(started["deadline_at"])
    me = api.get("/v1/me", as_=token).json()
    assert me["state"] == "completed" and me["seconds_left"] is None

    late = assert_problem(api.submit(token, AC), 409)
    assert "completed" in late["detail"] and "submission" in late["detail"], late
    run = assert_problem(api.post("/v1/me/runs", as_=token,
                                  json={"problem": SLUG, "language": "python3", "source": AC}), 409)
    assert "completed" in run["detail"]
    assert_problem(api.post("/v1/me/start", as_=token), 409)
    # the problem stays readable; finishing a completed invitation is a no-op
    assert api.get(f"/v1/me/problems/{SLUG}", as_=token).status_code == 200
    assert api.post("/v1/me/finish", as_=token).json()["state"] == "completed"

    graded = api.wait_graded(token, before.json()["id"])  # submitted in time: graded and counted
    assert graded["verdict"] == "AC"
    report = api.get(f"/v1/invitations/{invitation['id']}/report", as_="reviewer").json()
    assert report["invitation"]["state"] == "completed" and report["total_points"] == 100
    assert report["timeline"][-1]["event"] == "finished"
    assert 0 <= report["time_used_seconds"] <= 9
    assert [p["submissions"] for p in report["problems"]] == [1, 0]


def test_finish_ends_the_assessment(api, assessment):
    invitation = api.started(assessment["id"])
    token = invitation["token"]
    finished = api.post("/v1/me/finish", as_=token)
    assert finished.status_code == 200 and finished.json()["state"] == "completed"
    refused = assert_problem(api.submit(token, AC), 409)
    assert "completed" in refused["detail"]
    assert_problem(api.post("/v1/me/runs", as_=token, json={"problem": SLUG, "language": "python3", "source": AC}),
                   409)
    assert "cannot be started" in assert_problem(api.post("/v1/me/start", as_=token), 409)["detail"]
    shown = api.get(f"/v1/invitations/{invitation['id']}", as_="ats").json()
    assert shown["state"] == "completed" and shown["finished_at"]
    assert api.get("/v1/me/submissions", as_=token).json() == []


def test_not_started_and_expired(api, assessment):
    invitation = api.invite(assessment["id"], expires_in_s=5)
    token = invitation["token"]
    refused = assert_problem(api.submit(token, AC), 409)
    assert "not started" in refused["detail"] and "/v1/me/start" in refused["detail"]
    assert_problem(api.get(f"/v1/me/problems/{SLUG}", as_=token), 409)
    assert_problem(api.post("/v1/me/finish", as_=token), 409)

    _wait_until(invitation["expires_at"])
    assert api.get("/v1/me", as_=token).json()["state"] == "expired"
    expired = assert_problem(api.post("/v1/me/start", as_=token), 409)
    assert "expired" in expired["detail"]
    assert "expired" in assert_problem(api.submit(token, AC), 409)["detail"]


def test_revoked_invitation(api, assessment):
    invitation = api.started(assessment["id"])
    revoked = api.post(f"/v1/invitations/{invitation['id']}/revoke", as_="reviewer")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    body = assert_problem(api.get("/v1/me", as_=invitation["token"]), 403)
    assert "revoked" in body["detail"]
    assert_problem(api.submit(invitation["token"], AC), 403)
