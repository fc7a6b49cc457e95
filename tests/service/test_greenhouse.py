"""Greenhouse Assessment Partner API end to end: a fake Greenhouse (a real HTTP server in this test)
lists tests, sends one, and, when Assay PATCHes its callback URL, asks test_status, as Greenhouse does."""

from __future__ import annotations

import base64
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from sqlmodel import Session
from support.fake_ats import FakeGreenhouse
from support.net import HTTP, wait_for
from support.service import Service, upload_tiny_problem

from api.models import Invitation, utcnow


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
    missing = HTTP.get(f"{base}/list_tests")
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Basic")
    assert set(missing.json()) == {"errors"} and isinstance(missing.json()["errors"][0], str)  # issue 28 item 4
    assert HTTP.get(f"{base}/list_tests", auth=("ask_wrong", "")).status_code == 401
    wrong_role = HTTP.get(f"{base}/list_tests", auth=(service.key("reviewer"), ""))
    assert wrong_role.status_code == 401 and "ats" in wrong_role.json()["errors"][0]  # Greenhouse documents 401
    ats = httpx.Client(base_url=base, auth=(service.key("ats"), ""), timeout=60)
    assert ats.get("/test_status", params={"partner_interview_id": "nope"}).status_code == 404
    unknown = ats.post("/send_test", json={"partner_test_id": "nope", "candidate": {
        "first_name": "A", "last_name": "B", "email": "a@example.com"}})
    assert unknown.status_code == 404 and "Pick another test" in unknown.json()["errors"][0]
    bad_email = ats.post("/send_test", json={"partner_test_id": assessment_id, "candidate": {
        "first_name": "A", "last_name": "B", "email": "not-an-email"}})
    assert bad_email.status_code == 422 and "correct them in Greenhouse" in bad_email.json()["errors"][0]
    private = Service(service.data_dir.parent / "strict", webhook_allow_private=False).start()
    try:
        strict = httpx.Client(base_url=f"{private.url}/integrations/greenhouse", auth=(private.key("ats"), ""),
                              timeout=60)
        refused = strict.post("/send_test", json={"partner_test_id": assessment_id, "candidate": {
            "first_name": "A", "last_name": "B", "email": "a@example.com", "url": "http://10.1.2.3/cb"}})
        assert refused.status_code == 422 and "private" in refused.json()["errors"][0]
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
    ats = httpx.Client(base_url=f"{service.url}/integrations/greenhouse", auth=(ats_key, ""), timeout=60)
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


# ---------------------------------------------------------------------- issue 28: as Greenhouse documents it


def _finish(service: Service, ats_key: str, interview: str) -> None:
    token = service.client(ats_key).get(f"/integrations/greenhouse/tests/{interview}").json()["candidate_token"]
    candidate = service.client(token)
    assert candidate.post("/v1/me/start").status_code == 200
    assert candidate.post("/v1/me/finish").status_code == 200


def _delivery(service: Service, ats_key: str, interview: str) -> dict:
    return service.client(ats_key).get(f"/integrations/greenhouse/tests/{interview}").json()["callback_delivery"]


def test_the_completion_patch_carries_the_api_key_greenhouse_uses(plain_service):
    """Issue 28 item 2: the PATCH authenticates with the same HTTP Basic key as Greenhouse's calls, and
    the fake refuses it without. Old code: ``AssertionError: timed out after 20 s waiting for Greenhouse's
    test_status after the PATCH`` (the PATCH went out without auth and was refused, again and again)."""
    service = plain_service
    ats_key = service.key("ats")
    assessment_id = upload_tiny_problem(service.client(service.key()))
    with FakeGreenhouse(service.url, ats_key) as greenhouse:
        interview = greenhouse.send_test(assessment_id, 501)
        _finish(service, ats_key, interview)
        wait_for(lambda: greenhouse.statuses, 20, what="Greenhouse's test_status after the PATCH")
        [patch] = greenhouse.patches
        assert patch["status"] == 200
        assert patch["headers"]["authorization"] == "Basic " + base64.b64encode(f"{ats_key}:".encode()).decode()
        assert greenhouse.statuses[-1]["body"]["partner_status"] == "complete"


def test_a_patch_refused_with_401_or_403_is_reported_at_once_and_an_admin_retries_it(plain_service):
    """Issue 28 items 2 and 7. Old code: ``assert 'pending' == 'failed'`` (a 403 was retried on the
    three-day schedule)."""
    service = plain_service
    admin = service.client(service.key())
    ats_key = service.key("ats")
    assessment_id = upload_tiny_problem(admin)
    with FakeGreenhouse(service.url, ats_key) as greenhouse:
        interview = greenhouse.send_test(assessment_id, 502)
        greenhouse.patch_script = [403]
        _finish(service, ats_key, interview)
        wait_for(lambda: greenhouse.patches, 20, what="the PATCH")
        time.sleep(1.0)  # with webhook_retry_scale 0.001 a retry would come within ~5 ms
        # the delivery's row is written after Greenhouse answered: on a loaded machine that can come later
        delivery = wait_for(lambda: (lambda d: d if d["status"] != "pending" else None)(
            _delivery(service, ats_key, interview) or {"status": "pending"}), 20, what="the delivery recorded")
        assert delivery["status"] == "failed" and delivery["tries"] == 1
        assert delivery["last_status_code"] == 403
        assert delivery["last_error"].startswith("Greenhouse refused the request with HTTP 403 (")
        assert "fix the key" in delivery["last_error"]
        assert len(greenhouse.patches) == 1

        assert service.client(ats_key).post(f"/integrations/greenhouse/tests/{interview}/retry").status_code == 403
        retried = admin.post(f"/integrations/greenhouse/tests/{interview}/retry")
        assert retried.status_code == 200 and retried.json() == {"retried": 1}
        wait_for(lambda: greenhouse.statuses, 20, what="the retried PATCH and test_status")
        assert [p["status"] for p in greenhouse.patches] == [403, 200]
        wait_for(lambda: (_delivery(service, ats_key, interview) or {}).get("status") == "succeeded", 20,
                 what="the retried delivery recorded as succeeded")
        audit = admin.get("/v1/audit", params={"limit": 50}).json()["items"]
        assert [r["detail"]["target"] for r in audit if r["action"] == "webhook.redelivered"] == ["greenhouse"]


def test_send_test_as_greenhouse_sends_it_today_and_as_before(plain_service):
    """Issue 28 item 5: ``url`` at the top level (today's shape) first, inside ``candidate`` still
    accepted; ``preferred_name`` greets; ``sent_by`` is audited. Old code: ``assert 'Harry Potter' ==
    'Hal Potter'``."""
    service = plain_service
    admin = service.client(service.key())
    ats_key = service.key("ats")
    assessment_id = upload_tiny_problem(admin)
    with FakeGreenhouse(service.url, ats_key) as greenhouse:
        today = greenhouse.send_test(assessment_id, 601)
        shown = service.client(ats_key).get(f"/integrations/greenhouse/tests/{today}").json()
        assert shown["callback_url"] == greenhouse.callback_url(601)
        assert shown["invitation"]["candidate"]["name"] == "Hal Potter"
        sent = [r for r in admin.get("/v1/audit", params={"limit": 50}).json()["items"]
                if r["action"] == "greenhouse.test_sent"]
        assert sent[0]["detail"]["sent_by"] == "recruiter@acme.example"
        before = greenhouse.send_test(assessment_id, 602, legacy=True)
        shown = service.client(ats_key).get(f"/integrations/greenhouse/tests/{before}").json()
        assert shown["callback_url"] == greenhouse.callback_url(602)
        _finish(service, ats_key, before)
        wait_for(lambda: greenhouse.statuses, 20, what="the PATCH to the callback URL sent inside candidate")
        assert greenhouse.patches[0]["path"].endswith("/take_home_tests/602")


def test_two_identical_concurrent_send_tests_make_one_invitation(plain_service):
    """Issue 28 item 5: a unique key on the callback URL. Old code: ``assert 6 == 1`` (each of the six:
    no test yet, so each made its own invitation)."""
    service = plain_service
    admin = service.client(service.key())
    ats_key = service.key("ats")
    assessment_id = upload_tiny_problem(admin)
    with FakeGreenhouse(service.url, ats_key) as greenhouse:
        body = greenhouse.send_test_body(assessment_id, 701)
        barrier = threading.Barrier(6)

        def send(_: int) -> httpx.Response:
            barrier.wait()
            return HTTP.post(f"{service.url}/integrations/greenhouse/send_test", json=body, auth=(ats_key, ""),
                              timeout=30)

        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(send, range(6)))
    assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
    assert len({a.json()["partner_interview_id"] for a in answers}) == 1
    created = [e for e in admin.get("/v1/events").json()["items"] if e["type"] == "invitation.created"]
    assert len(created) == 1


def test_test_status_says_why_a_test_is_expired_or_revoked(plain_service):
    """Issue 28 item 6: expired and revoked, with a reason. Old code: ``KeyError: 'metadata'`` (the
    status alone)."""
    service = plain_service
    admin = service.client(service.key())
    ats_key = service.key("ats")
    assessment_id = upload_tiny_problem(admin)
    with FakeGreenhouse(service.url, ats_key) as greenhouse:
        expired = greenhouse.send_test(assessment_id, 801)
        revoked = greenhouse.send_test(assessment_id, 802)
        with Session(service.app.state.engine) as session:
            invitation = session.get(Invitation, expired)
            invitation.expires_at = utcnow() - timedelta(hours=1)
            session.add(invitation)
            session.commit()
        assert admin.post(f"/v1/invitations/{revoked}/revoke").status_code == 200
        greenhouse.poll(expired)
        greenhouse.poll(revoked)
    first, second = (s["body"] for s in greenhouse.statuses)
    assert first["partner_status"] == "expired" and "did not start the test before it expired" in \
        first["metadata"]["Reason"]
    assert second["partner_status"] == "revoked" and "no longer works" in second["metadata"]["Reason"]
