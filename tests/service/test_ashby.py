"""Ashby integration end to end, against a fake Ashby: a real HTTP server in this process that follows
Ashby's Assessments Partner API documentation
(https://developers.ashbyhq.com/docs/creating-an-assessments-integration): it calls Assay's
``assessment.list``, ``assessment.start`` and ``assessment.cancel`` (POST, JSON, HTTP Basic with the
partner API key) and serves ``POST /assessment.update`` (HTTP Basic with the customer's Ashby API key,
``{"success": true}``, or HTTP 200 with ``{"success": false, "errors": [...]}`` on an error)."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlmodel import Session
from support.fake_ats import ASHBY_KEY, FakeAshby, ashby_world, complete_ashby_assessment
from support.net import HTTP, wait_for
from support.service import Service, upload_tiny_problem

from api.models import Invitation, utcnow
from api.webhooks import outbox

DATA_TYPES = {"numeric_score", "numeric_duration_minutes", "url", "string", "boolean_success"}


@pytest.fixture
def ashby(tmp_path):
    with ashby_world(tmp_path) as world:
        yield world


def test_list_start_idempotent_and_result_reported_with_retries(ashby):
    service, fake, admin, ats_key, assessment_id = ashby
    listed = fake.assay.post("/assessment.list", json={})
    assert listed.status_code == 200, listed.text
    assert listed.json()["success"] is True
    [entry] = listed.json()["results"]
    assert entry["assessment_type_id"] == assessment_id and entry["name"] == "Webhook screening"
    assert set(entry) == {"assessment_type_id", "name", "description"}

    application = str(uuid.uuid4())
    started = fake.start(assessment_id, application)
    assert started.status_code == 200, started.text
    assert started.json()["success"] is True
    assessment = started.json()["results"]["assessment_id"]
    assert str(uuid.UUID(assessment)) == assessment  # the canonical dashed UUID (issue 28 item 3)
    again = fake.start(assessment_id, application)  # the same application is being assessed: Ashby's 409
    assert again.status_code == 409, again.text
    assert set(again.json()) == {"message"} and "cancel" in again.json()["message"]
    other = fake.start(assessment_id).json()["results"]["assessment_id"]  # another application: another one
    assert other != assessment
    created = [e for e in admin.get("/v1/events").json()["items"] if e["type"] == "invitation.created"]
    assert sorted(e["data"]["invitation_id"] for e in created) == sorted([uuid.UUID(assessment).hex,
                                                                          uuid.UUID(other).hex])
    assert {e["data"]["source"] for e in created} == {"ashby"}
    mine = next(e for e in created if e["data"]["invitation_id"] == uuid.UUID(assessment).hex)
    assert mine["data"]["external_id"] == f"ashby-application-{application}"

    fake.script = [{"success": False, "errors": ["assessment_not_found"]}]  # an error answered with 200: retried
    shown = complete_ashby_assessment(service, ats_key, assessment)
    assert shown["status"] == "invited" and shown["update_delivery"] is None
    wait_for(lambda: [u for u in fake.results() if u["answer"].get("success")], 20, what="assessment.update")
    assert [u["answer"]["success"] for u in fake.results()] == [False, True]
    update = fake.results()[-1]
    assert update["accept"] == "application/json; version=1"
    body = update["body"]
    assert body["assessment_id"] == assessment and isinstance(body["timestamp"], int)
    assert body["assessment_result"]["type"] == "numeric_score" and body["assessment_result"]["value"] == 0.0
    assert body["assessment_profile_url"] == {
        "identifier": "report", "label": "Assay report", "type": "url",
        "value": f"{service.url}/v1/invitations/{uuid.UUID(assessment).hex}/report.html"}
    assert body["assessment_status"]["value"] == "Completed"
    data = [body["assessment_status"], body["assessment_result"], body["assessment_profile_url"], *body["metadata"]]
    assert all({"identifier", "label", "type", "value"} <= set(d) and d["type"] in DATA_TYPES for d in data)
    assert len({d["identifier"] for d in body["metadata"]}) == len(body["metadata"])
    assert {"identifier": "points", "label": "Points", "type": "string", "value": "0 / 100"} in body["metadata"]
    assert "ada@example.com" not in json.dumps(body) and "Lovelace" not in json.dumps(body)

    delivery = wait_for(lambda: (lambda d: d if d and d["status"] == "succeeded" else None)(
        service.client(ats_key).get(f"/integrations/ashby/assessments/{assessment}").json()["update_delivery"]),
        10, what="the delivery recorded")
    assert delivery["tries"] == 2
    attempts = admin.get("/v1/events", params={"invitation_id": uuid.UUID(assessment).hex}).json()["items"]
    assert attempts[-1]["type"] == "invitation.completed"
    records = admin.get("/v1/audit", params={"limit": 50}).json()["items"]
    assert sorted(r["target_id"] for r in records if r["action"] == "ashby.assessment_started") == sorted(
        [uuid.UUID(assessment).hex, uuid.UUID(other).hex])
    assert [r["target_id"] for r in records if r["action"] == "ashby.token_viewed"][-1] == uuid.UUID(assessment).hex


def test_cancel_revokes_and_reports_nothing(ashby):
    service, fake, admin, ats_key, assessment_id = ashby
    assessment = fake.start(assessment_id).json()["results"]["assessment_id"]
    token = service.client(ats_key).get(f"/integrations/ashby/assessments/{assessment}").json()["candidate_token"]
    cancelled = fake.assay.post("/assessment.cancel", json={"assessment_id": assessment})
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json() == {"success": True, "results": {"assessment_id": assessment}}
    assert fake.assay.post("/assessment.cancel", json={"assessment_id": assessment}).status_code == 200  # again
    assert service.client(token).get("/v1/me").status_code == 403  # the link no longer works
    shown = service.client(ats_key).get(f"/integrations/ashby/assessments/{assessment}").json()
    assert shown["status"] == "cancelled" and shown["update_delivery"] is None
    records = admin.get("/v1/audit", params={"limit": 50}).json()["items"]
    assert [r["action"] for r in records if r["target_id"] == uuid.UUID(assessment).hex and r["action"] in (
        "ashby.assessment_cancelled", "invitation.revoked")] == ["ashby.assessment_cancelled", "invitation.revoked"]
    assert fake.updates == []


def test_a_start_after_a_cancel_makes_a_new_invitation_and_the_old_one_stays_revoked(ashby):
    """Issue 28 item 1. Old code: ``assert '<the cancelled id>' != '<the cancelled id>'`` (start again
    answered the revoked invitation, whose link is dead)."""
    service, fake, _, ats_key, assessment_id = ashby
    application = str(uuid.uuid4())
    first = fake.start(assessment_id, application).json()["results"]["assessment_id"]
    old_token = service.client(ats_key).get(f"/integrations/ashby/assessments/{first}").json()["candidate_token"]
    assert fake.assay.post("/assessment.cancel", json={"assessment_id": first}).status_code == 200
    restarted = fake.start(assessment_id, application)
    assert restarted.status_code == 200, restarted.text
    second = restarted.json()["results"]["assessment_id"]
    assert second != first
    shown = service.client(ats_key).get(f"/integrations/ashby/assessments/{second}").json()
    assert shown["status"] == "invited" and shown["candidate_token"] != old_token
    assert service.client(shown["candidate_token"]).get("/v1/me").status_code == 200  # the new link works
    assert service.client(old_token).get("/v1/me").status_code == 403  # the old one stays revoked
    assert service.client(ats_key).get(f"/integrations/ashby/assessments/{first}").json()["status"] == "cancelled"
    assert fake.start(assessment_id, application).status_code == 409  # the new one is live: once
    complete_ashby_assessment(service, ats_key, second)
    wait_for(lambda: fake.results(), 20, what="the new assessment's update")
    assert [u["body"]["assessment_id"] for u in fake.results()] == [second]
    assert {u["body"]["assessment_id"] for u in fake.updates} == {second}  # nothing more for the cancelled one


def test_auth_and_bad_input_are_clear_problems(ashby):
    service, fake, admin, _, assessment_id = ashby
    base = f"{service.url}/integrations/ashby"
    missing = HTTP.post(f"{base}/assessment.list", json={})
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Basic")
    assert set(missing.json()) == {"message"}  # Ashby's error shape (issue 28 item 4)
    assert HTTP.post(f"{base}/assessment.list", json={}, auth=("ask_wrong", "")).status_code == 401
    assert HTTP.post(f"{base}/assessment.list", json={}, auth=(service.key("reviewer"), "")).status_code == 403

    unknown = fake.start("no-such-assessment")
    assert unknown.status_code == 404 and "Pick another one" in unknown.json()["message"]
    bad_email = fake.start(assessment_id, email="not-an-email")
    assert bad_email.status_code == 422 and set(bad_email.json()) == {"message"}
    assert "email" in bad_email.json()["message"] and "correct them in Ashby" in bad_email.json()["message"]
    no_application = fake.assay.post("/assessment.start", json={
        "assessment_type_id": assessment_id, "candidate": {"first_name": "A", "email": "a@example.com"}})
    assert no_application.status_code == 422
    assert "application" in no_application.json()["message"]
    assert fake.assay.post("/assessment.cancel", json={"assessment_id": "nope"}).status_code == 404
    assert fake.assay.post("/assessment.cancel", json={}).status_code == 422
    assert not [e for e in admin.get("/v1/events").json()["items"] if e["type"] == "invitation.created"]


def test_api_key_only_to_allow_listed_hosts_and_disabled_without_key(tmp_path):
    with FakeAshby("http://unused", "unused") as fake:
        strict = Service(tmp_path / "strict", ashby_api_key=ASHBY_KEY, ashby_api_url=fake.api_url).start()
        try:  # default allow-list: api.ashbyhq.com only; a start would report to a host the key may not go to
            admin = strict.client(strict.key())
            assessment_id = upload_tiny_problem(admin)
            fake.assay = httpx.Client(base_url=f"{strict.url}/integrations/ashby", auth=(strict.key("ats"), ""),
                                      timeout=30)
            refused = fake.start(assessment_id)
            assert refused.status_code == 503 and "ASSAY_ASHBY_CALLBACK_HOSTS" in refused.json()["message"]
        finally:
            strict.stop()
    plain = Service(tmp_path / "plain").start()
    try:
        assert HTTP.post(f"{plain.url}/integrations/ashby/assessment.list", json={},
                          auth=(plain.key("ats"), "")).status_code == 404
    finally:
        plain.stop()


def test_ashby_hears_when_the_candidate_starts_and_when_the_assessment_expires(ashby):
    """Issue 28 item 6: an expired Ashby assessment does not sit as pending forever. Old code:
    ``AssertionError: timed out after 20 s waiting for the Started update`` (Ashby heard only of a
    completion)."""
    service, fake, _, ats_key, assessment_id = ashby
    started = fake.start(assessment_id).json()["results"]["assessment_id"]
    unstarted = fake.start(assessment_id).json()["results"]["assessment_id"]
    token = service.client(ats_key).get(f"/integrations/ashby/assessments/{started}").json()["candidate_token"]
    assert service.client(token).post("/v1/me/start").status_code == 200
    wait_for(lambda: "Started" in fake.statuses(), 20, what="the Started update")
    [update] = [u["body"] for u in fake.updates]
    assert update["assessment_id"] == started and update["assessment_status"]["value"] == "Started"

    with Session(service.app.state.engine) as session:
        invitation = session.get(Invitation, uuid.UUID(unstarted).hex)
        invitation.expires_at = utcnow() - timedelta(minutes=5)
        session.add(invitation)
        session.commit()
        assert outbox.sweep(session)["expired"] == 1
        session.commit()
    wait_for(lambda: "Expired" in fake.statuses(), 20, what="the Expired update")
    expired = next(u["body"] for u in fake.updates if u["body"]["assessment_status"]["value"] == "Expired")
    assert expired["assessment_id"] == unstarted and isinstance(expired["timestamp"], int)
    [reason] = expired["metadata"]
    assert reason["label"] == "Reason" and "did not start the assessment before it expired" in reason["value"]
    assert service.client(ats_key).get(f"/integrations/ashby/assessments/{unstarted}").json()["status"] == "expired"
