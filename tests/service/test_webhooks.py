"""Webhooks over real HTTP: the service (uvicorn on loopback) delivers to a receiver process that
verifies every request with the ``standardwebhooks`` package. No Docker needed here (events that need
grading are in test_webhooks_grading.py)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from support.net import wait_for
from support.receiver import Receiver
from support.service import Service, invite, upload_tiny_problem

from api.grade_record import StoredResult, StoredTest
from api.services.grading import Outcome
from api.webhooks.secrets import new_webhook_secret
from graders.verdicts import Verdict


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def service(tmp_path):
    s = Service(tmp_path / "data", webhook_sweep_seconds=0.5).start()
    yield s
    s.stop()


def _endpoint(admin, receiver, **extra):
    response = admin.post("/v1/webhooks/endpoints", json={"url": receiver.url, **extra})
    assert response.status_code == 201, response.text
    endpoint = response.json()
    receiver.control(secrets=[endpoint["secret"]])
    return endpoint


def _attempts(admin, endpoint_id, **params):
    response = admin.get(f"/v1/webhooks/endpoints/{endpoint_id}/attempts", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_admin_api_validates_and_hides_secrets(service, receiver):
    admin = service.client(service.key())
    reviewer = service.client(service.key("reviewer"))
    assert reviewer.get("/v1/webhooks/endpoints").status_code == 403
    bad = admin.post("/v1/webhooks/endpoints", json={"url": receiver.url, "event_types": ["nope"]})
    assert bad.status_code == 422 and "unknown event type" in bad.json()["detail"]
    assert admin.post("/v1/webhooks/endpoints", json={"url": "ftp://x.example/"}).status_code == 422
    endpoint = _endpoint(admin, receiver, event_types=["invitation.*"], description="ATS")
    shown = admin.get(f"/v1/webhooks/endpoints/{endpoint['id']}").json()
    assert "secret" not in shown and shown["event_types"] == ["invitation.*"]
    assert all("secret" not in e for e in admin.get("/v1/webhooks/endpoints").json())
    types = {t["type"] for t in admin.get("/v1/webhooks/event-types").json()}
    assert {"submission.graded", "invitation.completed", "invitation.expired", "test"} <= types
    updated = admin.patch(f"/v1/webhooks/endpoints/{endpoint['id']}", json={"event_types": []}).json()
    assert updated["event_types"] == []
    assert admin.delete(f"/v1/webhooks/endpoints/{endpoint['id']}").status_code == 204
    assert admin.get(f"/v1/webhooks/endpoints/{endpoint['id']}").status_code == 404


def test_500_three_times_then_200_delivers_once_with_every_attempt_recorded(service, receiver):
    admin = service.client(service.key())
    endpoint = _endpoint(admin, receiver)
    receiver.control(script=[500, 500, 500], default=200)
    delivery = admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/test").json()
    delivered = receiver.wait_delivered(1, "test", timeout=30)
    requests = receiver.requests("test")
    assert [r["status"] for r in requests] == [500, 500, 500, 200]
    assert {r["webhook_id"] for r in requests} == {delivery["event_id"]}  # one id across retries: dedupe key
    assert len(delivered) == 1 and delivered[0]["verified_by"] == [0]
    assert len({r["timestamp"] for r in requests}) >= 1  # each attempt signed afresh
    attempts = wait_for(lambda: (lambda a: a if len(a) == 4 else None)(_attempts(admin, endpoint["id"])),
                        10, what="4 attempts recorded")
    assert [a["status_code"] for a in reversed(attempts)] == [500, 500, 500, 200]
    assert [a["trigger"] for a in reversed(attempts)] == ["event", "retry", "retry", "retry"]
    assert all(a["duration_ms"] > 0 and a["response_excerpt"] for a in attempts)
    failed = _attempts(admin, endpoint["id"], status="failed")
    assert len(failed) == 3 and not any(a["success"] for a in failed)
    shown = admin.get(f"/v1/webhooks/endpoints/{endpoint['id']}").json()
    assert shown["enabled"] and shown["last_success_at"] and shown["failing_since"] is None


def test_one_failing_event_does_not_hold_up_others(service, receiver):
    admin = service.client(service.key())
    slow = Receiver().start()
    try:
        failing = _endpoint(admin, slow)
        slow.control(default=503)
        healthy = _endpoint(admin, receiver)
        for _ in range(3):
            admin.post(f"/v1/webhooks/endpoints/{failing['id']}/test")
        for _ in range(5):
            admin.post(f"/v1/webhooks/endpoints/{healthy['id']}/test")
        receiver.wait_delivered(5, "test", timeout=15)
        assert len(_attempts(admin, failing["id"], status="failed")) >= 3
    finally:
        slow.stop()


def test_rotation_grace_period_signs_with_both_secrets(service, receiver):
    admin = service.client(service.key())
    endpoint = _endpoint(admin, receiver)
    first = endpoint["secret"]
    rotated = admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/rotate", json={"grace_period_seconds": 3600})
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()["secret"]
    assert second != first and rotated.json()["previous_secret_expires_at"]
    receiver.control(secrets=[first, second])
    admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/test")
    [request] = receiver.wait_delivered(1, "test")
    assert len(request["signature"].split(" ")) == 2
    assert request["verified_by"] == [0, 1]  # a receiver holding either secret accepts it
    # no grace: only the newest secret signs
    third = admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/rotate", json={"grace_period_seconds": 0}).json()
    receiver.reset()
    receiver.control(secrets=[first, second, third["secret"]])
    admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/test")
    [request] = receiver.wait_delivered(1, "test")
    assert request["verified_by"] == [2]


def test_410_disables_then_reenable_recover_and_resend(service, receiver):
    admin = service.client(service.key())
    endpoint = _endpoint(admin, receiver)
    assessment_id = upload_tiny_problem(admin)
    since = datetime.now(UTC).isoformat()
    receiver.control(default=410)
    first = admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/test").json()
    shown = wait_for(lambda: (lambda e: e if not e["enabled"] else None)(
        admin.get(f"/v1/webhooks/endpoints/{endpoint['id']}").json()), 10, what="the endpoint disabled")
    assert "410" in shown["disabled_reason"]
    assert len(receiver.requests()) == 1  # 410: no retry
    assert admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/test").status_code == 409
    invitation = invite(admin, assessment_id)  # while disabled: stored as skipped, not sent
    time.sleep(0.5)
    assert len(receiver.requests()) == 1
    deliveries = admin.get(f"/v1/webhooks/endpoints/{endpoint['id']}/deliveries").json()
    assert sorted(d["status"] for d in deliveries) == ["failed", "skipped"]

    receiver.control(default=200)
    assert admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/recover", json={"since": since}).status_code == 409
    assert admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/enable").json()["enabled"]
    recovered = admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/recover", json={"since": since})
    assert recovered.status_code == 202 and recovered.json() == {"deliveries": 2}
    delivered = receiver.wait_delivered(2)
    assert {d["type"] for d in delivered} == {"test", "invitation.created"}
    created = next(d for d in delivered if d["type"] == "invitation.created")
    assert created["body"]["data"]["invitation_id"] == invitation["id"] and created["verified_by"] == [0]
    assert "token" not in json.dumps(created["body"])
    assert {a["trigger"] for a in _attempts(admin, endpoint["id"], status="succeeded")} == {"recover"}

    resent = admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/resend/{first['event_id']}")
    assert resent.status_code == 202, resent.text
    wait_for(lambda: len(receiver.requests("test")) == 3, 10, what="the resend")
    ids = [r["webhook_id"] for r in receiver.requests("test")]
    assert ids == [first["event_id"]] * 3  # same webhook-id: the receiver deduplicates
    assert len(receiver.delivered("test")) == 1
    assert admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/resend/msg_nope").status_code == 404


def test_endpoint_failing_past_the_limit_is_disabled(tmp_path, receiver):
    service = Service(tmp_path / "data", webhook_disable_after_hours=0.3 / 3600, webhook_retry_scale=0.005).start()
    try:
        admin = service.client(service.key())
        endpoint = _endpoint(admin, receiver)
        receiver.control(default=500)
        admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/test")
        shown = wait_for(lambda: (lambda e: e if not e["enabled"] else None)(
            admin.get(f"/v1/webhooks/endpoints/{endpoint['id']}").json()), 20, what="the endpoint disabled")
        assert "failing since" in shown["disabled_reason"]
    finally:
        service.stop()


def test_ssrf_guard_refuses_private_destinations(tmp_path, receiver):
    service = Service(tmp_path / "data", webhook_allow_private=False).start()
    try:
        admin = service.client(service.key())
        for url in ("http://10.20.30.40/hook", receiver.url, "http://[::1]:9/hook", "http://169.254.169.254/"):
            response = admin.post("/v1/webhooks/endpoints", json={"url": url})
            assert response.status_code == 422, (url, response.text)
            assert "ASSAY_WEBHOOK_ALLOW_PRIVATE" in response.json()["detail"]
        # a destination that turned private after it was accepted is refused at delivery, before connecting
        from sqlmodel import Session

        from api.webhooks.models import WebhookEndpoint

        with Session(service.app.state.engine) as session:
            row = WebhookEndpoint(url="http://10.20.30.40/hook", secret_enc=service.app.state.webhook_box.encrypt(
                new_webhook_secret()))
            session.add(row)
            session.commit()
            endpoint_id = row.id
        admin.post(f"/v1/webhooks/endpoints/{endpoint_id}/test")
        attempt = wait_for(lambda: _attempts(admin, endpoint_id), 10, what="the refused attempt")[-1]
        assert attempt["status_code"] is None and attempt["error"].startswith("refused: address 10.20.30.40 is private")
        assert attempt["duration_ms"] < 1000  # refused before connecting (a connection would wait out its timeout)
    finally:
        service.stop()
    allowed = Service(tmp_path / "data2", webhook_allow_private=False, webhook_allowed_cidrs="127.0.0.0/8").start()
    try:
        admin = allowed.client(allowed.key())
        assert admin.post("/v1/webhooks/endpoints", json={"url": receiver.url}).status_code == 201
    finally:
        allowed.stop()


def test_events_pull_api_and_invitation_events(service, receiver):
    admin = service.client(service.key())
    ats = service.client(service.key("ats"))
    _endpoint(admin, receiver)
    assessment_id = upload_tiny_problem(admin)
    since = datetime.now(UTC).isoformat()
    invitation = invite(ats, assessment_id, expires_in_s=1.5)
    token = invitation["token"]
    other = invite(ats, assessment_id)
    candidate = service.client(other["token"])
    assert candidate.post("/v1/me/start").status_code == 200
    assert candidate.post("/v1/me/start").status_code == 200  # idempotent: one invitation.started
    assert candidate.post("/v1/me/finish").status_code == 200  # no submissions: final at once
    receiver.wait_delivered(1, "invitation.expired", timeout=15)  # found by the periodic sweep
    delivered = receiver.wait_delivered(5)
    types = sorted(d["type"] for d in delivered)
    assert types == ["invitation.completed", "invitation.created", "invitation.created", "invitation.expired",
                     "invitation.started"]
    assert all(d["verified_by"] == [0] for d in delivered)
    completed = next(d for d in delivered if d["type"] == "invitation.completed")["body"]["data"]
    assert completed["invitation_id"] == other["id"] and completed["external_id"] == "ats-42"
    assert completed["total_points"] == 0 and completed["max_points"] == 100 and completed["reason"] == "finished"
    assert completed["report_url"].endswith(f"/v1/invitations/{other['id']}/report.html")
    assert all(not isinstance(v, dict | list) for v in completed["metadata"].values())

    page = ats.get("/v1/events", params={"since": since, "limit": 3}).json()
    assert len(page["items"]) == 3 and page["next_after"] is not None
    rest = ats.get("/v1/events", params={"after": page["next_after"]}).json()
    pulled = page["items"] + rest["items"]
    assert {e["id"] for e in pulled} == {d["webhook_id"] for d in delivered}  # the same ids as the webhooks
    assert rest["next_after"] is None
    only = ats.get("/v1/events", params={"type": "invitation.expired"}).json()["items"]
    assert [e["data"]["invitation_id"] for e in only] == [invitation["id"]]
    assert token not in json.dumps(pulled)  # tokens never leave in events
    assert service.client(service.key("reviewer")).get("/v1/events").status_code == 403


def test_errored_then_regraded_through_the_grading_transaction(service, receiver):
    """The grading service's final-result transaction (its on_graded hook) emits the events; the
    sandbox is left out: the results are stored as a grader would store them."""
    from sqlmodel import Session

    from api.models import Submission, utcnow
    from api.services import assessments as assessment_service

    admin = service.client(service.key())
    _endpoint(admin, receiver, event_types=["submission.*"])
    assessment_id = upload_tiny_problem(admin)
    invitation = invite(admin, assessment_id)
    grading = service.app.state.grading
    with Session(service.app.state.engine) as session:
        version = assessment_service.problem_versions(session, assessment_id)[0]
        row = Submission(invitation_id=invitation["id"], problem_version_id=version.id, language="python3",
                         files={"main.py": "print(1)"}, status="running", attempts=3, started_at=utcnow())
        session.add(row)
        session.commit()
        submission_id = row.id
    grading._finish(submission_id, "error", Outcome(verdict="JE", points=0.0, max_points=None,
                                                    result=StoredResult.of_error("boom")))
    [errored] = receiver.wait_delivered(1, "submission.errored")
    data = errored["body"]["data"]
    assert data["revision"] == 1 and data["status"] == "error" and data["verdict"] == "JE"
    assert "boom" not in json.dumps(errored["body"]) and "after 3 attempt" in data["error"]
    with Session(service.app.state.engine) as session:
        assert grading.requeue(session, submission_id)
        session.commit()
    assert grading.claim(submission_id)
    tests = [StoredTest(group="main", name=f"{n}", verdict=Verdict.AC) for n in range(3)]
    grading._finish(submission_id, "graded", Outcome(verdict="AC", points=100.0, max_points=100.0,
                                                     result=StoredResult(verdict="AC", tests=tests)))
    [regraded] = receiver.wait_delivered(1, "submission.regraded")
    assert regraded["body"]["data"]["revision"] == 2 and regraded["body"]["data"]["tests_passed"] == 3
