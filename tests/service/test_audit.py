"""The audit log: staff actions are recorded (keys, problems, assessments, invitations, reports,
deletions, logins), admins read it with filters and pagination, and nobody can change it: there is
no route for that and the database refuses UPDATE and DELETE."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from support.reviewer_data import ROOT, make_app, seed

from api.models import utcnow
from api.services.packages import zip_files
from problemformat.archive import read_files


@pytest.fixture()
def client(tmp_path):
    app = make_app(tmp_path)
    app.state.seeded = seed(app.state.engine)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def test_staff_actions_are_recorded_and_readable_by_admins(client) -> None:
    data = client.app.state.seeded
    admin = {"Authorization": f"Bearer {data.admin_key}"}
    reviewer = {"Authorization": f"Bearer {data.reviewer_key}"}
    author = {"Authorization": f"Bearer {data.author_key}"}

    key = client.post("/v1/keys", json={"role": "ats", "name": "greenhouse"}, headers=admin).json()
    assert client.delete(f"/v1/keys/{key['id']}", headers=admin).status_code == 200
    package = zip_files(read_files(ROOT / "problems" / "meeting-rooms"))
    upload = client.post("/v1/problems", files={"file": ("meeting-rooms.zip", package)}, headers=author)
    assert upload.status_code in (200, 201), upload.text
    assessment = client.post("/v1/assessments", headers=author, json={
        "title": "Audit", "problems": ["meeting-rooms"], "duration_minutes": 60}).json()
    invitation = client.post("/v1/invitations", headers=reviewer, json={
        "assessment_id": assessment["id"], "candidate": {"name": "Grace Hopper", "email": "grace@example.com"},
        "expires_at": (utcnow() + timedelta(days=3)).isoformat()}).json()
    assert client.post(f"/v1/invitations/{invitation['id']}/revoke", headers=reviewer).status_code == 200
    assert client.get(f"/v1/invitations/{invitation['id']}/report", headers=reviewer).status_code == 200
    assert client.get(f"/v1/invitations/{invitation['id']}/report.html", headers=reviewer).status_code == 200
    form = client.get("/ui/login").text  # the form's CSRF token, bound to the cookie this sets
    token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    login = client.post("/ui/login", data={"key": data.reviewer_key, "next": "/ui/", "csrf_token": token},
                        follow_redirects=False)
    assert login.status_code == 303
    assert client.delete(f"/v1/invitations/{invitation['id']}/personal-data", headers=admin).status_code == 200

    page = client.get("/v1/audit", params={"limit": 100}, headers=admin).json()
    actions = [item["action"] for item in reversed(page["items"])]
    assert actions == ["key.created", "key.revoked", "problem.uploaded", "assessment.created", "invitation.created",
                       "invitation.revoked", "report.viewed", "report.viewed", "session.login",
                       "candidate_data.deleted"]
    first = page["items"][-1]
    assert first["actor_role"] == "admin" and first["actor_name"] == "ops" and first["target_id"] == str(key["id"])
    assert first["ip"] == "testclient"
    # identifiers only: nothing of the candidate is in the log
    assert "Grace" not in json.dumps(page) and "grace@example.com" not in json.dumps(page)

    # filters and pagination
    views = client.get("/v1/audit", params={"action": "report.viewed"}, headers=admin).json()
    assert views["total"] == 2 and {i["detail"]["format"] for i in views["items"]} == {"json", "html"}
    mine = client.get("/v1/audit", params={"target_id": invitation["id"]}, headers=admin).json()
    assert mine["total"] == 5
    one = client.get("/v1/audit", params={"limit": 2, "offset": 2}, headers=admin).json()
    assert one["total"] == 10 and [i["id"] for i in one["items"]] == [page["items"][2]["id"], page["items"][3]["id"]]
    later = client.get("/v1/audit", params={"since": (utcnow() + timedelta(hours=1)).isoformat()}, headers=admin)
    assert later.json()["total"] == 0
    by_actor = client.get("/v1/audit", params={"actor_key_id": first["actor_key_id"]}, headers=admin).json()
    assert {i["action"] for i in by_actor["items"]} == {"key.created", "key.revoked", "candidate_data.deleted"}

    # admins only; bad filters are a 422, never a 500
    assert client.get("/v1/audit", headers=reviewer).status_code == 403
    assert client.get("/v1/audit").status_code == 401
    assert client.get("/v1/audit", params={"action": "nope"}, headers=admin).status_code == 422
    assert client.get("/v1/audit", params={"since": "2030-01-01T00:00:00"}, headers=admin).status_code == 422
    assert client.get("/v1/audit", params={"limit": 10_000}, headers=admin).status_code == 422


def test_append_only(client) -> None:
    data = client.app.state.seeded
    admin = {"Authorization": f"Bearer {data.admin_key}"}
    client.post("/v1/keys", json={"role": "reviewer"}, headers=admin)
    event = client.get("/v1/audit", headers=admin).json()["items"][0]
    for method in ("PUT", "PATCH", "DELETE"):
        assert client.request(method, "/v1/audit", headers=admin).status_code == 405
        assert client.request(method, f"/v1/audit/{event['id']}", headers=admin).status_code in (404, 405)
    engine = client.app.state.engine
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert client.get("/v1/audit", headers=admin).json()["items"][0] == event


def test_cli_key_actions_are_recorded(tmp_path, monkeypatch) -> None:
    from api.cli import main

    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["keys", "create", "--role", "admin", "-q"]).exit_code == 0
    assert runner.invoke(main, ["keys", "revoke", "1"]).exit_code == 0
    app = make_app(tmp_path)
    with app.state.engine.connect() as connection:
        rows = connection.execute(text("SELECT action, actor_role, actor_name, target_id FROM audit_log ORDER BY id"))
        assert [tuple(r) for r in rows] == [("key.created", "system", "cli: assay keys create", "1"),
                                            ("key.revoked", "system", "cli: assay keys revoke", "1")]
