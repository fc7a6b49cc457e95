"""Staff people (issue 21): users, passwords, sign-in limits, sessions, one-time links, TOTP, teams.

Service-level tests on a real SQLite database (the same tables as the migration makes)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine
from sqlmodel import Session, SQLModel

from api.errors import Conflict, Unprocessable
from api.models import utcnow
from api.people import links, passwords, sessions, teams, throttle, totp, users
from api.people.models import LinkPurpose, TeamRole, User
from api.people.teams import Action

GOOD = "correct-staple-battery-9"


class Box:
    def __init__(self) -> None:
        self.fernet = Fernet(Fernet.generate_key())

    def encrypt(self, plaintext: str) -> str:
        return self.fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        return self.fernet.decrypt(ciphertext.encode()).decode()


@pytest.fixture
def db(tmp_path) -> Iterator[Session]:
    engine = create_engine(f"sqlite:///{tmp_path / 'people.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session


def jane(db: Session, **changes: object) -> User:
    user = users.create(db, email="  Jane@Acme.Example ", name="Jane  Doe", password=GOOD, **changes)
    db.commit()
    return user


# ------------------------------------------------------------------------------------------- passwords


def test_password_policy_says_what_is_wrong_in_plain_words():
    assert passwords.problems(GOOD) == []
    assert passwords.problems("short") == ["Use at least 12 characters (this one has 5)."]
    assert passwords.problems("x" * 129)[0] == "Use at most 128 characters (this one has 129)."
    assert passwords.problems("Password1234") == ["This password is among the most common ones: pick another."]
    assert passwords.problems("aaaaaaaaaaaaaaa") == ["This password is among the most common ones: pick another."]
    assert passwords.problems("jane.doe-rocks-2026", email="jane.doe@acme.example") == [
        "Do not use your name or e-mail address in your password."]
    assert passwords.problems("xx-JaneDoe-xx-xx", name="Jane Doe") == [
        "Do not use your name or e-mail address in your password."]
    # counted as the browser counts: a CRLF is one character (12 typed characters, 13 sent)
    assert passwords.problems("abcdef\r\nghij") == ["Use at least 12 characters (this one has 11)."]


@pytest.mark.production_password_hash  # the other tests hash at a test cost (tests/conftest.py)
def test_passwords_are_argon2id_and_verify():
    stored = passwords.hash_password(GOOD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and GOOD not in stored  # OWASP's argon2id
    assert passwords.verify(GOOD, stored)[0]
    assert not passwords.verify(GOOD + "x", stored)[0]
    assert passwords.verify(GOOD, None) == (False, None)
    assert passwords.verify(GOOD, "not a hash") == (False, None)


# --------------------------------------------------------------------------------------------- users


def test_users_are_found_by_their_email_in_any_case(db):
    user = jane(db)
    assert user.email == "jane@acme.example" and user.name == "Jane Doe"
    assert user.display == "Jane Doe <jane@acme.example>"
    assert users.by_email(db, "JANE@acme.example").id == user.id
    with pytest.raises(Conflict, match="already has an account"):
        users.create(db, email="jane@ACME.example", name="Other")
    with pytest.raises(Unprocessable, match="e-mail"):
        users.create(db, email="not-an-address", name="X")
    with pytest.raises(passwords.PasswordRejected) as refused:
        users.create(db, email="bob@acme.example", name="Bob", password="short")
    assert refused.value.problems == ["Use at least 12 characters (this one has 5)."]


def test_sign_in_never_tells_an_unknown_email_from_a_wrong_password(db):
    jane(db)
    unknown = users.authenticate(db, "nobody@acme.example", GOOD)
    wrong = users.authenticate(db, "jane@acme.example", "wrong-password-123")
    assert unknown.outcome == wrong.outcome == users.SignInOutcome.WRONG
    assert unknown.message == wrong.message
    ok = users.authenticate(db, "JANE@acme.example", GOOD)
    assert ok.outcome == users.SignInOutcome.OK and ok.user is not None and ok.user.last_login_at is not None


def test_too_many_wrong_passwords_lock_the_account_even_for_the_right_one(db):
    user = jane(db)
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        assert users.authenticate(db, user.email, "wrong-password-123").outcome == users.SignInOutcome.WRONG
    locked = users.authenticate(db, user.email, "wrong-password-123")
    assert locked.outcome == users.SignInOutcome.LOCKED
    assert "locked for 15 more minutes" in locked.message
    assert users.authenticate(db, user.email, GOOD).outcome == users.SignInOutcome.LOCKED
    later = utcnow() + timedelta(minutes=throttle.LOCK_MINUTES, seconds=1)
    assert users.authenticate(db, user.email, GOOD, now=later).outcome == users.SignInOutcome.OK
    # a reset (new password) lifts a lock at once
    for _ in range(throttle.ACCOUNT_LIMIT):
        users.authenticate(db, user.email, "wrong-password-123")
    users.set_password(db, user, "a-brand-new-passphrase")
    assert users.authenticate(db, user.email, "a-brand-new-passphrase").outcome == users.SignInOutcome.OK


def test_a_deactivated_person_is_told_so_only_with_the_right_password(db):
    user = jane(db)
    users.deactivate(db, user)
    assert users.authenticate(db, user.email, "wrong-password-123").outcome == users.SignInOutcome.WRONG
    refused = users.authenticate(db, user.email, GOOD)
    assert refused.outcome == users.SignInOutcome.INACTIVE and "deactivated" in refused.message


def test_address_throttle_limits_one_address_across_accounts():
    limiter = throttle.AddressThrottle(limit=3, window_s=60)
    for _ in range(3):
        assert limiter.retry_after("10.0.0.1") is None
        limiter.failed("10.0.0.1")
    assert 1 <= (limiter.retry_after("10.0.0.1") or 0) <= 61
    assert limiter.retry_after("10.0.0.2") is None


# ------------------------------------------------------------------------------------------ sessions


def test_sessions_end_at_sign_out_expiry_idle_and_deactivation(db):
    user = jane(db)
    row, token = sessions.start(db, user, hours=12, user_agent="Firefox", address="10.0.0.1")
    db.commit()
    assert token.startswith("ses_") and row.id != token  # only the hash is stored
    current = sessions.lookup(db, token)
    assert current is not None and current.user.id == user.id
    assert sessions.lookup(db, token, now=utcnow() + timedelta(hours=13)) is None  # expired
    assert sessions.lookup(db, token, idle=timedelta(minutes=30), now=utcnow() + timedelta(hours=1)) is None
    assert sessions.lookup(db, "ses_made-up") is None and sessions.lookup(db, None) is None
    _, second = sessions.start(db, user, hours=12)
    users.deactivate(db, user)  # every session of hers ends at once
    db.commit()
    assert sessions.lookup(db, token) is None and sessions.lookup(db, second) is None
    users.reactivate(db, user)
    db.commit()
    assert sessions.lookup(db, token) is None  # reactivating does not bring old sessions back


def test_a_password_change_ends_the_other_sessions(db):
    user = jane(db)
    _, token = sessions.start(db, user, hours=12)
    users.set_password(db, user, "another-long-passphrase")
    db.commit()
    assert sessions.lookup(db, token) is None


# --------------------------------------------------------------------------------------------- links


def test_one_time_links_are_single_use_and_expire(db):
    issued = links.issue(db, LinkPurpose.INVITE, email="bob@acme.example", name="Bob")
    db.commit()
    assert issued.token.startswith("lnk_") and issued.link.id != issued.token
    assert links.peek(db, issued.token, LinkPurpose.INVITE).email == "bob@acme.example"
    with pytest.raises(links.LinkError) as wrong_kind:
        links.peek(db, issued.token, LinkPurpose.RESET)
    assert wrong_kind.value.reason == "unknown"
    links.use(db, issued.token, LinkPurpose.INVITE)
    db.commit()
    with pytest.raises(links.LinkError) as used:
        links.use(db, issued.token, LinkPurpose.INVITE)
    assert used.value.reason == "used" and "already been used" in used.value.message
    old = links.issue(db, LinkPurpose.SETUP, now=utcnow() - timedelta(hours=25))
    with pytest.raises(links.LinkError) as expired:
        links.use(db, old.token, LinkPurpose.SETUP)
    assert expired.value.reason == "expired" and "assay users setup-link" in expired.value.message


def test_two_concurrent_uses_of_a_link_let_exactly_one_through(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'race.db'}", connect_args={"timeout": 30})
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        token = links.issue(session, LinkPurpose.RESET, email="jane@acme.example").token
        session.commit()
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def click() -> None:
        with Session(engine) as session:
            barrier.wait()
            try:
                links.use(session, token, LinkPurpose.RESET)
                session.commit()
                outcomes.append("ok")
            except links.LinkError as error:
                outcomes.append(error.reason)

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "used", "used", "used"]


# ---------------------------------------------------------------------------------------------- totp


def test_totp_codes_work_once_within_the_drift(db):
    user = jane(db)
    box = Box()
    secret = totp.new_secret()
    now = time.time()
    code = pyotp.TOTP(secret).at(now)
    assert not totp.enable(db, user, box, secret, "000000" if code != "000000" else "111111", at=now)
    assert totp.enable(db, user, box, secret, code, at=now)
    assert user.totp_secret_enc and secret not in user.totp_secret_enc  # stored encrypted
    assert not totp.verify(db, user, box, code, at=now)  # the enabling code cannot be replayed
    following = pyotp.TOTP(secret).at(now + 30)
    assert totp.verify(db, user, box, following, at=now + 30)
    assert not totp.verify(db, user, box, following, at=now + 31)  # nor this one
    assert not totp.verify(db, user, box, pyotp.TOTP(secret).at(now + 300), at=now + 60)  # too far ahead
    assert totp.verify(db, user, box, " ".join([pyotp.TOTP(secret).at(now + 90)[:3],
                                                 pyotp.TOTP(secret).at(now + 90)[3:]]), at=now + 90)
    assert totp.provisioning_uri(secret, user.email).startswith("otpauth://totp/Assay:jane%40acme.example?")


# --------------------------------------------------------------------------------------------- teams


def test_team_roles_say_who_may_do_what(db):
    recruiter = jane(db)
    engineer = users.create(db, email="eng@acme.example", name="Eng Ineer", password=GOOD + "x")
    outsider = users.create(db, email="out@other.example", name="Out Sider", password=GOOD + "y")
    admin = users.create(db, email="root@acme.example", name="Ad Min", password=GOOD + "z", is_admin=True)
    backend = teams.create(db, "Backend hiring")
    other = teams.create(db, "Sales hiring")
    teams.set_member(db, backend, recruiter, TeamRole.RECRUITER)
    teams.set_member(db, backend, engineer, "reviewer")
    teams.set_member(db, other, outsider, TeamRole.HIRING_MANAGER)
    db.commit()
    with pytest.raises(Conflict):
        teams.create(db, " Backend   hiring ")
    with pytest.raises(Unprocessable, match="unknown role"):
        teams.set_member(db, backend, engineer, "boss")
    assert teams.can(db, recruiter, backend.id, Action.INVITE)
    assert teams.can(db, recruiter, backend.id, Action.SEE_CANDIDATE_LINK)
    assert not teams.can(db, recruiter, backend.id, Action.REVIEW)
    assert teams.can(db, engineer, backend.id, Action.REVIEW)
    assert not teams.can(db, engineer, backend.id, Action.SEE_CANDIDATE_LINK)
    assert not teams.can(db, engineer, backend.id, Action.DECIDE)
    assert not teams.can(db, outsider, backend.id, Action.VIEW)  # another team: nothing
    assert teams.can(db, admin, backend.id, Action.DECIDE) and teams.visible_team_ids(db, admin) is None
    assert teams.visible_team_ids(db, engineer) == {backend.id}
    assert [(m.team.name, m.role) for m in teams.memberships(db, recruiter)] == [("Backend hiring",
                                                                                    TeamRole.RECRUITER)]
    assert [u.name for u, _ in teams.members(db, backend)] == ["Eng Ineer", "Jane Doe"]
    users.deactivate(db, recruiter)
    assert not teams.can(db, recruiter, backend.id, Action.VIEW)


def test_migration_0012_makes_the_tables_the_models_describe(tmp_path):
    """The people tables after `upgrade head` are the ones api.people.models declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import api.audit  # noqa: F401 - registers the audit_log table (its team columns are 0013's)
    from api.migrate import upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(engine)
    people = {"users", "staff_sessions", "teams", "team_members", "one_time_links", "oidc_logins", "team_id",
              "actor_user_id", "ix_assessments_team_id", "ix_api_keys_team_id", "ix_audit_log_team_id",
              "ix_audit_log_actor_user_id"}
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    ours = [d for d in differences if any(f"'{name}'" in repr(d) for name in people)]
    assert ours == []


# ---------------------------------------------------------------------------------- set-up, the CLI


def test_the_first_start_prints_one_set_up_link_and_it_works_once(tmp_path):
    from api.migrate import upgrade
    from api.people import setup

    engine = create_engine(f"sqlite:///{tmp_path / 'setup.db'}", connect_args={"timeout": 30})
    upgrade(engine)
    results: list[setup.SetupLink | None] = []
    barrier = threading.Barrier(3)

    def start() -> None:  # three API processes starting together
        barrier.wait()
        results.append(setup.first_start(engine, "https://assay.acme.example/"))

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    printed = [r.url for r in results if r is not None and r.url]
    assert len(printed) == 1, results  # one link; the others say another process printed it
    assert printed[0].startswith("https://assay.acme.example/ui/setup/lnk_")
    token = printed[0].rsplit("/", 1)[1]
    with Session(engine) as session:
        with pytest.raises(passwords.PasswordRejected):  # a refused form uses nothing up
            setup.complete(session, token, name="Ada Admin", email="ada@acme.example", password="short")
        session.rollback()
        admin = setup.complete(session, token, name="Ada Admin", email="ada@acme.example", password=GOOD)
        session.commit()
        assert admin.is_admin and admin.active
        with pytest.raises(links.LinkError, match="already been used"):
            setup.complete(session, token, name="Eve", email="eve@acme.example", password=GOOD)
    assert setup.first_start(engine, "https://assay.acme.example") is None  # someone can sign in now


def test_assay_users_cli(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from api.cli import main

    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSAY_PUBLIC_URL", "https://assay.acme.example")
    runner = CliRunner()
    printed = runner.invoke(main, ["users", "setup-link"])
    assert printed.exit_code == 0, printed.output
    assert "within 24 hours" in printed.output and "https://assay.acme.example/ui/setup/lnk_" in printed.output
    again = runner.invoke(main, ["users", "setup-link"])
    first, second = (r.output.strip().rsplit("/", 1)[1] for r in (printed, again))
    from api.db import make_engine
    from api.people import setup
    from api.settings import Settings

    engine = make_engine(Settings().resolved_database_url)
    with Session(engine) as session:
        with pytest.raises(links.LinkError, match="already been used"):  # the newer link replaced it
            links.peek(session, first, LinkPurpose.SETUP)
        setup.complete(session, second, name="Ada Admin", email="ada@acme.example", password=GOOD)
        session.commit()
    listed = runner.invoke(main, ["users", "list"])
    assert listed.output.split("\t")[:4] == ["ada@acme.example", "Ada Admin", "admin", "active"]
    assert runner.invoke(main, ["users", "deactivate", "nobody@acme.example"]).exit_code == 2
    done = runner.invoke(main, ["users", "deactivate", "ADA@acme.example"])
    assert done.exit_code == 0 and "deactivated" in done.output
    assert "deactivated" in runner.invoke(main, ["users", "list"]).output
