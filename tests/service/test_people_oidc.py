"""Single sign-on (issue 21) against a real OpenID Connect provider process (tests/support/oidc_provider.py):
the code flow with PKCE, ID token verification, group -> role mapping, account linking, and the
errors a person can meet (a replayed or stale state, a cancelled sign-in, a deactivated account, no
account)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlparse

import httpx
import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, SQLModel, select
from support.net import free_port
from support.oidc_provider import running_provider

from api.models import utcnow
from api.people import oidc, teams, users
from api.people.models import OidcLogin, Team, TeamRole
from api.people.settings import SignInSettings

SUPPORT = Path(__file__).resolve().parents[1] / "support"
REDIRECT = "http://assay.test/ui/sso/callback"
PEOPLE = {
    "root": {"email": "root@acme.example", "name": "Rita Root", "groups": ["assay-admins"]},
    "hr": {"email": "Hana@Acme.example", "name": "Hana Recruiter", "groups": ["backend-hr", "staff"]},
    "eng": {"email": "eng@acme.example", "name": "Emil Engineer", "groups": ["backend-engineers"],
            "groups_in_id_token": False},  # groups only from userinfo
    "lead": {"email": "lead@acme.example", "name": "Lea Lead", "groups": ["backend-engineers", "backend-hm"]},
    "shady": {"email": "jane@acme.example", "name": "Not Jane", "groups": [], "email_verified": False},
    "nobody": {"email": "new@acme.example", "name": "New Person", "groups": []},
}
ROLE_MAP = {"assay-admins": "admin", "backend-hr": "Backend hiring:recruiter",
            "backend-engineers": "Backend hiring:reviewer", "backend-hm": "Backend hiring:hiring_manager"}


@pytest.fixture(scope="module")
def provider(tmp_path_factory) -> Iterator[str]:
    config = {"client_id": "assay", "client_secret": "s3cret", "redirect_uris": [REDIRECT], "users": PEOPLE}
    with running_provider(tmp_path_factory.mktemp("idp"), config) as issuer:
        yield issuer


@pytest.fixture
def db(tmp_path) -> Iterator[Session]:
    engine = create_engine(f"sqlite:///{tmp_path / 'people.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session


def settings(issuer: str, **changes: Any) -> SignInSettings:
    return SignInSettings(oidc_issuer=issuer, oidc_client_id="assay", oidc_client_secret="s3cret",
                          oidc_scopes="openid email profile groups", **{"oidc_role_map": ROLE_MAP, **changes})


def sign_in_at_provider(url: str, username: str, decision: str = "allow") -> dict[str, str]:
    """What a browser does at the provider: open the authorization URL, submit the form, follow back."""
    form_page = httpx.get(url)
    assert form_page.status_code == 200 and "Test identity provider" in form_page.text
    params = dict(parse_qsl(urlparse(url).query))
    answer = httpx.post(url.split("?")[0], data={**params, "username": username, "decision": decision})
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith(REDIRECT)
    return dict(parse_qsl(urlparse(location).query))


def sso(db: Session, client: oidc.OidcClient, username: str) -> Any:
    url = client.begin(db, REDIRECT, return_to="/ui/")
    db.commit()
    identity, return_to = client.finish(db, sign_in_at_provider(url, username), REDIRECT)
    assert return_to == "/ui/"
    user = oidc.provision(db, identity, client.settings)
    db.commit()
    return user


def test_the_code_flow_signs_people_in_with_their_groups_as_roles(provider, db):
    client = oidc.OidcClient(settings(provider))
    url = client.begin(db, REDIRECT)
    query = dict(parse_qsl(urlparse(url).query))
    assert query["code_challenge_method"] == "S256" and query["nonce"] and query["state"]
    assert db.exec(select(OidcLogin)).one().id != query["state"]  # only its hash is kept

    root = sso(db, client, "root")
    assert root.is_admin and root.email == "root@acme.example" and root.oidc_subject == "sub-root"
    hana = sso(db, client, "hr")
    assert hana.email == "hana@acme.example" and not hana.is_admin
    backend = db.exec(select(Team).where(Team.name == "Backend hiring")).one()  # made by the role map
    assert teams.role_of(db, hana, backend.id) == TeamRole.RECRUITER
    emil = sso(db, client, "eng")  # groups from the userinfo endpoint
    assert teams.role_of(db, emil, backend.id) == TeamRole.REVIEWER
    lea = sso(db, client, "lead")  # two mapped groups for one team: the stronger role
    assert teams.role_of(db, lea, backend.id) == TeamRole.HIRING_MANAGER
    again = sso(db, client, "hr")  # the same person again: the same account
    assert again.id == hana.id and len(users.active_admins(db)) == 1


def test_roles_follow_the_groups_at_each_sign_in(provider, db):
    client = oidc.OidcClient(settings(provider))
    nobody = users.create(db, email="new@acme.example", name="New Person")
    backend = teams.create(db, "Backend hiring")
    sales = teams.create(db, "Sales hiring")  # not in the role map: managed in the console
    teams.set_member(db, backend, nobody, TeamRole.REVIEWER)
    teams.set_member(db, sales, nobody, TeamRole.RECRUITER)
    nobody.is_admin = True
    db.commit()
    person = sso(db, client, "nobody")  # no mapped group any more
    assert person.id == nobody.id and not person.is_admin
    assert teams.role_of(db, person, backend.id) is None
    assert teams.role_of(db, person, sales.id) == TeamRole.RECRUITER


def test_a_replayed_or_stale_state_is_refused(provider, db):
    client = oidc.OidcClient(settings(provider))
    url = client.begin(db, REDIRECT)
    db.commit()
    params = sign_in_at_provider(url, "hr")
    client.finish(db, params, REDIRECT)
    db.commit()
    with pytest.raises(oidc.OidcError, match="already been used or has expired"):
        client.finish(db, params, REDIRECT)
    with pytest.raises(oidc.OidcError, match="already been used or has expired"):
        client.finish(db, {**params, "state": "made-up"}, REDIRECT)
    url = client.begin(db, REDIRECT)
    for login in db.exec(select(OidcLogin)).all():
        login.expires_at = utcnow() - timedelta(seconds=1)
        db.add(login)
    db.commit()
    with pytest.raises(oidc.OidcError, match="already been used or has expired"):
        client.finish(db, sign_in_at_provider(url, "hr"), REDIRECT)


def test_errors_a_person_can_meet_are_plain(provider, db):
    client = oidc.OidcClient(settings(provider, oidc_create_users=False))
    url = client.begin(db, REDIRECT)
    db.commit()
    with pytest.raises(oidc.OidcError, match="did not sign you in: the person cancelled"):
        client.finish(db, sign_in_at_provider(url, "hr", decision="deny"), REDIRECT)
    with pytest.raises(oidc.OidcError, match=r"no Assay account for new@acme\.example"):
        sso(db, client, "nobody")
    jane = users.create(db, email="jane@acme.example", name="Jane Doe", password="correct-staple-battery-9")
    db.commit()
    with pytest.raises(oidc.OidcError, match=r"has not verified jane@acme\.example"):
        sso(db, client, "shady")  # an unverified e-mail never takes over a local account
    users.deactivate(db, jane)
    root = users.create(db, email="root@acme.example", name="Rita Root")
    users.deactivate(db, root)
    db.commit()
    with pytest.raises(oidc.OidcError, match="deactivated"):
        sso(db, client, "root")
    with pytest.raises(ValueError, match="ASSAY_OIDC_ROLE_MAP: 'x' -> 'Team:boss'"):
        oidc.OidcClient(settings(provider, oidc_role_map={"x": "Team:boss"}))
    unreachable = oidc.OidcClient(settings(f"http://127.0.0.1:{free_port()}"))
    with pytest.raises(oidc.OidcError, match="could not be reached"):
        unreachable.begin(db, REDIRECT)


def test_a_token_for_another_client_or_nonce_is_refused(provider, db):
    client = oidc.OidcClient(settings(provider))
    url = client.begin(db, REDIRECT)
    db.commit()
    params = sign_in_at_provider(url, "hr")
    login = db.exec(select(OidcLogin)).one()
    login.nonce = "another-nonce"  # as if the code were injected into someone else's sign-in
    db.add(login)
    db.commit()
    with pytest.raises(oidc.OidcError, match=r"ID token was refused \(nonce\)"):
        client.finish(db, params, REDIRECT)
