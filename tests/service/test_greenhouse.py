"""Greenhouse Assessment Partner API end to end: a fake Greenhouse (a real HTTP server in this test)
lists tests, sends one, and, when Assay PATCHes its callback URL, asks test_status, as Greenhouse does."""

from __future__ import annotations

import json

import httpx
import pytest
from support.service import Service, upload_tiny_problem


@pytest.fixture
def plain_service(tmp_path):  # no grading needed
    s = Service(tmp_path / "data", greenhouse_callback_hosts="127.0.0.1").start()
    yield s
    s.stop()


def test_auth_errors_and_response_error(plain_service):
    service = plain_service
    admin = service.client(service.key())
    assessment_id = upload_tiny_problem(admin)
    base = f"{service.url}/integrations/greenhouse"
    missing = httpx.get(f"{base}/list_tests")
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Basic")
    assert missing.headers["content-type"] == "application/problem+json"
    assert httpx.get(f"{base}/list_tests", auth=("ask_wrong", "")).status_code == 401
    assert httpx.get(f"{base}/list_tests", auth=(service.key("reviewer"), "")).status_code == 403
    ats = httpx.Client(base_url=base, auth=(service.key("ats"), ""))
    assert ats.get("/test_status", params={"partner_interview_id": "nope"}).status_code == 404
    unknown = ats.post("/send_test", json={"partner_test_id": "nope", "candidate": {
        "first_name": "A", "last_name": "B", "email": "a@example.com"}})
    assert unknown.status_code == 404
    bad_email = ats.post("/send_test", json={"partner_test_id": assessment_id, "candidate": {
        "first_name": "A", "last_name": "B", "email": "not-an-email"}})
    assert bad_email.status_code == 422
    private = Service(service.data_dir.parent / "strict", webhook_allow_private=False).start()
    try:
        strict = httpx.Client(base_url=f"{private.url}/integrations/greenhouse", auth=(private.key("ats"), ""))
        refused = strict.post("/send_test", json={"partner_test_id": assessment_id, "candidate": {
            "first_name": "A", "last_name": "B", "email": "a@example.com", "url": "http://10.1.2.3/cb"}})
        assert refused.status_code == 422 and "private" in refused.json()["detail"]
    finally:
        private.stop()
    reported = ats.post("/response_error", json={"api_call": "test_status", "errors": ["partner_score missing"],
                                                 "partner_test_id": 12345, "partner_interview_id": 299506})
    assert reported.status_code == 200 and reported.json() == {"status": 200}


def test_candidate_data_deletion_reaches_events_and_greenhouse_record(plain_service):
    service = plain_service
    admin = service.client(service.key())
    ats_key = service.key("ats")
    assessment_id = upload_tiny_problem(admin)
    ats = httpx.Client(base_url=f"{service.url}/integrations/greenhouse", auth=(ats_key, ""))
    interview = ats.post("/send_test", json={"partner_test_id": assessment_id, "candidate": {
        "first_name": "Harry", "last_name": "Potter", "email": "hpotter@example.com",
        "greenhouse_profile_url": "https://app.greenhouse.io/people/1?application_id=2",
        "url": "http://127.0.0.1:9/take_home_tests/1"}}).json()["partner_interview_id"]
    assert "hpotter@example.com" in json.dumps(admin.get("/v1/events", params={"invitation_id": interview}).json())
    erased = admin.delete(f"/v1/invitations/{interview}/personal-data")
    assert erased.status_code == 200, erased.text
    events = json.dumps(admin.get("/v1/events", params={"invitation_id": interview}).json())
    assert "hpotter" not in events and "Harry Potter" not in events and "greenhouse-application-2" not in events
    shown = service.client(ats_key).get(f"/integrations/greenhouse/tests/{interview}").json()
    assert shown["candidate_token"] is None and shown["greenhouse_profile_url"] is None
