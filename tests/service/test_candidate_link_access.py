"""Who may see a candidate's personal link, and who may change an invitation (issue 22, item 1, built on
the team roles of issue 21): only admin and ats keys, admins and a team's recruiters see links; Resend
queues the e-mail and answers without the link; a masked (anonymised) candidate's link is shown only
after a reveal recorded as ``candidate.revealed``; inviting, extending, extra time, revoking, resending
and creating an assessment follow the team role (a reviewer does none of them)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from support.console_world import PUBLIC, TOKEN, World, build_world

from api.models import Invitation


@pytest.fixture
def world(tmp_path) -> World:
    return build_world(tmp_path)


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# ------------------------------------------------------------------------------ REST


def test_rest_resend_never_answers_with_the_link_and_a_reviewer_key_cannot_ask_for_it(world):
    with TestClient(world.app) as client:
        for role in ("reviewer", "admin"):
            response = client.post(f"/v1/invitations/{world.ids['plain']}/resend", headers=_bearer(world.keys[role]))
            assert response.status_code == 200, response.text
            assert world.tokens["plain"] not in response.text and not TOKEN.search(response.text), role
        refused = client.post(f"/v1/invitations/{world.ids['plain']}/link", headers=_bearer(world.keys["reviewer"]))
        assert refused.status_code == 403 and "admin or ats" in refused.json()["detail"]
        assert world.tokens["plain"] not in refused.text
        for role in ("admin", "ats"):
            shown = client.post(f"/v1/invitations/{world.ids['plain']}/link", headers=_bearer(world.keys[role]))
            assert shown.status_code == 200 and shown.json()["link"] == f"{PUBLIC}/take/{world.tokens['plain']}"
        assert len(world.audit("invitation.link_shown", world.ids["plain"])) == 2


def test_rest_link_of_a_masked_candidate_needs_a_recorded_reveal(world):
    masked = world.ids["masked"]
    with TestClient(world.app) as client:
        refused = client.post(f"/v1/invitations/{masked}/link", headers=_bearer(world.keys["admin"]))
        assert refused.status_code == 409 and "anonymised" in refused.json()["detail"]
        assert world.tokens["masked"] not in refused.text
        assert world.audit("candidate.revealed", masked) == [] and world.audit("invitation.link_shown", masked) == []
        shown = client.post(f"/v1/invitations/{masked}/link", headers=_bearer(world.keys["admin"]),
                            json={"reveal": True})
        assert shown.status_code == 200 and shown.json()["link"].endswith(world.tokens["masked"])
        [revealed] = world.audit("candidate.revealed", masked)
        assert revealed.detail["reason"] == "link" and revealed.detail["candidate_number"] == 1
        ats = client.post(f"/v1/invitations/{masked}/link", headers=_bearer(world.keys["ats"]))
        assert ats.status_code == 200, "the ats key keeps the names (it created the invitation with them)"


# ------------------------------------------------------------------------------ console


def test_console_reviewer_neither_sees_links_nor_changes_invitations(world):
    client = world.client("reviewer")
    csrf = world.csrf(client)
    plain = world.ids["plain"]
    page = client.get(f"/ui/invitations/{plain}")
    assert page.status_code == 200
    assert f"/ui/invitations/{plain}/link" not in page.text and f"/ui/invitations/{plain}/resend" not in page.text
    assert 'id="invite-one"' not in client.get(f"/ui/assessments/{world.ids['plain_assessment']}").text
    for action, data in (("link", {}), ("resend", {}), ("extend", {"expires_on": "2099-01-01"}),
                         ("extra-time", {"percent": "50"}), ("revoke", {})):
        response = client.post(f"/ui/invitations/{plain}/{action}", data={"csrf_token": csrf, **data})
        assert response.status_code == 403, (action, response.status_code)
        assert world.tokens["plain"] not in response.text, action
    invite = client.post(f"/ui/assessments/{world.ids['plain_assessment']}/invitations",
                         data={"csrf_token": csrf, "name": "Eve", "email": "eve@x.example"})
    assert invite.status_code == 403
    bulk = client.post(f"/ui/assessments/{world.ids['plain_assessment']}/invitations/csv",
                       data={"csrf_token": csrf}, files={"file": ("c.csv", "name,email\nEve,eve@x.example\n")})
    assert bulk.status_code == 403
    new = client.post("/ui/assessments", data={"csrf_token": csrf, "title": "Mine", "duration": "60",
                                               "problems": "alert-windows", "team_id": world.ids["backend"]})
    assert new.status_code == 403 and "may not create assessments" in new.text
    with Session(world.app.state.engine) as session:
        row = session.get(Invitation, plain)
        assert row is not None and row.revoked_at is None and row.time_multiplier == 1.0


def test_console_hiring_manager_resends_without_seeing_the_link(world):
    client = world.client("manager")
    csrf = world.csrf(client)
    plain = world.ids["plain"]
    resent = client.post(f"/ui/invitations/{plain}/resend", data={"csrf_token": csrf}, follow_redirects=True)
    assert resent.status_code == 200 and "ask a recruiter" in resent.text
    assert world.tokens["plain"] not in resent.text and not TOKEN.search(resent.text)
    assert client.post(f"/ui/invitations/{plain}/link", data={"csrf_token": csrf}).status_code == 403
    invited = client.post(f"/ui/assessments/{world.ids['plain_assessment']}/invitations",
                          data={"csrf_token": csrf, "name": "Eve", "email": "eve@x.example"}, follow_redirects=True)
    assert invited.status_code == 200 and "1 candidate invited" in invited.text and not TOKEN.search(invited.text)


def test_console_recruiter_sees_a_link_and_a_masked_one_only_after_a_recorded_reveal(world):
    client = world.client("recruiter")
    csrf = world.csrf(client)
    plain, masked = world.ids["plain"], world.ids["masked"]
    assert 'id="invite-one"' in client.get(f"/ui/assessments/{world.ids['plain_assessment']}").text
    shown = client.post(f"/ui/invitations/{plain}/link", data={"csrf_token": csrf}, follow_redirects=True)
    assert shown.status_code == 200 and world.tokens["plain"] in shown.text
    resent = client.post(f"/ui/invitations/{plain}/resend", data={"csrf_token": csrf}, follow_redirects=True)
    assert resent.status_code == 200 and world.tokens["plain"] not in resent.text, "Resend never shows the link"

    asked = client.post(f"/ui/invitations/{masked}/link", data={"csrf_token": csrf}, follow_redirects=True)
    assert asked.status_code == 200 and "Reveal the candidate" in asked.text
    assert world.tokens["masked"] not in asked.text and "Ada masked" not in asked.text
    assert world.audit("candidate.revealed", masked) == []
    revealed = client.post(f"/ui/invitations/{masked}/link", data={"csrf_token": csrf, "reveal": "yes"},
                           follow_redirects=True)
    assert revealed.status_code == 200 and world.tokens["masked"] in revealed.text
    [event] = world.audit("candidate.revealed", masked)
    assert event.actor_user_id == world.ids["recruiter"] and event.detail["reason"] == "link"
    assert len(world.audit("invitation.link_shown", masked)) == 1
