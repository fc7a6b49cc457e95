"""A recorded decision reaches each ATS through its own mechanism and every subscribed endpoint as the
Standard Webhooks event ``decision.recorded``, all through the outbox (with its retries): Greenhouse
gets the PATCH again and reads the decision in test_status's metadata, Lever gets a note, Ashby an
assessment.update dated by the decision. Fakes: support/fake_ats.py; receiver: support/receiver.py
(verifies each signature with the ``standardwebhooks`` package). No Docker: the candidates submit
nothing, so their (zero) scores are final as soon as they finish."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from support.fake_ats import (
    ASHBY_KEY,
    LEVER_API_KEY,
    LEVER_SIGNATURE_TOKEN,
    LEVER_STAGE,
    FakeAshby,
    FakeGreenhouse,
    FakeLever,
)
from support.net import HTTP, wait_for
from support.receiver import Receiver
from support.service import Service, upload_tiny_problem

from api.webhooks import events as ev


@pytest.fixture
def world(tmp_path):
    lever = FakeLever().listen()
    ashby = FakeAshby("http://unused", "unused").listen()
    receiver = Receiver().start()
    service = Service(tmp_path / "data", greenhouse_callback_hosts="127.0.0.1",
                      lever_api_key=LEVER_API_KEY, lever_signature_token=LEVER_SIGNATURE_TOKEN,
                      lever_api_url=lever.api_url, lever_callback_hosts="127.0.0.1",
                      ashby_api_key=ASHBY_KEY, ashby_api_url=ashby.api_url, ashby_callback_hosts="127.0.0.1").start()
    try:
        admin = service.client(service.key())
        ats_key = service.key("ats")
        assessment_id = upload_tiny_problem(admin)
        service.app.state.settings.lever_stages = f"{LEVER_STAGE}={assessment_id}"
        ashby.assay = httpx.Client(base_url=f"{service.url}/integrations/ashby", auth=(ats_key, ""), timeout=30)
        endpoint = admin.post("/v1/webhooks/endpoints", json={"url": receiver.url,
                                                              "event_types": ["decision.recorded"]}).json()
        receiver.control(secrets=[endpoint["secret"]], verify_log=True)
        with FakeGreenhouse(service.url, ats_key) as greenhouse:
            yield {"service": service, "admin": admin, "ats": ats_key, "assessment": assessment_id,
                   "greenhouse": greenhouse, "lever": lever, "ashby": ashby, "receiver": receiver}
    finally:
        service.stop()
        receiver.stop()
        ashby.close()
        lever.close()


def _take(service: Service, token: str) -> None:
    candidate = service.client(token)
    assert candidate.post("/v1/me/start").status_code == 200
    assert candidate.post("/v1/me/finish").status_code == 200


def _decide(admin: Any, invitation_id: str, decision: str, note: str) -> dict[str, Any]:
    response = admin.post(f"/v1/invitations/{invitation_id}/decision", json={"decision": decision, "note": note})
    assert response.status_code == 200, response.text
    return response.json()


def test_greenhouse_is_patched_again_and_test_status_carries_the_decision(world):
    service, admin, greenhouse = world["service"], world["admin"], world["greenhouse"]
    interview = greenhouse.send_test(world["assessment"], 777)
    shown = service.client(world["ats"]).get(f"/integrations/greenhouse/tests/{interview}").json()
    _take(service, shown["candidate_token"])
    wait_for(lambda: greenhouse.statuses and greenhouse.statuses[-1]["body"].get("partner_status") == "complete",
             20, what="the completion PATCH and test_status")
    assert "Decision" not in greenhouse.statuses[-1]["body"]["metadata"]

    _decide(admin, interview, "advance", "Clear, tested code.")
    wait_for(lambda: len(greenhouse.statuses) >= 2, 20, what="the decision PATCH and test_status")
    assert [p["path"] for p in greenhouse.patches] == ["/integrations/testing_partners/take_home_tests/777"] * 2
    status = greenhouse.statuses[-1]["body"]
    assert status["partner_status"] == "complete" and status["partner_score"] == 0.0
    assert status["partner_profile_url"] == f"{service.url}/v1/invitations/{interview}/report.html"
    assert status["metadata"]["Decision"] == "Advance"
    assert status["metadata"]["Decision reason"] == "Clear, tested code."
    assert status["metadata"]["Decided by"] == "test-admin"
    assert all(not isinstance(v, dict | list) for v in status["metadata"].values())

    [event] = world["receiver"].wait_delivered(1, "decision.recorded")
    assert event["verified_by"] == [0]  # signed with the endpoint's secret (standardwebhooks verifies it)
    body = event["body"]
    assert body["type"] == "decision.recorded"
    ev.DecisionRecordedData.model_validate(body["data"])
    assert body["data"]["invitation_id"] == interview and body["data"]["decision"] == "advance"
    assert body["data"]["reason"] == "Clear, tested code." and body["data"]["score_percent"] == 0.0
    assert "hpotter" not in json.dumps(body) and "Harry" not in json.dumps(body)  # ids, not the candidate


def test_a_decision_before_the_end_waits_for_greenhouse_and_ashby_but_not_for_lever(world):
    service, admin, lever, ashby = world["service"], world["admin"], world["lever"], world["ashby"]
    opportunity = lever.add_opportunity()
    assert HTTP.post(f"{service.url}/integrations/lever/webhooks", json=lever.event(opportunity)).status_code == 200
    [lever_invitation] = [e["data"]["invitation_id"] for e in admin.get("/v1/events").json()["items"]
                          if e["type"] == "invitation.created" and e["data"]["source"] == "lever"]
    started = ashby.start(world["assessment"], str(uuid.uuid4())).json()["results"]["assessment_id"]
    interview = world["greenhouse"].send_test(world["assessment"], 778)

    lever.note_script = [503]  # Lever fails once: the note is retried from the outbox
    for invitation_id in (lever_invitation, uuid.UUID(started).hex, interview):
        _decide(admin, invitation_id, "hold", "Waiting for the other loop.")
    note = wait_for(lambda: [n for n in lever.notes if n["status"] == 201], 20, what="the decision note")[0]
    assert [n["status"] for n in lever.notes] == [503, 201]
    assert note["opportunity"] == opportunity
    assert note["value"].startswith("Assay decision: Hold (by test-admin, ")
    assert "Reason: Waiting for the other loop." in note["value"]
    assert "Score:" not in note["value"]  # not over yet
    assert f"Report: {service.url}/v1/invitations/{lever_invitation}/report.html" in note["value"]
    assert "grace@example.com" not in note["value"]
    world["receiver"].wait_delivered(3, "decision.recorded")
    assert not ashby.results() and not world["greenhouse"].patches  # nothing complete to tell them about


def test_ashby_gets_an_update_dated_by_the_decision(world):
    service, admin, ashby = world["service"], world["admin"], world["ashby"]
    assessment = ashby.start(world["assessment"], str(uuid.uuid4())).json()["results"]["assessment_id"]
    shown = service.client(world["ats"]).get(f"/integrations/ashby/assessments/{assessment}").json()
    _take(service, shown["candidate_token"])
    wait_for(lambda: ashby.results(), 20, what="the completion update")
    _decide(admin, uuid.UUID(assessment).hex, "reject", "Did not handle the large inputs.")
    wait_for(lambda: len(ashby.results()) >= 2, 20, what="the decision update")
    completion, decided = (u["body"] for u in ashby.results())
    assert decided["assessment_id"] == completion["assessment_id"]
    assert decided["timestamp"] >= completion["timestamp"]
    assert decided["assessment_status"]["value"] == "Completed"
    assert decided["assessment_result"] == completion["assessment_result"]
    assert decided["assessment_profile_url"] == completion["assessment_profile_url"]
    metadata = {d["label"]: d for d in decided["metadata"]}
    assert metadata["Decision"]["value"] == "Reject" and metadata["Decision"]["type"] == "string"
    assert metadata["Decision reason"]["value"] == "Did not handle the large inputs."
    assert all(set(d) >= {"identifier", "label", "type", "value"} for d in decided["metadata"])
    assert len({d["identifier"] for d in decided["metadata"]}) == len(decided["metadata"])
    assert ashby.updates[-1]["accept"] == "application/json; version=1"
