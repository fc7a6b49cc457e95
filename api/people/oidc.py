"""Single sign-on with any OpenID Connect provider (Keycloak, Entra ID, Okta, Google): the authorization
code flow with PKCE, through Authlib (the OAuth 2 client) and joserfc (ID token verification).

``begin()`` stores the sign-in's state (hashed), nonce and PKCE verifier and returns the provider's URL;
``finish()`` uses that row once (a replayed or stale state is refused), exchanges the code, verifies the
ID token (signature against the provider's JWKS, issuer, audience, expiry, nonce) and returns who signed
in. ``provision()`` finds or makes their account and brings their admin flag and team roles in line with
their groups (``ASSAY_OIDC_ROLE_MAP``).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlmodel import Session, col, select, update

from api.models import utcnow
from api.people import teams, users
from api.people.models import OidcLogin, Team, TeamRole, User
from api.people.settings import SignInSettings
from api.security import hash_secret

LOGIN_LIFETIME = timedelta(minutes=10)
DISCOVERY_TTL_S = 3600
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
CLOCK_SKEW_S = 120


class OidcError(Exception):
    """A sign-in that cannot complete; the message is for the person, in plain words."""


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    email: str
    email_verified: bool
    name: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grants:
    """What the role map gives a set of groups: admin or not, and a role in each mapped team."""

    admin: bool
    teams: dict[str, TeamRole] = field(default_factory=dict)  # team name -> role


def parse_role_map(mapping: dict[str, str]) -> dict[str, str | tuple[str, TeamRole]]:
    """``{"group": "admin" | "Team name:role"}`` checked; ValueError naming the bad entry."""
    parsed: dict[str, str | tuple[str, TeamRole]] = {}
    for group, target in mapping.items():
        if target.strip().lower() == "admin":
            parsed[group] = "admin"
            continue
        team, _, role = target.rpartition(":")
        try:
            parsed[group] = (team.strip(), TeamRole(role.strip()))
        except ValueError:
            raise ValueError(f"ASSAY_OIDC_ROLE_MAP: {group!r} -> {target!r}: use 'admin' or '<team name>:<role>' with "
                             f"a role of {', '.join(r.value for r in TeamRole)}") from None
        if not team.strip():
            raise ValueError(f"ASSAY_OIDC_ROLE_MAP: {group!r} -> {target!r}: the team name is missing")
    return parsed


RANK = [TeamRole.REVIEWER, TeamRole.AUTHOR, TeamRole.RECRUITER, TeamRole.HIRING_MANAGER]  # the stronger wins


def grants(groups: tuple[str, ...], role_map: dict[str, str]) -> Grants:
    parsed = parse_role_map(role_map)
    admin = False
    roles: dict[str, TeamRole] = {}
    for group in groups:
        target = parsed.get(group)
        if target == "admin":
            admin = True
        elif isinstance(target, tuple):
            team, role = target
            if team not in roles or RANK.index(role) > RANK.index(roles[team]):
                roles[team] = role
    return Grants(admin, roles)


class OidcClient:
    """One identity provider. Discovery and JWKS are fetched once an hour (JWKS again at an unknown key)."""

    def __init__(self, settings: SignInSettings, http: httpx.Client | None = None) -> None:
        if not (settings.oidc_issuer and settings.oidc_client_id):
            raise ValueError("single sign-on needs ASSAY_OIDC_ISSUER and ASSAY_OIDC_CLIENT_ID")
        self.settings = settings
        self.issuer = settings.oidc_issuer.rstrip("/")
        self.http = http or httpx.Client(timeout=10, follow_redirects=False)
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None
        parse_role_map(settings.oidc_role_map)  # a bad map fails at start-up, not at someone's sign-in

    # -- the provider's documents
    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None or time.monotonic() - self._metadata_at > DISCOVERY_TTL_S:
                url = f"{self.issuer}/.well-known/openid-configuration"
                try:
                    response = self.http.get(url)
                    response.raise_for_status()
                    document = response.json()
                except (httpx.HTTPError, ValueError) as exc:
                    raise OidcError(f"The identity provider could not be reached ({url}: {exc}). Try again in a "
                                    "minute; if it persists, tell your Assay administrator.") from None
                if document.get("issuer", "").rstrip("/") != self.issuer:
                    raise OidcError("The identity provider's discovery document names another issuer "
                                    f"({document.get('issuer')!r}): check ASSAY_OIDC_ISSUER.")
                self._metadata, self._metadata_at, self._keys = document, time.monotonic(), None
            return self._metadata

    def keys(self, *, refresh: bool = False) -> KeySet:
        metadata = self.metadata()
        with self._lock:
            if self._keys is None or refresh:
                response = self.http.get(metadata["jwks_uri"])
                response.raise_for_status()
                self._keys = KeySet.import_key_set(response.json())
            return self._keys

    # -- the flow
    def begin(self, session: Session, redirect_uri: str, return_to: str = "") -> str:
        """Store a new sign-in and return the provider's authorization URL to send the browser to."""
        state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), generate_token(64)
        now = utcnow()
        session.add(OidcLogin(id=hash_secret(state), nonce=nonce, code_verifier=verifier, return_to=return_to,
                              created_at=now, expires_at=now + LOGIN_LIFETIME))
        client = OAuth2Client(client_id=self.settings.oidc_client_id, scope=self.settings.oidc_scopes,
                              redirect_uri=redirect_uri, code_challenge_method="S256")
        url, _ = client.create_authorization_url(self.metadata()["authorization_endpoint"], state=state,
                                                 code_verifier=verifier, nonce=nonce)
        return str(url)

    def finish(self, session: Session, params: dict[str, str], redirect_uri: str) -> tuple[Identity, str]:
        """Complete a sign-in from the provider's redirect (its query ``params``): who it is, and where
        to go next. OidcError with a plain message for anything wrong."""
        login = self._use_state(session, params.get("state", ""))
        if params.get("error"):
            reason = params.get("error_description") or params["error"]
            raise OidcError(f"The identity provider did not sign you in: {reason}.")
        code = params.get("code")
        if not code:
            raise OidcError("The identity provider's answer has no code. Start again from the sign-in page.")
        metadata = self.metadata()
        client = OAuth2Client(client_id=self.settings.oidc_client_id, client_secret=self.settings.oidc_client_secret,
                              redirect_uri=redirect_uri, timeout=10)
        try:
            token = client.fetch_token(metadata["token_endpoint"], code=code, code_verifier=login.code_verifier,
                                       redirect_uri=redirect_uri)
        except Exception as exc:  # Authlib's OAuthError, httpx errors
            raise OidcError(f"Assay could not complete the sign-in with the identity provider ({exc}). Start again "
                            "from the sign-in page.") from None
        finally:
            client.close()
        id_token = token.get("id_token")
        if not id_token:
            raise OidcError("The identity provider sent no ID token: is the 'openid' scope in ASSAY_OIDC_SCOPES?")
        claims = self._verify(id_token, login.nonce)
        groups_claim = self.settings.oidc_groups_claim
        if groups_claim not in claims and metadata.get("userinfo_endpoint"):
            claims = {**self._userinfo(metadata["userinfo_endpoint"], token["access_token"]), **claims}
        email = str(claims.get("email") or "").strip().lower()
        if not email:
            raise OidcError("The identity provider sent no e-mail address. Ask your administrator to release the "
                            "'email' claim to Assay.")
        raw_groups = claims.get(groups_claim) or []
        groups = tuple(str(g) for g in (raw_groups if isinstance(raw_groups, list) else [raw_groups]))
        name = str(claims.get("name") or " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")]))
                   or email.split("@")[0])
        return Identity(issuer=self.issuer, subject=str(claims["sub"]), email=email,
                        email_verified=claims.get("email_verified") is not False, name=name, groups=groups), \
            login.return_to

    def _use_state(self, session: Session, state: str) -> OidcLogin:
        stale = OidcError("This sign-in has already been used or has expired. Start again from the sign-in page.")
        if not state:
            raise stale
        now = utcnow()
        key = hash_secret(state)
        result = session.exec(
            update(OidcLogin).where(col(OidcLogin.id) == key, col(OidcLogin.used_at).is_(None),
                                    col(OidcLogin.expires_at) > now).values(used_at=now))
        if result.rowcount != 1:
            raise stale
        login = session.get(OidcLogin, key)
        assert login is not None
        return login

    def _verify(self, id_token: str, nonce: str) -> dict[str, Any]:
        try:
            try:
                decoded = jwt.decode(id_token, self.keys(), algorithms=ALGORITHMS)
            except JoseError:  # a rotated key: fetch the JWKS again once
                decoded = jwt.decode(id_token, self.keys(refresh=True), algorithms=ALGORITHMS)
        except (JoseError, ValueError, httpx.HTTPError) as exc:
            raise OidcError(f"The identity provider's answer could not be verified ({exc}).") from None
        claims = dict(decoded.claims)
        now = time.time()
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        problems = []
        if str(claims.get("iss", "")).rstrip("/") != self.issuer:
            problems.append(f"issuer {claims.get('iss')!r}")
        if self.settings.oidc_client_id not in audiences:
            problems.append("audience")
        if len(audiences) > 1 and claims.get("azp") != self.settings.oidc_client_id:
            problems.append("authorized party")
        if not isinstance(claims.get("exp"), int | float) or claims["exp"] < now - CLOCK_SKEW_S:
            problems.append("expired")
        if isinstance(claims.get("iat"), int | float) and claims["iat"] > now + CLOCK_SKEW_S:
            problems.append("issued in the future")
        if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
            problems.append("nonce")
        if not claims.get("sub"):
            problems.append("no subject")
        if problems:
            raise OidcError(f"The identity provider's ID token was refused ({', '.join(problems)}). Start again from "
                            "the sign-in page.")
        return claims

    def _userinfo(self, url: str, access_token: str) -> dict[str, Any]:
        try:
            response = self.http.get(url, headers={"Authorization": f"Bearer {access_token}"})
            response.raise_for_status()
            return dict(response.json())
        except (httpx.HTTPError, ValueError):
            return {}

    def logout_url(self, post_logout_redirect_uri: str) -> str | None:
        endpoint = self.metadata().get("end_session_endpoint")
        if not endpoint:
            return None
        query = urlencode({"client_id": self.settings.oidc_client_id,
                           "post_logout_redirect_uri": post_logout_redirect_uri})
        return f"{endpoint}?{query}"


def provision(session: Session, identity: Identity, settings: SignInSettings) -> User:
    """The account of ``identity``: found by (issuer, subject), else by a verified e-mail (an invited or
    local account is linked), else made (when ASSAY_OIDC_CREATE_USERS allows). Its admin flag and its
    roles in the mapped teams then follow the groups. OidcError for a deactivated or unknown person."""
    user = session.exec(select(User).where(User.oidc_issuer == identity.issuer,
                                           User.oidc_subject == identity.subject)).first()
    if user is None:
        by_email = users.by_email(session, identity.email)
        if by_email is not None:
            if not identity.email_verified:
                raise OidcError(f"The identity provider has not verified {identity.email}, and an Assay account "
                                "has that address: ask your administrator.")
            user = by_email
            user.oidc_issuer, user.oidc_subject = identity.issuer, identity.subject
        elif settings.oidc_create_users:
            user = users.create(session, email=identity.email, name=identity.name, oidc_issuer=identity.issuer,
                                oidc_subject=identity.subject)
        else:
            raise OidcError(f"There is no Assay account for {identity.email}. Ask an administrator to invite you.")
    if not user.active:
        raise OidcError("This account has been deactivated. Ask an administrator of your Assay if you need access.")
    if settings.oidc_role_map:
        given = grants(identity.groups, settings.oidc_role_map)
        user.is_admin = given.admin
        mapped = {target[0] for target in parse_role_map(settings.oidc_role_map).values() if isinstance(target, tuple)}
        for team_name in mapped:
            team = session.exec(select(Team).where(Team.name == team_name)).first()
            role = given.teams.get(team_name)
            if team is None and role is not None:
                team = teams.create(session, team_name)
            if team is None:
                continue
            if role is None:
                teams.remove_member(session, team, user)
            else:
                teams.set_member(session, team, user, role)
    user.last_login_at = utcnow()
    session.add(user)
    session.flush()
    return user


def fingerprint(identity: Identity) -> str:
    """A short, stable id for logs (never the e-mail)."""
    return hashlib.sha256(f"{identity.issuer}|{identity.subject}".encode()).hexdigest()[:12]
