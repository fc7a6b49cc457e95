"""The people tables: users, staff sessions, hiring teams, team members, one-time links."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models import new_id, utcnow


class TeamRole(StrEnum):
    """A member's role in one hiring team (admins are global: User.is_admin)."""

    RECRUITER = "recruiter"  # HR: invites candidates, assigns reviewers, records the decision
    REVIEWER = "reviewer"  # IT: scores candidates on the scorecard, comments on their code
    HIRING_MANAGER = "hiring_manager"  # sees everything of the team, may decide
    AUTHOR = "author"  # writes problems and assessments


class LinkPurpose(StrEnum):
    SETUP = "setup"  # the first admin picks a password (printed at the first start)
    INVITE = "invite"  # a teammate joins (e-mailed)
    RESET = "reset"  # a forgotten password (e-mailed)


class User(SQLModel, table=True):
    """A named member of staff. ``email`` is stored lower-cased and is the sign-in name."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    email: str = Field(unique=True, index=True)
    name: str
    is_admin: bool = False
    active: bool = True
    password_hash: str | None = None  # argon2id (pwdlib); None: signs in through OpenID Connect only
    totp_secret_enc: str | None = None  # the TOTP secret, encrypted; None: no second factor
    totp_last_counter: int | None = None  # the last time step used: a code is never accepted twice
    oidc_issuer: str | None = None
    oidc_subject: str | None = None
    failed_logins: int = 0  # consecutive wrong passwords
    locked_until: datetime | None = None  # too many of them: no sign-in until then
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
    deactivated_at: datetime | None = None

    @property
    def display(self) -> str:
        """How the audit log and the pages name this person: "Jane Doe <jane@acme.example>"."""
        return f"{self.name} <{self.email}>"


class StaffSession(SQLModel, table=True):
    """A console sign-in. The cookie holds a random token; only its SHA-256 is stored here."""

    __tablename__ = "staff_sessions"

    id: str = Field(primary_key=True)  # sha256 of the cookie's token
    user_id: str = Field(foreign_key="users.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    mfa_pending: bool = False  # the password was right; the one-time code is still to come
    csrf_token: str  # the console's forms carry it
    user_agent: str = ""
    address: str = ""


class Team(SQLModel, table=True):
    __tablename__ = "teams"

    id: str = Field(default_factory=new_id, primary_key=True)
    name: str = Field(unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_members"

    team_id: str = Field(foreign_key="teams.id", primary_key=True)
    user_id: str = Field(foreign_key="users.id", primary_key=True, index=True)
    role: str  # a TeamRole
    added_at: datetime = Field(default_factory=utcnow)


class OneTimeLink(SQLModel, table=True):
    """A single-use, expiring link: set-up, team invitation or password reset."""

    __tablename__ = "one_time_links"

    id: str = Field(primary_key=True)  # sha256 of the link's token
    purpose: str = Field(index=True)  # a LinkPurpose
    email: str = ""  # who it is for (invite, reset)
    name: str = ""  # invite: the name the inviter typed
    user_id: str | None = Field(default=None, foreign_key="users.id")  # reset: whose password
    team_id: str | None = Field(default=None, foreign_key="teams.id")  # invite: which team...
    role: str | None = None  # ...in which role
    is_admin: bool = False  # setup, or an invitation as an admin
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
    created_by: str | None = Field(default=None, foreign_key="users.id")


class OidcLogin(SQLModel, table=True):
    """A sign-in sent to the identity provider and not back yet: its state (hashed), nonce and PKCE
    verifier. Used once: a replayed or stale state is refused."""

    __tablename__ = "oidc_logins"

    id: str = Field(primary_key=True)  # sha256 of the state parameter
    nonce: str
    code_verifier: str
    return_to: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
