"""The REST side of the HR console and the candidate app (no sandbox needed): default expiry, CSV bulk
invitations, resend, extend, extra time, the consent, drafts, and the statement rendered safely."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.reviewer_data import make_app, seed

from api.audit import AuditEvent
from api.models import Invitation, utcnow


@pytest.fixture
def env(tmp_path) -> Iterator[tuple[TestClient, Any]]:
    app = make_app(tmp_path, public_url="https://assay.example", invitation_days=10)
    data = seed(app.state.engine)
    with TestClient(app) as client:
        yield client, data


def _as(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _invite(client: TestClient, data: Any, email: str = "zoe@example.com", **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/invitations", headers=_as(data.reviewer_key), json={
        "assessment_id": data.assessment_id, "candidate": {"name": "Zoe", "email": email}, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def _invitation(client: TestClient, invitation_id: str) -> Invitation:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        row = session.get(Invitation, invitation_id)
        assert row is not None
        return row


def _actions(client: TestClient, invitation_id: str) -> list[AuditEvent]:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        return list(session.exec(select(AuditEvent).where(AuditEvent.target_id == invitation_id)).all())


def test_invitation_without_expiry_gets_the_default_and_a_personal_link(env):
    client, data = env
    created = _invite(client, data)
    expires = _invitation(client, created["id"]).expires_at
    assert timedelta(days=9) < expires - utcnow() <= timedelta(days=11)
    assert (expires.hour, expires.minute) == (23, 59)
    assert created["candidate_url"] == f"https://assay.example/take/{created['token']}"
    listed = client.get(f"/v1/invitations/{created['id']}", headers=_as(data.reviewer_key)).json()
    assert created["token"] not in listed["candidate_url"], "the token is shown once, at creation"


def test_csv_bulk_invite_skips_open_invitations_and_refuses_bad_files_whole(env):
    client, data = env
    csv = ("Name,E-mail,External ID\n"
           "Grace Hopper,grace@example.com,ats-1\n"
           "Alan Turing,alan@example.com,\n"
           "Dan Again,dan@example.com,ats-3\n")  # dan has an open invitation (seed)
    response = client.post("/v1/invitations/bulk", headers=_as(data.reviewer_key),
                           data={"assessment_id": data.assessment_id}, files={"file": ("c.csv", csv, "text/csv")})
    assert response.status_code == 201, response.text
    body = response.json()
    assert [c["candidate"]["email"] for c in body["created"]] == ["grace@example.com", "alan@example.com"]
    assert body["created"][0]["external_id"] == "ats-1"
    assert all(c["candidate_url"].endswith(c["token"]) for c in body["created"])
    [skipped] = body["skipped"]
    assert {k: v for k, v in skipped.items() if k != "invitation_id"} == {
        "line": 4, "email": "dan@example.com", "reason": "already has an open invitation"}
    dan = client.get(f"/v1/invitations/{skipped['invitation_id']}", headers=_as(data.reviewer_key)).json()
    assert dan["candidate"]["email"] == "dan@example.com", "skipped names the open invitation"
    again = client.post("/v1/invitations/bulk", headers=_as(data.reviewer_key),
                        data={"assessment_id": data.assessment_id}, files={"file": ("c.csv", csv, "text/csv")})
    assert again.json()["created"] == [], "the same file twice invites nobody twice"

    bad = "name,email\nOk Person,ok@example.com\n,nobody@example.com\nBad Mail,not-an-email\nDup,ok@example.com\n"
    response = client.post("/v1/invitations/bulk", headers=_as(data.reviewer_key),
                           data={"assessment_id": data.assessment_id}, files={"file": ("c.csv", bad, "text/csv")})
    assert response.status_code == 422
    problem = response.json()
    fields = [e["field"] for e in problem["errors"]]
    assert fields == ["line 3, name", "line 4, email", "line 5, email"], problem
    assert "nothing was imported" in problem["detail"]
    with Session(client.app.state.engine) as session:
        assert session.exec(select(Invitation).where(Invitation.candidate_email == "ok@example.com")).first() is None

    response = client.post("/v1/invitations/bulk", headers=_as(data.reviewer_key),
                           data={"assessment_id": data.assessment_id},
                           files={"file": ("c.csv", "who,mail\nx,y\n", "text/csv")})
    assert response.status_code == 422 and "line 1" in response.json()["detail"]


def test_resend_queues_the_mail_answers_without_the_link_and_is_audited(env):
    client, data = env
    created = _invite(client, data)
    response = client.post(f"/v1/invitations/{created['id']}/resend", headers=_as(data.reviewer_key))
    assert response.status_code == 200, response.text
    body = response.json()
    assert "link" not in body and created["token"] not in response.text  # issue 22, item 1
    assert body["token_replaced"] is False
    assert body["email_queued"] is False  # no SMTP here
    assert "invitation.resent" in {a.action for a in _actions(client, created["id"])}
    admin = client.post(f"/v1/invitations/{created['id']}/resend", headers=_as(data.admin_key))
    assert admin.status_code == 200
    shown = client.post(f"/v1/invitations/{created['id']}/link", headers=_as(data.admin_key))
    assert shown.status_code == 200 and shown.json()["link"] == created["candidate_url"], "the same link"
    client.post(f"/v1/invitations/{created['id']}/revoke", headers=_as(data.reviewer_key))
    refused = client.post(f"/v1/invitations/{created['id']}/resend", headers=_as(data.reviewer_key))
    assert refused.status_code == 409 and "revoked" in refused.json()["detail"]


def test_old_invitation_without_kept_token_gets_a_new_one_on_resend(env):
    client, data = env
    dan = data.invitations["dan"]  # seeded without a SecretBox: no token kept
    before = client.post(f"/v1/invitations/{dan}/link", headers=_as(data.admin_key)).json()
    assert before["link"] is None
    body = client.post(f"/v1/invitations/{dan}/resend", headers=_as(data.reviewer_key)).json()
    assert body["token_replaced"] is True
    link = client.post(f"/v1/invitations/{dan}/link", headers=_as(data.admin_key)).json()["link"]
    token = link.rsplit("/", 1)[1]
    assert client.get("/v1/me", headers=_as(token)).status_code == 200


def test_extra_time_and_extend_move_the_deadline(env):
    client, data = env
    created = _invite(client, data, expires_at=(utcnow() + timedelta(days=2)).isoformat())
    grant = client.post(f"/v1/invitations/{created['id']}/extra-time", headers=_as(data.reviewer_key),
                        json={"time_multiplier": 1.5, "reason": "accommodation"})
    assert grant.status_code == 200, grant.text
    token = _as(created["token"])
    me = client.post("/v1/me/start", headers=token, json={"consent": True}).json()
    assert me["effective_duration_minutes"] == 135 and me["time_multiplier"] == 1.5
    assert 134 * 60 <= me["seconds_left"] <= 135 * 60
    assert me["consented_at"] is not None
    row = _invitation(client, created["id"])
    assert row.deadline_at - row.started_at == timedelta(minutes=135)

    client.post(f"/v1/invitations/{created['id']}/extra-time", headers=_as(data.reviewer_key),
                json={"time_multiplier": 1.0, "extra_minutes": 30})
    row = _invitation(client, created["id"])
    assert row.deadline_at - row.started_at == timedelta(minutes=120), "a started candidate's deadline moves"
    details = [a.detail for a in _actions(client, created["id"]) if a.action == "invitation.extra_time"]
    assert details[0]["reason"] == "accommodation" and details[1]["before"]["time_multiplier"] == 1.5

    soon = utcnow() + timedelta(minutes=20)  # the expiry caps the deadline...
    client.post(f"/v1/invitations/{created['id']}/extend", headers=_as(data.reviewer_key),
                json={"expires_at": soon.isoformat()})
    assert abs((_invitation(client, created["id"]).deadline_at - soon).total_seconds()) < 1
    later = utcnow() + timedelta(days=5)  # ...and extending it gives the time back
    client.post(f"/v1/invitations/{created['id']}/extend", headers=_as(data.reviewer_key),
                json={"expires_at": later.isoformat()})
    row = _invitation(client, created["id"])
    assert row.deadline_at - row.started_at == timedelta(minutes=120)
    bad = client.post(f"/v1/invitations/{created['id']}/extra-time", headers=_as(data.reviewer_key),
                      json={"time_multiplier": 9})
    assert bad.status_code == 422 and "time_multiplier" in bad.text


def test_extend_reopens_an_expired_invitation(env):
    client, data = env
    created = _invite(client, data)
    with Session(client.app.state.engine) as session:
        row = session.get(Invitation, created["id"])
        row.expires_at = utcnow() - timedelta(hours=1)
        session.add(row)
        session.commit()
    assert client.get("/v1/me", headers=_as(created["token"])).json()["state"] == "expired"
    response = client.post(f"/v1/invitations/{created['id']}/extend", headers=_as(data.reviewer_key),
                           json={"expires_at": (utcnow() + timedelta(days=3)).isoformat()})
    assert response.status_code == 200 and response.json()["state"] == "invited"
    assert "invitation.extended" in {a.action for a in _actions(client, created["id"])}
    past = client.post(f"/v1/invitations/{created['id']}/extend", headers=_as(data.reviewer_key),
                       json={"expires_at": (utcnow() - timedelta(days=1)).isoformat()})
    assert past.status_code == 422


def test_drafts_autosave_restore_and_need_a_started_invitation(env):
    client, data = env
    created = _invite(client, data)
    token = _as(created["token"])
    early = client.put("/v1/me/drafts/alert-windows/python3", headers=token, json={"source": "x"})
    assert early.status_code == 409
    client.post("/v1/me/start", headers=token)
    for source in ("print(1)", "print(2)"):
        saved = client.put("/v1/me/drafts/alert-windows/python3", headers=token, json={"source": source})
        assert saved.status_code == 200, saved.text
    client.put("/v1/me/drafts/alert-windows/cpp", headers=token, json={"source": "int main(){}"})
    drafts = client.get("/v1/me/drafts", headers=token).json()
    assert [(d["language"], d["files"]) for d in drafts] == [
        ("cpp", {"main.cpp": "int main(){}"}), ("python3", {"main.py": "print(2)"})]  # newest first
    wrong = client.put("/v1/me/drafts/alert-windows/java", headers=token, json={"source": "class Main {}"})
    assert wrong.status_code == 422 and "not allowed" in wrong.json()["detail"]
    missing = client.put("/v1/me/drafts/nope/python3", headers=token, json={"source": "x"})
    assert missing.status_code == 404
    other = _invite(client, data, email="other@example.com")
    assert client.get("/v1/me/drafts", headers=_as(other["token"])).json() == []


def test_problem_view_has_safe_statement_html_and_language_facts(env):
    client, data = env
    created = _invite(client, data)
    token = _as(created["token"])
    client.post("/v1/me/start", headers=token)
    problem = client.get("/v1/me/problems/alert-windows", headers=token).json()
    assert problem["statement_html"].startswith("<h") and "<p>" in problem["statement_html"]
    assert problem["language_names"] == {"python3": "Python 3", "cpp": "C++ (g++, C++17)"}
    assert problem["source_names"] == {"python3": "main.py", "cpp": "main.cpp"}
    me = client.get("/v1/me", headers=token).json()
    assert me["now"] and me["language_names"]["python3"] == "Python 3"
