"""What the ATS integrations accept from outside (issue 22 item 3, and the same review of Ashby's and
Greenhouse's inbound checks). Each test failed on the code before the fix; the failure is in its
docstring.

- Lever's webhook signature covers ``token + triggeredAt``, not the body: a request is refused outside
  a time window, a token is remembered with a hash of its body (the same token with another body is
  refused), Lever's API (the opportunity's current stage) is trusted over the body, and every accepted
  request gets the same answer (nothing of the stage mapping or of who was invited leaks).
- A key of one hiring team learns nothing of another team's candidates through an integration: Lever's
  invitation view, Ashby's idempotent start, Greenhouse's send_test of a known callback URL.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlmodel import Session
from support.fake_ats import LEVER_API_KEY, LEVER_OTHER_STAGE, LEVER_SIGNATURE_TOKEN, LEVER_STAGE, FakeLever
from support.net import HTTP
from support.service import Service, upload_tiny_problem

from api.people import teams
from api.services.keys import create_key

A_DAY_MS = 86_400_000


@pytest.fixture
def lever():
    with FakeLever() as fake:
        yield fake


@pytest.fixture
def service(tmp_path, lever):
    s = Service(tmp_path / "data", lever_api_key=LEVER_API_KEY, lever_signature_token=LEVER_SIGNATURE_TOKEN,
                lever_api_url=lever.api_url, lever_callback_hosts="127.0.0.1", ashby_api_key="ashby-key",
                greenhouse_callback_hosts="127.0.0.1").start()
    yield s
    s.stop()


def _lever_setup(service: Service) -> Any:
    admin = service.client(service.key())
    assessment_id = upload_tiny_problem(admin)
    service.app.state.settings.lever_stages = f"{LEVER_STAGE}={assessment_id}, other-stage=missing-assessment"
    return admin


def _invited(admin: Any) -> list[str]:
    """The external ids of every invitation made (Lever's: lever-opportunity-<id>)."""
    items = admin.get("/v1/events", params={"limit": 200}).json()["items"]
    return [e["data"]["external_id"] for e in items if e["type"] == "invitation.created"]


def test_lever_refuses_a_request_outside_the_time_window(service, lever):
    """Old code: ``assert 200 == 401`` (a signed request dated 2001 invited the candidate)."""
    admin = _lever_setup(service)
    hook = f"{service.url}/integrations/lever/webhooks"
    opportunity = lever.add_opportunity()
    old = HTTP.post(hook, json=lever.event(opportunity, triggered_at=1_000_000_000_000))  # 2001-09-09
    assert old.status_code == 401, old.text
    assert old.headers["content-type"] == "application/problem+json"
    ahead = HTTP.post(hook, json=lever.event(opportunity, triggered_at=lever.event(opportunity)["triggeredAt"]
                                              + A_DAY_MS))
    assert ahead.status_code == 401
    stale = HTTP.post(hook, json=lever.event(opportunity, triggered_at=lever.event(opportunity)["triggeredAt"]
                                              - 2 * 3_600_000))  # older than the 1 h window
    assert stale.status_code == 401
    assert old.json()["detail"] == ahead.json()["detail"] == stale.json()["detail"]  # one wording for all
    assert _invited(admin) == []
    assert HTTP.post(hook, json=lever.event(opportunity)).status_code == 200  # a fresh one invites
    assert _invited(admin) == [f"lever-opportunity-{opportunity}"]


def test_lever_refuses_a_token_sent_again_with_another_body(service, lever):
    """Old code: ``assert 200 == 401`` (the captured token, time and signature with another
    opportunity in ``data`` invited that one too)."""
    admin = _lever_setup(service)
    hook = f"{service.url}/integrations/lever/webhooks"
    first, second = lever.add_opportunity(), lever.add_opportunity("Eve Mallory", "eve@example.com")
    captured = lever.event(first)
    assert HTTP.post(hook, json=captured).status_code == 200
    lever.event(second)  # (the second opportunity is in the stage in Lever: only the replay is at fault)
    forged = {**captured, "data": {**captured["data"], "opportunityId": second, "candidateId": second}}
    refused = HTTP.post(hook, json=forged)
    assert refused.status_code == 401, refused.text
    assert HTTP.post(hook, json=captured).status_code == 200  # Lever sending the same request again is fine
    assert _invited(admin) == [f"lever-opportunity-{first}"]


def test_lever_invites_only_a_candidate_whom_lever_says_is_in_the_stage(service, lever):
    """Old code: ``assert ['lever-opportunity-...'] == []`` (a signed event claiming a stage the
    opportunity is not in invited the candidate)."""
    admin = _lever_setup(service)
    hook = f"{service.url}/integrations/lever/webhooks"
    opportunity = lever.add_opportunity()
    claimed = HTTP.post(hook, json=lever.event(opportunity, move=False))  # Lever has it in another stage
    assert claimed.status_code == 200  # acknowledged (Lever need not send it again), nobody invited
    assert lever.opportunities[opportunity]["stage"] == LEVER_OTHER_STAGE
    assert _invited(admin) == []
    assert claimed.json() == {"status": "received"}
    assert HTTP.post(hook, json=lever.event(opportunity)).status_code == 200  # moved in Lever: invited
    assert _invited(admin) == [f"lever-opportunity-{opportunity}"]


def test_lever_answers_say_nothing_of_the_stage_mapping_or_of_who_was_invited(service, lever):
    """Old code: ``assert {'status': 'invited', 'invitation_id': ...} == {'status': 'received'}`` (and
    the answers named the stage, the assessment id, the invitation and the opportunity)."""
    _lever_setup(service)
    hook = f"{service.url}/integrations/lever/webhooks"
    opportunity = lever.add_opportunity()
    answers = [HTTP.post(hook, json=lever.event(opportunity)),  # invites
               HTTP.post(hook, json=lever.event(opportunity)),  # invited before
               HTTP.post(hook, json=lever.event(opportunity, to_stage="unmapped-stage")),
               HTTP.post(hook, json=lever.event(opportunity, event="candidateHired"))]
    assert [(a.status_code, a.json()) for a in answers] == [(200, {"status": "received"})] * 4
    misconfigured = HTTP.post(hook, json=lever.event(lever.add_opportunity(), to_stage="other-stage"))
    assert misconfigured.status_code == 503
    assert "missing-assessment" not in misconfigured.text and "other-stage" not in misconfigured.text
    nobody = lever.add_opportunity(email="")
    no_email = HTTP.post(hook, json=lever.event(nobody))
    assert no_email.status_code == 422 and nobody not in no_email.text


def test_lever_connection_test_without_an_opportunity_is_answered_200(service, lever):
    """Issue 28 item 9. Old code: ``assert 422 == 200`` (Lever's check when the webhook is saved
    failed)."""
    _lever_setup(service)
    probe = lever.event("unused")
    probe["data"] = {}
    answer = HTTP.post(f"{service.url}/integrations/lever/webhooks", json=probe)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"status": "received"}


def _team_keys(service: Service, name: str) -> dict[str, str]:
    with Session(service.app.state.engine) as session:
        team = teams.create(session, name)
        keys = {role: create_key(session, role, f"{name} {role}", team_id=team.id)[1]
                for role in ("author", "ats")}
        session.commit()
    return keys


def test_a_team_key_reads_only_its_own_teams_lever_invitations(service, lever):
    """Old code: ``assert 200 == 404`` (team B's ats key read team A's Lever invitation, the
    candidate's token included)."""
    a, b = _team_keys(service, "Team A"), _team_keys(service, "Team B")
    assessment_a = upload_tiny_problem(service.client(a["author"]))
    service.app.state.settings.lever_stages = f"{LEVER_STAGE}={assessment_a}"
    opportunity = lever.add_opportunity()
    assert HTTP.post(f"{service.url}/integrations/lever/webhooks", json=lever.event(opportunity)).status_code == 200
    [invitation_id] = [e["data"]["invitation_id"] for e in service.client(a["ats"]).get("/v1/events").json()["items"]
                       if e["type"] == "invitation.created"]
    assert service.client(a["ats"]).get(f"/integrations/lever/invitations/{invitation_id}").status_code == 200
    foreign = service.client(b["ats"]).get(f"/integrations/lever/invitations/{invitation_id}")
    assert foreign.status_code == 404, foreign.text
    assert "inv_" not in foreign.text


def test_ashby_start_by_another_teams_key_learns_nothing(service):
    """Old code: ``assert 200 == 404`` (team B's key, sending team A's assessment type and an
    application id, got team A's assessment id back)."""
    a, b = _team_keys(service, "Team A"), _team_keys(service, "Team B")
    assessment_a = upload_tiny_problem(service.client(a["author"]))
    body = {"assessment_type_id": assessment_a, "application": {"ashby_id": "app-1"},
            "candidate": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}}
    base = f"{service.url}/integrations/ashby"
    started = HTTP.post(f"{base}/assessment.start", json=body, auth=(a["ats"], ""))
    assert started.status_code == 200, started.text
    foreign = HTTP.post(f"{base}/assessment.start", json=body, auth=(b["ats"], ""))
    assert foreign.status_code == 404, foreign.text
    assert started.json()["results"]["assessment_id"] not in foreign.text


def test_greenhouse_send_test_of_another_teams_callback_url_learns_nothing(service):
    """Old code: ``assert 200 == 409`` (team B's key, sending a callback URL team A's test has, got
    team A's partner_interview_id back)."""
    a, b = _team_keys(service, "Team A"), _team_keys(service, "Team B")
    assessment_a = upload_tiny_problem(service.client(a["author"]))
    assessment_b = upload_tiny_problem(service.client(b["author"]))
    callback = f"http://127.0.0.1:9/integrations/testing_partners/take_home_tests/{uuid.uuid4().int % 10**6}"

    def send(key: str, test: str) -> httpx.Response:
        return HTTP.post(f"{service.url}/integrations/greenhouse/send_test", auth=(key, ""), json={
            "partner_test_id": test, "url": callback,
            "candidate": {"first_name": "Harry", "last_name": "Potter", "email": "hp@example.com"}})

    sent = send(a["ats"], assessment_a)
    assert sent.status_code == 200, sent.text
    foreign = send(b["ats"], assessment_b)
    assert foreign.status_code == 409, foreign.text
    assert sent.json()["partner_interview_id"] not in foreign.text
