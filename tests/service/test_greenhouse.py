"""Greenhouse Assessment Partner API end to end: a fake Greenhouse (a real HTTP server in this test)
lists tests, sends one, and, when Assay PATCHes its callback URL, asks test_status, as Greenhouse does."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from test_webhooks_support import SOLUTION, Service, upload_tiny_problem, wait_for


class FakeGreenhouse:
    """Greenhouse's side: HTTP Basic with the partner key; on PATCH .../take_home_tests/<id> it calls
    test_status for the interview it sent, and keeps what it got."""

    def __init__(self, assay_url: str, key: str) -> None:
        self.assay = httpx.Client(base_url=f"{assay_url}/integrations/greenhouse", auth=(key, ""), timeout=30)
        self.patches: list[dict[str, Any]] = []
        self.statuses: list[dict[str, Any]] = []
        self.interviews: dict[str, str] = {}  # take-home test id -> partner_interview_id
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_PATCH(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.patches.append({"path": self.path, "body": body.decode(), "headers": dict(self.headers)})
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()
                test_id = self.path.rsplit("/", 1)[-1]
                interview = fake.interviews.get(test_id)
                if interview is not None:
                    threading.Thread(target=fake.poll, args=(interview,), daemon=True).start()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeGreenhouse:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def callback_url(self, test_id: int) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/integrations/testing_partners/take_home_tests/{test_id}"

    def poll(self, partner_interview_id: str) -> None:
        response = self.assay.get("/test_status", params={"partner_interview_id": partner_interview_id})
        self.statuses.append({"status_code": response.status_code, "body": response.json()})

    def list_tests(self) -> list[dict[str, str]]:
        response = self.assay.get("/list_tests")
        assert response.status_code == 200, response.text
        return response.json()

    def send_test(self, partner_test_id: str, test_id: int) -> str:
        response = self.assay.post("/send_test", json={
            "partner_test_id": partner_test_id,
            "candidate": {"first_name": "Harry", "last_name": "Potter", "resume_url": "https://example.com/resume",
                          "phone_number": "123-456-7890", "email": "hpotter@example.com",
                          "greenhouse_profile_url": "https://app.greenhouse.io/people/17681532?application_id=26234709",
                          "url": self.callback_url(test_id)}})
        assert response.status_code == 200, response.text
        assert set(response.json()) == {"partner_interview_id"}
        interview = response.json()["partner_interview_id"]
        self.interviews[str(test_id)] = interview
        return interview


@pytest.fixture
def service(docker_api, tmp_path):
    s = Service(tmp_path / "data", greenhouse_callback_hosts="127.0.0.1").start()  # the fake Greenhouse
    yield s
    s.stop()


@pytest.fixture
def plain_service(tmp_path):  # no grading needed
    s = Service(tmp_path / "data", greenhouse_callback_hosts="127.0.0.1").start()
    yield s
    s.stop()


@pytest.mark.docker
def test_partner_flow_end_to_end(service):
    admin = service.client(service.key())
    ats_key = service.key("ats")
    assessment_id = upload_tiny_problem(admin)
    with FakeGreenhouse(service.url, ats_key) as greenhouse:
        tests = greenhouse.list_tests()
        assert {"partner_test_id": assessment_id, "partner_test_name": "Webhook screening"} in tests

        interview = greenhouse.send_test(assessment_id, 12345)
        assert greenhouse.send_test(assessment_id, 12345) == interview  # a repeated send_test: the same test
        greenhouse.poll(interview)
        assert greenhouse.statuses[-1] == {"status_code": 200, "body": {"partner_status": "sent"}}

        # the organisation's mailer fetches the candidate's link; the candidate takes the test
        sent = service.client(ats_key).get(f"/integrations/greenhouse/tests/{interview}").json()
        assert sent["invitation"]["external_id"] == "greenhouse-application-26234709"
        assert sent["invitation"]["candidate"] == {"name": "Harry Potter", "email": "hpotter@example.com"}
        candidate = service.client(sent["candidate_token"])
        assert candidate.post("/v1/me/start").status_code == 200
        greenhouse.poll(interview)
        assert greenhouse.statuses[-1]["body"] == {"partner_status": "started"}
        graded = candidate.post("/v1/me/submissions", params={"wait": 60},
                                json={"problem": "echo-sum", "language": "python3", "source": SOLUTION})
        assert graded.json()["points"] == 100.0, graded.text
        assert not greenhouse.patches  # not complete yet
        assert candidate.post("/v1/me/finish").status_code == 200

        wait_for(lambda: greenhouse.statuses and greenhouse.statuses[-1]["body"].get("partner_status") == "complete",
                 20, what="the PATCH and Greenhouse's test_status call")
        [patch] = greenhouse.patches
        assert patch["path"] == "/integrations/testing_partners/take_home_tests/12345" and patch["body"] == ""
        status = greenhouse.statuses[-1]["body"]
        assert status["partner_score"] == 100.0
        assert status["partner_profile_url"] == f"{service.url}/v1/invitations/{interview}/report.html"
        assert status["metadata"]["Score"] == "100 / 100"
        assert all(not isinstance(v, dict | list) for v in status["metadata"].values())
        assert "hpotter" not in json.dumps(status["metadata"])

        # the PATCH went through the outbox: an attempt is recorded with the invitation.completed event
        events = admin.get("/v1/events", params={"invitation_id": interview}).json()["items"]
        assert [e["type"] for e in events] == ["invitation.created", "invitation.started", "submission.received",
                                               "submission.graded", "invitation.completed"]
        assert events[0]["data"]["source"] == "greenhouse"
        sent = service.client(ats_key).get(f"/integrations/greenhouse/tests/{interview}").json()
        assert sent["callback_delivery"]["status"] == "succeeded" and sent["callback_delivery"]["tries"] == 1
        assert sent["partner_status"] == "complete"


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
