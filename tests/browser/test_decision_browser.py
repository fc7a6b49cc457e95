"""The recruiter's decision reaches the ATS and the webhooks, in a real headless Chromium: a recruiter
(a person of the hiring team, signed in with a console session) opens the report of a candidate whom a
fake Greenhouse sent the test, records "advance" with a reason, and then

- the fake Greenhouse (support/fake_ats.py) gets its callback PATCHed again, with the documented HTTP
  Basic key, asks test_status as Greenhouse does, and reads the decision, the reason and the recruiter's
  name in its metadata, with the score and the report as profile URL;
- a real webhook receiver process (support/receiver.py) gets ``decision.recorded``, whose Standard
  Webhooks signature the ``standardwebhooks`` package verifies with the endpoint's secret.

Two reviewers of the team have scored the candidate on the scorecard first: the scorecard summary (mean
and spread per criterion, recommendations) goes with the decision to both.

Screenshot: docs/screenshots/console-decision-recorded.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session
from support.browser import chromium, screenshot
from support.fake_ats import FakeGreenhouse
from support.net import wait_for
from support.receiver import Receiver
from support.service import Service, upload_tiny_problem

from api.auth import Staff
from api.models import Invitation, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole
from api.reviews import assignments, scoring
from api.scope import of_teams
from api.webhooks import events as ev


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    receiver = Receiver().start()
    service = Service(tmp_path_factory.mktemp("decision") / "data", greenhouse_callback_hosts="127.0.0.1",
                      session_cookie_secure=False).start()
    try:
        with Session(service.app.state.engine) as session:
            backend = teams.create(session, "Backend")
            rita = users.create(session, email="rita@acme.example", name="Rita Recruiter")
            rita.last_login_at = utcnow()
            teams.set_member(session, backend, rita, TeamRole.RECRUITER)
            reviewers = {}
            for email, name in (("ravi@acme.example", "Ravi Reviewer"), ("vera@acme.example", "Vera Reviewer")):
                reviewer = users.create(session, email=email, name=name)
                teams.set_member(session, backend, reviewer, TeamRole.REVIEWER)
                reviewers[name] = reviewer.id
            _, cookie = sessions.start(session, rita, hours=8)
            session.commit()
            recruiter_id, backend_id = rita.id, backend.id
        admin = service.client(service.key())
        ats_key = service.key("ats")
        assessment_id = upload_tiny_problem(admin)  # the only team's
        endpoint = admin.post("/v1/webhooks/endpoints", json={"url": receiver.url,
                                                              "event_types": ["decision.recorded"]}).json()
        receiver.control(secrets=[endpoint["secret"]], verify_log=True)
        with FakeGreenhouse(service.url, ats_key) as greenhouse, chromium() as browser:
            yield {"service": service, "admin": admin, "ats": ats_key, "assessment": assessment_id,
                   "greenhouse": greenhouse, "receiver": receiver, "browser": browser, "cookie": cookie,
                   "reviewers": reviewers, "recruiter": recruiter_id, "team": backend_id}
    finally:
        service.stop()
        receiver.stop()


def test_the_recruiters_decision_reaches_greenhouse_and_the_webhook_receiver(world):
    service, greenhouse = world["service"], world["greenhouse"]
    interview = greenhouse.send_test(world["assessment"], 4242)
    shown = service.client(world["ats"]).get(f"/integrations/greenhouse/tests/{interview}").json()
    candidate = service.client(shown["candidate_token"])
    assert candidate.post("/v1/me/start").status_code == 200
    assert candidate.post("/v1/me/finish").status_code == 200
    wait_for(lambda: greenhouse.statuses and greenhouse.statuses[-1]["body"].get("partner_status") == "complete",
             20, what="the completion PATCH and Greenhouse's test_status")
    _two_reviews(world, interview)

    context = world["browser"].new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "assay_session", "value": world["cookie"], "url": service.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    page.goto(f"{service.url}/ui/invitations/{interview}")
    assert "Rita Recruiter" in page.inner_text("header")
    page.check("#decision-form input[name=decision][value=advance]")
    page.fill("#decision-note", "Clean solution, good tests: on to the on-site.")
    page.click("#decision-form button[type=submit]")
    page.wait_for_selector("#current-decision")
    assert "advance" in page.inner_text("#current-decision").lower()
    screenshot(page, "console-decision-recorded")
    assert not errors, errors
    context.close()

    wait_for(lambda: len(greenhouse.statuses) >= 2, 20, what="the decision PATCH and test_status")
    assert [p["path"] for p in greenhouse.patches] == ["/integrations/testing_partners/take_home_tests/4242"] * 2
    status = greenhouse.statuses[-1]
    assert status["status_code"] == 200
    body = status["body"]
    assert body["partner_status"] == "complete" and body["partner_score"] == 0.0
    assert body["partner_profile_url"] == f"{service.url}/v1/invitations/{interview}/report.html"
    assert body["metadata"]["Decision"] == "Advance"
    assert body["metadata"]["Decision reason"] == "Clean solution, good tests: on to the on-site."
    assert body["metadata"]["Decided by"] == "Rita Recruiter <rita@acme.example>"
    assert body["metadata"]["Score %"] == 0.0
    assert body["metadata"]["Reviews"] == "2 / 2"
    assert body["metadata"]["Correctness (mean of 4)"] == 3.5 and body["metadata"]["Correctness (spread)"] == 1.0
    assert body["metadata"]["Testing (mean of 4)"] == 2.0 and body["metadata"]["Testing (spread)"] == 2.0
    assert body["metadata"]["Recommendations"] == "Yes 1, Strong yes 1"

    [delivered] = world["receiver"].wait_delivered(1, "decision.recorded")
    assert delivered["verified_by"] == [0]  # standardwebhooks verified it with the endpoint's secret
    assert delivered["signature"].startswith("v1,") and delivered["webhook_id"].startswith("msg_")
    event = delivered["body"]
    assert set(event) == {"type", "timestamp", "data"} and event["type"] == "decision.recorded"
    data = ev.DecisionRecordedData.model_validate(event["data"]).model_dump(mode="json")
    assert data["invitation_id"] == interview and data["assessment_id"] == world["assessment"]
    assert data["external_id"] == "greenhouse-application-26234709"
    assert (data["decision"], data["reason"]) == ("advance", "Clean solution, good tests: on to the on-site.")
    assert data["decided_by"] == "Rita Recruiter <rita@acme.example>"
    assert data["score_percent"] == 0.0
    assert data["report_url"] == f"{service.url}/v1/invitations/{interview}/report.html"
    assert "hpotter" not in str(event) and "Harry" not in str(event)
    scorecard = data["scorecard"]
    assert (scorecard["reviews_submitted"], scorecard["reviews_assigned"]) == (2, 2)
    criteria = {c["key"]: c for c in scorecard["criteria"]}
    assert (criteria["correctness"]["mean"], criteria["correctness"]["spread"]) == (3.5, 1.0)
    assert criteria["testing"]["disagreement"] is True and scorecard["disagreements"] == ["testing"]
    assert scorecard["recommendations"]["yes"] == 1 and scorecard["recommendations"]["strong_yes"] == 1
    assert "Ravi" not in str(event) and "Vera" not in str(event)  # figures, no reviewer's name


def _two_reviews(world: dict[str, Any], invitation_id: str) -> None:
    """The recruiter assigns two reviewers; each submits a scorecard (through the reviews service)."""
    scope = of_teams({world["team"]})
    with Session(world["service"].app.state.engine) as session:
        invitation = session.get(Invitation, invitation_id)
        recruiter = Staff(key_id=None, role="member", name="Rita Recruiter <rita@acme.example>", scope=scope,
                          user_id=world["recruiter"])
        scores = {"Ravi Reviewer": ({"correctness": 4, "code_quality": 3, "testing": 1, "communication": 3},
                                    "strong_yes"),
                  "Vera Reviewer": ({"correctness": 3, "code_quality": 3, "testing": 3, "communication": 3}, "yes")}
        for user_id in world["reviewers"].values():
            assignments.assign(session, recruiter, invitation, user_id)
        for name, user_id in world["reviewers"].items():
            reviewer = Staff(key_id=None, role="member", name=name, scope=scope, user_id=user_id)
            scoring.submit(session, reviewer, invitation, scores[name][0], scores[name][1], "")
        session.commit()
