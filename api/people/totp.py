"""Time-based one-time codes (RFC 6238, through pyotp) as a second factor for local accounts.

The secret is stored encrypted (the caller's secret box). A code is accepted in the current 30-second
step or the one before or after (clock drift), and never twice: the step of the last accepted code is
kept, and a code of that step or an earlier one is refused (a shoulder-surfed code cannot be replayed).
"""

from __future__ import annotations

import time
from typing import Protocol

import pyotp
from sqlmodel import Session

from api.people.models import User

ISSUER = "Assay"
DRIFT_STEPS = 1


class SecretBox(Protocol):
    def encrypt(self, plaintext: str) -> str: ...
    def decrypt(self, ciphertext: str) -> str: ...


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str = ISSUER) -> str:
    """The otpauth:// URI an authenticator app reads (from a QR code or typed)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def matching_step(secret: str, code: str, *, at: float | None = None) -> int | None:
    """The time step whose code ``code`` is (within the drift), or None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    step = int(now // totp.interval)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if pyotp.utils.strings_equal(totp.at(candidate * totp.interval), code):
            return candidate
    return None


def enable(session: Session, user: User, box: SecretBox, secret: str, code: str, *, at: float | None = None) -> bool:
    """Turn on the second factor with ``secret`` once ``code`` proves the app has it."""
    step = matching_step(secret, code, at=at)
    if step is None:
        return False
    user.totp_secret_enc = box.encrypt(secret)
    user.totp_last_counter = step
    session.add(user)
    return True


def verify(session: Session, user: User, box: SecretBox, code: str, *, at: float | None = None) -> bool:
    """Whether ``code`` is a fresh, right code for ``user`` (and remember its step if so)."""
    if user.totp_secret_enc is None:
        return False
    step = matching_step(box.decrypt(user.totp_secret_enc), code, at=at)
    if step is None or (user.totp_last_counter is not None and step <= user.totp_last_counter):
        return False
    user.totp_last_counter = step
    session.add(user)
    return True


def disable(session: Session, user: User) -> None:
    user.totp_secret_enc = None
    user.totp_last_counter = None
    session.add(user)
