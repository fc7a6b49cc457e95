"""Staff users: create, find, authenticate with a password, change it, deactivate.

Sign-in errors never say whether an e-mail address has an account ("that e-mail and password do not
match" for both); a locked or deactivated account says so only once the password was right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, select

from api.errors import Conflict, NotFound, Unprocessable
from api.models import utcnow
from api.people import passwords, sessions, throttle
from api.people.models import User

MAX_NAME = 200
MAX_EMAIL = 254


class SignInOutcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # unknown e-mail or wrong password (never told apart)
    LOCKED = "locked"  # too many wrong passwords
    INACTIVE = "inactive"  # deactivated by an admin
    NO_PASSWORD = "no_password"  # an account that signs in through the identity provider


@dataclass(frozen=True)
class SignIn:
    outcome: SignInOutcome
    user: User | None = None
    retry_after_s: int | None = None

    @property
    def message(self) -> str:
        """What the sign-in page says, in plain words."""
        if self.outcome is SignInOutcome.WRONG:
            return "That e-mail address and password do not match. Check both, or reset your password."
        if self.outcome is SignInOutcome.LOCKED:
            minutes = max(1, round((self.retry_after_s or 60) / 60))
            return (f"Too many wrong passwords: this account is locked for {minutes} more minute"
                    f"{'s' if minutes != 1 else ''}. Wait, or reset your password.")
        if self.outcome is SignInOutcome.INACTIVE:
            return "This account has been deactivated. Ask an administrator of your Assay if you need access."
        if self.outcome is SignInOutcome.NO_PASSWORD:
            return "This account signs in through your company's single sign-on: use that button instead."
        return ""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def get(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


def any_user(session: Session) -> bool:
    return session.exec(select(User.id).limit(1)).first() is not None


def create(session: Session, *, email: str, name: str, is_admin: bool = False, password: str | None = None,
           oidc_issuer: str | None = None, oidc_subject: str | None = None) -> User:
    """A new active user; ``password`` must meet the policy. Conflict if the e-mail has an account."""
    email = normalise_email(email)
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise Unprocessable(f"a name of 1 to {MAX_NAME} characters is needed")
    if "@" not in email or len(email) > MAX_EMAIL:
        raise Unprocessable("a valid e-mail address is needed")
    if by_email(session, email) is not None:
        raise Conflict(f"{email} already has an account")
    user = User(email=email, name=name, is_admin=is_admin, oidc_issuer=oidc_issuer, oidc_subject=oidc_subject)
    if password is not None:
        passwords.check(password, email=email, name=name)
        user.password_hash = passwords.hash_password(password)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str, *, now: datetime | None = None) -> SignIn:
    """Check an e-mail and password; counts failures and locks the account after too many."""
    now = now or utcnow()
    user = by_email(session, email)
    if user is None:
        passwords.verify(password, None)  # the same cost as a wrong password
        return SignIn(SignInOutcome.WRONG)
    locked = throttle.locked_for(user, now)
    if locked is not None:
        return SignIn(SignInOutcome.LOCKED, retry_after_s=int(locked.total_seconds()) + 1)
    if user.password_hash is None:
        passwords.verify(password, None)
        return SignIn(SignInOutcome.NO_PASSWORD if user.oidc_subject else SignInOutcome.WRONG)
    matched, rehashed = passwords.verify(password, user.password_hash)
    if not matched:
        throttle.record_failure(user, now)
        session.add(user)
        locked = throttle.locked_for(user, now)
        if locked is not None:
            return SignIn(SignInOutcome.LOCKED, retry_after_s=int(locked.total_seconds()) + 1)
        return SignIn(SignInOutcome.WRONG)
    if not user.active:
        return SignIn(SignInOutcome.INACTIVE, user)
    if rehashed:
        user.password_hash = rehashed
    throttle.record_success(user, now)
    session.add(user)
    return SignIn(SignInOutcome.OK, user)


def set_password(session: Session, user: User, password: str) -> None:
    """A new password (policy-checked); every other session of the user ends, and a lock is lifted."""
    passwords.check(password, email=user.email, name=user.name)
    user.password_hash = passwords.hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    sessions.revoke_all(session, user.id)


def deactivate(session: Session, user: User) -> None:
    """No more sign-in, and every session ends at once (the next request of each is refused)."""
    user.active = False
    user.deactivated_at = utcnow()
    session.add(user)
    sessions.revoke_all(session, user.id)


def reactivate(session: Session, user: User) -> None:
    user.active = True
    user.deactivated_at = None
    session.add(user)


def active_admins(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.is_admin == True, User.active == True)).all())  # noqa: E712
