"""Greenhouse Assessment Partner API end to end: a fake Greenhouse (a real HTTP server in this test)
lists tests, sends one, and, when Assay PATCHes its callback URL, asks test_status, as Greenhouse does."""

from __future__ import annotations

import json

import pytest
from support.fake_ats import FakeGreenhouse
from support.net import wait_for
from support.service import SOLUTION, Service, upload_tiny_problem


@pytest.fixture
def service(docker_api, tmp_path):
    s = Service(tmp_path / "data", greenhouse_callback_hosts="127.0.0.1").start()  # the fake Greenhouse
    yield s
    s.stop()


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
        assert sent["invitation"]["candidate"] == {"name": "Hal Potter", "email": "hpotter@example.com"}
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
