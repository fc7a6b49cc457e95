"""The invitation page's "ATS updates" panel (issue 28 item 7): what each ATS was last told about the
candidate, a request refused for good shown as failed with the vendor's message, and an admin (only)
sending it again, audited; post/redirect/get; another team's invitation answers 404."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.reviewer_data import make_app, seed

from api.audit import AuditEvent
from api.console import session as web_session
from api.models import Assessment, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole, User
from api.webhooks.models import WebhookDelivery, WebhookEvent

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(tmp_path):
    app = make_app(tmp_path, webhook_worker=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        backend = teams.create(session, "Backend")
        assessment = session.get(Assessment, data.assessment_id)
        assert assessment is not None
        assessment.team_id = backend.id
        session.add(assessment)
        users.create(session, email="jane@acme.example", name="Jane Admin", is_admin=True)
        teams.set_member(session, backend, users.create(session, email="rita@acme.example", name="Rita Recruiter"),
                         TeamRole.RECRUITER)
        teams.set_member(session, teams.create(session, "Other"),
                         users.create(session, email="otto@acme.example", name="Otto Other"), TeamRole.RECRUITER)
        invitation_id = data.invitations["ada"]
        for target, status, code, error in (("greenhouse", "failed", 401, "Unauthorized: the API key is not valid"),
                                             ("lever", "succeeded", 201, None)):
            event = WebhookEvent(id=f"msg_{target}", type="invitation.completed", invitation_id=invitation_id,
                                 payload="{}")
            session.add(event)
            session.flush()
            session.add(WebhookDelivery(event_id=event.id, target=target, url=f"https://{target}.example/x",
                                        status=status, tries=1, last_status_code=code, last_error=error,
                                        succeeded_at=utcnow() if status == "succeeded" else None))
        session.commit()
    return app, invitation_id


def _client(app, email: str) -> TestClient:
    with Session(app.state.engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        _, token = sessions.start(session, user, hours=8)
        session.commit()
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    client.cookies.set(web_session.cookie_name(app.state.settings), token)
    return client


def test_a_refused_request_shows_as_failed_with_the_vendors_message_and_an_admin_sends_it_again(world):
    app, invitation_id = world
    admin = _client(app, "jane@acme.example")
    page = admin.get(f"/ui/invitations/{invitation_id}")
    assert page.status_code == 200
    panel = page.text.split('id="ats"', 1)[1].split("</section>", 1)[0]
    assert "Greenhouse" in panel and "failed" in panel and "HTTP 401: Unauthorized: the API key is not valid" in panel
    assert "Lever" in panel and "delivered" in panel
    assert panel.index("Greenhouse") < panel.index("Lever")  # the failed one first
    token = CSRF.search(panel)
    assert token, "an admin gets the Send again form"
    answer = admin.post(f"/ui/invitations/{invitation_id}/ats/greenhouse/retry", data={"csrf_token": token.group(1)})
    assert answer.status_code == 303 and answer.headers["location"].endswith("?ats_retried=1#ats")
    with Session(app.state.engine) as session:
        delivery = session.exec(select(WebhookDelivery).where(WebhookDelivery.target == "greenhouse")).one()
        assert delivery.status == "pending" and delivery.tries == 0
        audit = session.exec(select(AuditEvent).where(AuditEvent.action == "webhook.redelivered")).one()
        assert audit.detail["target"] == "greenhouse" and audit.actor_name.startswith("Jane Admin")
    assert "1 request sent again." in admin.get(answer.headers["location"]).text


def test_a_recruiter_sees_the_failure_but_only_an_admin_may_send_it_again(world):
    app, invitation_id = world
    recruiter = _client(app, "rita@acme.example")
    page = recruiter.get(f"/ui/invitations/{invitation_id}")
    panel = page.text.split('id="ats"', 1)[1].split("</section>", 1)[0]
    assert "HTTP 401" in panel and "an admin can send it again" in panel and "Send again" not in panel
    token = CSRF.search(page.text)
    assert token
    refused = recruiter.post(f"/ui/invitations/{invitation_id}/ats/greenhouse/retry",
                             data={"csrf_token": token.group(1)}, headers={"Accept": "text/html"})
    assert refused.status_code == 403


def test_another_teams_invitation_answers_404(world):
    app, invitation_id = world
    outsider = _client(app, "otto@acme.example")
    assert outsider.get(f"/ui/invitations/{invitation_id}", headers={"Accept": "text/html"}).status_code == 404
