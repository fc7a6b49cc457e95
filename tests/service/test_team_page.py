"""The console's Team page through the app (TestClient against create_app), signed in as people (a
StaffSession's token in the session cookie): what an admin, a hiring manager and a reviewer see, inviting
(the link shown with e-mail off, e-mailed through a real aiosmtpd with it on), errors beside their fields
with what was typed kept, role changes and removals, deactivation ending sessions at once, another team's
ids answering 404, CSRF, and each change audited with the person as the actor."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.net import wait_for
from support.reviewer_data import make_app
from support.smtp import SmtpServer

from api.audit import AuditEvent
from api.console import session as web_session
from api.people import links, sessions, teams, users
from api.people.models import LinkPurpose, TeamMember, TeamRole, User

PUBLIC = "https://assay.example"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
JOIN = re.compile(r"https://assay\.example/ui/join/(lnk_[A-Za-z0-9_\-]+)")


@dataclass
class World:
    app: Any
    ids: dict[str, str]  # users and teams by short name

    def client(self, who: str) -> TestClient:
        with Session(self.app.state.engine) as session:
            user = session.get(User, self.ids[who])
            assert user is not None
            _, token = sessions.start(session, user, hours=8)
            session.commit()
        client = TestClient(self.app, base_url="https://testserver", follow_redirects=False)
        client.cookies.set(web_session.cookie_name(self.app.state.settings), token)
        return client

    def csrf(self, client: TestClient) -> str:
        match = CSRF.search(client.get("/ui/team").text)
        assert match
        return match.group(1)

    def audit(self, action: str) -> list[AuditEvent]:
        with Session(self.app.state.engine) as session:
            return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def build(tmp_path: Any, **settings: Any) -> World:
    app = make_app(tmp_path, public_url=PUBLIC, webhook_worker=False, **settings)
    with Session(app.state.engine) as session:
        admin = users.create(session, email="jane@acme.example", name="Jane Doe", is_admin=True)
        manager = users.create(session, email="max@acme.example", name="Max Manager")
        reviewer = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        other = users.create(session, email="otto@acme.example", name="Otto Other")
        backend, frontend = teams.create(session, "Backend"), teams.create(session, "Frontend")
        teams.set_member(session, backend, manager, TeamRole.HIRING_MANAGER)
        teams.set_member(session, backend, reviewer, TeamRole.REVIEWER)
        teams.set_member(session, frontend, other, TeamRole.RECRUITER)
        session.commit()
        ids = {"admin": admin.id, "manager": manager.id, "reviewer": reviewer.id, "other": other.id,
               "backend": backend.id, "frontend": frontend.id}
    return World(app, ids)


@pytest.fixture
def world(tmp_path) -> World:
    return build(tmp_path)


def test_admin_sees_every_team_and_invites_with_the_link_shown_when_mail_is_off(world):
    client = world.client("admin")
    page = client.get("/ui/team")
    assert page.status_code == 200
    for text in ("Backend", "Frontend", "Max Manager", "otto@acme.example", "Hiring manager", "New team",
                 'href="/ui/team"'):
        assert text in page.text, text
    assert "<time datetime=" in page.text or "\u2013" in page.text  # last sign-in: a time, or a dash
    response = client.post("/ui/team/invite", data={"csrf_token": world.csrf(client), "name": " Sam  Lee ",
                                                    "email": "Sam@Example.com", "team_id": world.ids["backend"],
                                                    "role": "reviewer"})
    assert response.status_code == 200 and "E-mail is not configured" in response.text
    [token] = JOIN.findall(response.text)
    with Session(world.app.state.engine) as session:
        link = links.peek(session, token, LinkPurpose.INVITE)
        assert (link.email, link.name, link.team_id, link.role, link.created_by) == (
            "sam@example.com", "Sam Lee", world.ids["backend"], "reviewer", world.ids["admin"])
    assert "Invited, not joined yet" in client.get("/ui/team").text
    [event] = world.audit("user.invited")
    assert event.actor_user_id == world.ids["admin"] and event.actor_name == "Jane Doe <jane@acme.example>"
    assert event.team_id == world.ids["backend"] and event.detail["emailed"] is False


def test_a_refused_invitation_keeps_what_was_typed_with_errors_beside_the_fields(world):
    client = world.client("manager")
    response = client.post("/ui/team/invite", data={"csrf_token": world.csrf(client), "name": "",
                                                    "email": "not-an-address", "team_id": world.ids["frontend"],
                                                    "role": "boss"})
    assert response.status_code == 422
    text = response.text
    for field, words in (("name", "Type the teammate"), ("email", "like jane@example.com"),
                         ("team", "Pick one of the teams"), ("role", "Pick one of the roles")):
        assert re.search(rf'id="invite-{field}-error">[^<]*{re.escape(words)}', text), field
    assert 'value="not-an-address"' in text and 'aria-invalid="true"' in text
    assert "{" not in re.sub(r"<[^>]+>", "", text).replace("{{", "")  # no raw JSON
    assert world.audit("user.invited") == []
    taken = client.post("/ui/team/invite", data={"csrf_token": world.csrf(client), "name": "Rita",
                                                 "email": "rita@acme.example", "team_id": world.ids["backend"],
                                                 "role": "author"})
    assert taken.status_code == 422 and "is in this team already" in taken.text


def test_inviting_someone_with_an_account_adds_them_at_once(world):
    client = world.client("admin")
    response = client.post("/ui/team/invite", data={"csrf_token": world.csrf(client), "name": "Otto",
                                                    "email": "OTTO@acme.example", "team_id": world.ids["backend"],
                                                    "role": "author"})
    assert response.status_code == 303 and response.headers["location"].startswith("/ui/team?done=added")
    with Session(world.app.state.engine) as session:
        assert session.get(TeamMember, (world.ids["backend"], world.ids["other"])).role == "author"  # type: ignore[union-attr]


def test_a_hiring_manager_manages_only_their_team_and_others_ids_answer_404(world):
    client = world.client("manager")
    page = client.get("/ui/team")
    assert page.status_code == 200 and "Backend" in page.text and "Frontend" not in page.text
    assert "New team" not in page.text and "Deactivate" not in page.text
    token = world.csrf(client)
    backend, frontend = world.ids["backend"], world.ids["frontend"]
    changed = client.post(f"/ui/team/{backend}/members/{world.ids['reviewer']}/role",
                          data={"csrf_token": token, "role": "author"})
    assert changed.status_code == 303 and changed.headers["location"].startswith("/ui/team?done=role")
    for path, data in ((f"/ui/team/{frontend}/members/{world.ids['other']}/role", {"role": "author"}),
                       (f"/ui/team/{frontend}/members/{world.ids['other']}/remove", {}),
                       (f"/ui/team/{backend}/members/{world.ids['other']}/remove", {}),  # not in this team
                       (f"/ui/team/people/{world.ids['reviewer']}/deactivate", {}),  # admins only
                       ("/ui/team/new", {"team_name": "Mine"})):
        response = client.post(path, data={"csrf_token": token, **data})
        assert response.status_code == 404, path
        assert "<h1" in response.text and not response.text.lstrip().startswith("{")
    removed = client.post(f"/ui/team/{backend}/members/{world.ids['reviewer']}/remove", data={"csrf_token": token})
    assert removed.status_code == 303
    with Session(world.app.state.engine) as session:
        assert session.get(TeamMember, (backend, world.ids["reviewer"])) is None
        assert session.get(TeamMember, (frontend, world.ids["other"])) is not None
    [role_set] = world.audit("team.member_set")
    assert (role_set.actor_user_id, role_set.target_id, role_set.detail["role"]) == (
        world.ids["manager"], world.ids["reviewer"], "author")
    [gone] = world.audit("team.member_removed")
    assert gone.actor_user_id == world.ids["manager"] and gone.team_id == backend


def test_a_reviewer_has_no_team_page_and_no_team_link(world):
    client = world.client("reviewer")
    assert client.get("/ui/team").status_code == 404
    assert 'href="/ui/team"' not in client.get("/ui/team").text
    assert 'href="/ui/team"' in world.client("manager").get("/ui/team").text


def test_admin_deactivates_and_reactivates_and_the_sessions_end_at_once(world):
    admin, victim = world.client("admin"), world.client("manager")
    assert victim.get("/ui/team").status_code == 200
    token = world.csrf(admin)
    response = admin.post(f"/ui/team/people/{world.ids['manager']}/deactivate", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"].startswith("/ui/team?done=deactivated")
    after = victim.get("/ui/team")
    assert after.status_code in (303, 401, 403) or "Sign in" in after.text
    assert "Deactivated" in admin.get("/ui/team").text
    self_off = admin.post(f"/ui/team/people/{world.ids['admin']}/deactivate", data={"csrf_token": token})
    assert self_off.status_code == 422 and "cannot deactivate yourself" in self_off.text
    back = admin.post(f"/ui/team/people/{world.ids['manager']}/reactivate", data={"csrf_token": token})
    assert back.status_code == 303
    with Session(world.app.state.engine) as session:
        assert session.get(User, world.ids["manager"]).active is True  # type: ignore[union-attr]
    assert [e.target_id for e in world.audit("user.deactivated")] == [world.ids["manager"]]
    assert [e.actor_user_id for e in world.audit("user.reactivated")] == [world.ids["admin"]]


def test_admin_makes_a_team_and_a_duplicate_name_is_refused_beside_the_field(world):
    client = world.client("admin")
    token = world.csrf(client)
    made = client.post("/ui/team/new", data={"csrf_token": token, "team_name": "  Data  "})
    assert made.status_code == 303
    assert "Data" in client.get("/ui/team").text and len(world.audit("team.created")) == 1
    again = client.post("/ui/team/new", data={"csrf_token": token, "team_name": "Data"})
    assert again.status_code == 422 and re.search(r'id="team-name-error">A team named Data exists', again.text)
    assert 'value="Data"' in again.text


def test_forms_without_the_csrf_token_are_refused_and_nobody_signed_in_is_sent_to_sign_in(world):
    client = world.client("admin")
    refused = client.post("/ui/team/new", data={"team_name": "Sneaky"})
    assert refused.status_code == 403 and "another site" in refused.text
    anonymous = TestClient(world.app, base_url="https://testserver", follow_redirects=False)
    response = anonymous.get("/ui/team")
    assert response.status_code == 303 and "/ui/login" in response.headers["location"]


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


def test_with_mail_on_the_invitation_is_e_mailed_with_the_join_link(tmp_path, smtp_server):
    world = build(tmp_path, smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none",
                  smtp_from="Acme Hiring <jobs@acme.example>", mail_poll_seconds=0.05)
    client = world.client("manager")
    response = client.post("/ui/team/invite", data={"csrf_token": world.csrf(client), "name": "Sam Lee",
                                                    "email": "sam@example.com", "team_id": world.ids["backend"],
                                                    "role": "reviewer"})
    assert response.status_code == 303 and response.headers["location"].startswith("/ui/team?done=invited")
    assert "invitation e-mail is on its way" in client.get(response.headers["location"]).text
    assert world.app.state.mail.run_once(5) == 1
    [received] = wait_for(lambda: smtp_server.to("sam@example.com"), what="the invitation")
    assert received.message["Subject"] == ("Max Manager invited you to the Backend hiring team on Assay as "
                                           "Reviewer (engineer)")
    [token] = JOIN.findall(received.text)
    with Session(world.app.state.engine) as session:
        assert links.peek(session, token, LinkPurpose.INVITE).team_id == world.ids["backend"]
    assert world.audit("user.invited")[0].detail["emailed"] is True
