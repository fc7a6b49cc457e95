"""Signing in to the console as a person (issue 21): the set-up link makes the first admin, a teammate
joins through their invitation link, passwords are checked with limits, a one-time code when turned on,
single sign-on through a real OpenID Connect provider process, API keys only where the setting allows,
and every refusal as a page that says what is wrong, with what was typed kept."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlparse

import httpx
import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.oidc_provider import running_provider
from support.reviewer_data import make_app

from api.audit import AuditEvent
from api.models import utcnow
from api.people import links, setup, teams, users
from api.people.models import LinkPurpose, TeamRole
from api.services.keys import create_key

PASSWORD = "correct-staple-battery-9"
BASE = "http://testserver"


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


@pytest.fixture
def app(tmp_path) -> Any:
    return make_app(tmp_path, console_key_sign_in=False, session_cookie_secure=False, public_url=BASE)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client


def set_up(app: Any, client: TestClient, *, name: str = "Ada Admin", email: str = "ada@acme.example") -> None:
    first = setup.first_start(app.state.engine, BASE)
    assert first is not None and first.url
    path = first.url.removeprefix(BASE)
    form = client.get(path)
    done = client.post(path, data={"name": name, "email": email, "password": PASSWORD, "confirm": PASSWORD,
                                   "csrf_token": csrf(form.text)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/ui/", done.text


def sign_in(client: TestClient, email: str, password: str = PASSWORD, **extra: str) -> httpx.Response:
    form = client.get("/ui/login")
    return client.post("/ui/login", data={"email": email, "password": password, "csrf_token": csrf(form.text),
                                          **extra}, follow_redirects=False)


def test_the_set_up_link_makes_the_first_admin_and_signs_them_in(app, client):
    first = setup.first_start(app.state.engine, BASE)
    assert first is not None and first.url
    path = first.url.removeprefix(BASE)
    assert client.get("/ui/", follow_redirects=False).headers["location"].startswith("/ui/login")
    form = client.get(path)
    assert form.status_code == 200 and "Set up Assay" in form.text
    refused = client.post(path, data={"name": "Ada Admin", "email": "ada@localhost", "password": "short",
                                      "confirm": "short", "csrf_token": csrf(form.text)})
    assert refused.status_code == 422
    assert "Type an e-mail address like jane@example.com." in refused.text
    assert "Use at least 12 characters (this one has 5)." in refused.text
    assert 'value="Ada Admin"' in refused.text and 'value="ada@localhost"' in refused.text  # kept
    assert "short" not in refused.text.split("<form")[1]  # a password is never sent back
    mismatch = client.post(path, data={"name": "Ada Admin", "email": "ada@acme.example", "password": PASSWORD,
                                       "confirm": PASSWORD + "!", "csrf_token": csrf(form.text)})
    assert mismatch.status_code == 422 and "The two passwords differ" in mismatch.text
    done = client.post(path, data={"name": "Ada Admin", "email": "ada@acme.example", "password": PASSWORD,
                                   "confirm": PASSWORD, "csrf_token": csrf(form.text)}, follow_redirects=False)
    assert done.status_code == 303
    home = client.get("/ui/")
    assert home.status_code == 200 and "Ada Admin &lt;ada@acme.example&gt;" in home.text
    used = client.get(path)
    assert used.status_code == 410 and "already been used" in used.text
    with Session(app.state.engine) as session:
        entry = session.exec(select(AuditEvent).where(AuditEvent.action == "user.setup")).one()
        assert entry.actor_name == "Ada Admin <ada@acme.example>" and entry.actor_user_id


def test_an_expired_set_up_link_says_so_and_how_to_get_another(app, client):
    with Session(app.state.engine) as session:
        token = links.issue(session, LinkPurpose.SETUP, now=utcnow() - timedelta(days=2), is_admin=True).token
        session.commit()
    answer = client.get(f"/ui/setup/{token}")
    assert answer.status_code == 410 and "has expired" in answer.text and "assay users setup-link" in answer.text
    assert client.get("/ui/setup/lnk_made-up").status_code == 410


def test_wrong_passwords_are_refused_plainly_and_then_locked(app, client):
    set_up(app, client)
    client.post("/ui/logout")
    wrong = sign_in(client, "ada@acme.example", "wrong-password-123")
    assert wrong.status_code == 401 and "That e-mail address and password do not match" in wrong.text
    assert 'value="ada@acme.example"' in wrong.text  # the e-mail is kept
    unknown = sign_in(client, "nobody@acme.example", "wrong-password-123")
    assert unknown.status_code == 401 and "do not match" in unknown.text
    for _ in range(4):  # five wrong passwords in all
        sign_in(client, "ada@acme.example", "wrong-password-123")
    locked = sign_in(client, "ada@acme.example")
    assert locked.status_code == 401 and "locked for 15 more minutes" in locked.text
    with Session(app.state.engine) as session:
        user = users.by_email(session, "ada@acme.example")
        assert user is not None
        user.locked_until = None
        session.add(user)
        session.commit()
    assert sign_in(client, "ada@acme.example").status_code == 303


def test_too_many_failures_from_one_address_are_refused(app, client):
    app.state.login_throttle.limit = 3
    for _ in range(3):
        assert sign_in(client, "x@acme.example", "wrong-password-123").status_code == 401
    refused = sign_in(client, "y@acme.example", "wrong-password-123")
    assert refused.status_code == 429 and "Too many failed sign-ins from your network" in refused.text


def test_a_deactivated_person_is_signed_out_at_their_next_request(app, client):
    set_up(app, client)
    assert client.get("/ui/").status_code == 200
    with Session(app.state.engine) as session:
        user = users.by_email(session, "ada@acme.example")
        assert user is not None
        users.deactivate(session, user)
        session.commit()
    answer = client.get("/ui/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/ui/login")
    again = sign_in(client, "ada@acme.example")
    assert again.status_code == 401 and "has been deactivated" in again.text


def test_a_one_time_code_is_asked_when_turned_on(app, client):
    set_up(app, client)
    secret = pyotp.random_base32()
    with Session(app.state.engine) as session:
        user = users.by_email(session, "ada@acme.example")
        assert user is not None
        from api.people import totp

        assert totp.enable(session, user, app.state.webhook_box, secret, pyotp.TOTP(secret).now())
        session.commit()
    client.post("/ui/logout")
    step = sign_in(client, "ada@acme.example")
    assert step.status_code == 303 and step.headers["location"].startswith("/ui/login/code")
    assert client.get("/ui/", follow_redirects=False).status_code == 303  # half signed in: not yet
    form = client.get("/ui/login/code")
    assert "Enter your one-time code" in form.text
    wrong = client.post("/ui/login/code", data={"code": "000000" if pyotp.TOTP(secret).now() != "000000"
                                                else "111111", "csrf_token": csrf(form.text), "next": "/ui/"})
    assert wrong.status_code == 401 and "That code is not right" in wrong.text
    time.sleep(0.01)
    next_code = pyotp.TOTP(secret).at(time.time() + 30)  # a fresh step (the enabling code is used)
    right = client.post("/ui/login/code", data={"code": next_code, "csrf_token": csrf(form.text), "next": "/ui/"},
                        follow_redirects=False)
    assert right.status_code == 303 and client.get("/ui/").status_code == 200


def test_a_teammate_joins_through_their_invitation_link(app, client):
    set_up(app, client)
    with Session(app.state.engine) as session:
        team = teams.create(session, "Backend hiring")
        admin = users.by_email(session, "ada@acme.example")
        assert admin is not None
        token = links.issue(session, LinkPurpose.INVITE, email="bo@acme.example", name="Bo Builder",
                            team_id=team.id, role=TeamRole.REVIEWER, created_by=admin.id).token
        session.commit()
        team_id = team.id
    client.post("/ui/logout")
    form = client.get(f"/ui/join/{token}")
    assert form.status_code == 200 and "the Backend hiring team as Reviewer (engineer)" in form.text
    assert 'value="Bo Builder"' in form.text and "bo@acme.example" in form.text
    joined = client.post(f"/ui/join/{token}", data={"name": "Bo Builder", "password": PASSWORD + "x",
                                                    "confirm": PASSWORD + "x", "csrf_token": csrf(form.text)},
                         follow_redirects=False)
    assert joined.status_code == 303
    assert "Bo Builder &lt;bo@acme.example&gt;" in client.get("/ui/").text
    with Session(app.state.engine) as session:
        bo = users.by_email(session, "bo@acme.example")
        assert bo is not None and teams.role_of(session, bo, team_id) == TeamRole.REVIEWER and not bo.is_admin
    assert client.get(f"/ui/join/{token}").status_code == 410  # used


def test_keys_sign_in_only_where_the_setting_allows(app, client, tmp_path):
    with Session(app.state.engine) as session:
        key = create_key(session, "admin", "script")[1]
        session.commit()
    page = client.get("/ui/login")
    assert 'name="key"' not in page.text and 'name="email"' in page.text
    refused = client.post("/ui/login", data={"key": key, "csrf_token": csrf(page.text)}, follow_redirects=False)
    assert refused.status_code == 422  # no e-mail and password: the key is not even looked at
    allowed = make_app(tmp_path / "keys", console_key_sign_in=True, session_cookie_secure=False)
    with TestClient(allowed, base_url=BASE) as other:
        with Session(allowed.state.engine) as session:
            key = create_key(session, "admin", "script")[1]
            session.commit()
        form = other.get("/ui/login")
        assert 'name="key"' in form.text
        assert other.post("/ui/login", data={"key": key, "csrf_token": csrf(form.text)},
                          follow_redirects=False).status_code == 303
        assert other.get("/ui/").status_code == 200


def test_single_sign_on_with_group_roles_and_a_replayed_state(tmp_path):
    people = {"hana": {"email": "hana@acme.example", "name": "Hana Recruiter", "groups": ["backend-hr"]}}
    redirect = f"{BASE}/ui/sso/callback"
    config = {"client_id": "assay", "client_secret": "s3cret", "redirect_uris": [redirect], "users": people}
    with running_provider(tmp_path, config) as issuer:
        app = make_app(tmp_path / "data", console_key_sign_in=False, session_cookie_secure=False, public_url=BASE,
                       oidc_issuer=issuer, oidc_client_id="assay", oidc_client_secret="s3cret",
                       oidc_role_map={"backend-hr": "Backend hiring:recruiter"})
        with TestClient(app, base_url=BASE) as client:
            login = client.get("/ui/login")
            assert "Sign in with single sign-on" in login.text
            start = client.get("/ui/sso/start?next=/ui/", follow_redirects=False)
            assert start.status_code == 303 and start.headers["location"].startswith(f"{issuer}/authorize?")
            url = start.headers["location"]
            params = dict(parse_qsl(urlparse(url).query))
            answer = httpx.post(f"{issuer}/authorize", data={**params, "username": "hana", "decision": "allow"})
            back = answer.headers["location"]
            assert back.startswith(redirect)
            done = client.get(back.removeprefix(BASE), follow_redirects=False)
            assert done.status_code == 303 and done.headers["location"] == "/ui/"
            assert "Hana Recruiter &lt;hana@acme.example&gt;" in client.get("/ui/").text
            with Session(app.state.engine) as session:
                hana = users.by_email(session, "hana@acme.example")
                assert hana is not None and teams.memberships(session, hana)[0].role == TeamRole.RECRUITER
            client.post("/ui/logout")
            replay = client.get(back.removeprefix(BASE))
            assert replay.status_code == 401 and "already been used or has expired" in replay.text


def test_the_production_default_is_no_key_sign_in():
    from api.settings import Settings

    assert Settings.model_fields["console_key_sign_in"].default is False


def test_a_forgotten_password_is_reset_by_e_mail(tmp_path):
    import shutil

    from support.smtp import SmtpServer

    smtp = SmtpServer().start()
    try:
        app = make_app(tmp_path / "data", console_key_sign_in=False, session_cookie_secure=False, public_url=BASE,
                       smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none", mail_poll_seconds=0.05,
                       smtp_from="Acme Hiring <jobs@acme.example>", webhook_worker=False)
        with TestClient(app, base_url=BASE) as client:
            set_up(app, client)
            old_session = client.cookies.get("assay_session")
            other = TestClient(app, base_url=BASE)
            form = other.get("/ui/reset")
            for email in ("nobody@acme.example", "ADA@acme.example"):  # the same answer for both
                answer = other.post("/ui/reset", data={"email": email, "csrf_token": csrf(form.text)})
                assert answer.status_code == 200 and "is on its way" in answer.text
            deadline = time.monotonic() + 20
            while not smtp.to("ada@acme.example"):
                assert time.monotonic() < deadline, "the reset e-mail did not arrive"
                time.sleep(0.1)
            assert not smtp.to("nobody@acme.example")
            link = re.search(rf"{BASE}(/ui/reset/lnk_[\w-]+)", smtp.to("ada@acme.example")[0].text)
            assert link, smtp.to("ada@acme.example")[0].text
            page = other.get(link.group(1))
            assert "Pick a new password" in page.text and "ada@acme.example" in page.text
            short = other.post(link.group(1), data={"password": "short", "confirm": "short",
                                                     "csrf_token": csrf(page.text)})
            assert short.status_code == 422 and "Use at least 12 characters" in short.text
            done = other.post(link.group(1), data={"password": "a brand new passphrase",
                                                    "confirm": "a brand new passphrase",
                                                    "csrf_token": csrf(page.text)}, follow_redirects=False)
            assert done.status_code == 303 and done.headers["location"] == "/ui/login?notice=password-set"
            assert other.get(link.group(1)).status_code == 410  # used
            client.cookies.set("assay_session", old_session or "")
            assert client.get("/ui/", follow_redirects=False).status_code == 303  # the old session ended
            assert sign_in(client, "ada@acme.example", "a brand new passphrase").status_code == 303
    finally:
        smtp.stop()
        shutil.rmtree(smtp.folder, ignore_errors=True)


def test_without_e_mail_the_reset_page_says_whom_to_ask(client):
    page = client.get("/ui/reset")
    assert "does not send e-mail" in page.text and 'name="email"' not in page.text
