"""Passwords: argon2id hashes through pwdlib, and the policy a new password must meet.

The policy follows NIST SP 800-63B: a minimum length (12), a generous maximum (128), no composition
rules, and no password that is among the most common ones or made of the person's own name or e-mail.
Lengths count characters after line endings are normalised, as a browser counts them.
"""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_LENGTH = 12
MAX_LENGTH = 128

_HASHER = PasswordHash((Argon2Hasher(),))


# Verified when the e-mail is unknown, so that a wrong e-mail takes as long as a wrong password. Made on
# first use, not at import: an argon2id hash costs ~0.5 s of CPU, which every process importing the app
# (each CLI command, each test worker) would pay.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _HASHER.hash("assay-dummy-password-never-used")
    return _DUMMY_HASH


# The most common passwords of the public breach corpora that are at least 12 characters long, and the
# obvious keyboard and product patterns; a short list, not a breach database.
COMMON = frozenset({
    "123456789012", "1234567890123", "12345678910", "qwertyuiopas", "qwertyuiop123", "qwerty123456",
    "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "password1234", "password12345", "password123!",
    "passwordpassword", "iloveyou1234", "letmein12345", "welcome12345", "welcome123456", "administrator",
    "adminadmin123", "changeme1234", "abcdefghijkl", "abc123456789", "aaaaaaaaaaaa", "111111111111",
    "000000000000", "123123123123", "asdfghjklzxc", "princess1234", "sunshine1234", "football1234",
    "baseball1234", "superman1234", "trustno1trustno1", "monkey123456", "dragon123456", "assayassay12",
    "assay1234567", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "qwerty1234567", "correcthorsebatterystaple",
})


class PasswordRejected(ValueError):
    """A new password that does not meet the policy; ``problems`` says why, in plain words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """What is wrong with ``password`` as a new password (empty: nothing)."""
    password = normalised(password)
    found: list[str] = []
    if len(password) < MIN_LENGTH:
        found.append(f"Use at least {MIN_LENGTH} characters (this one has {len(password)}).")
    if len(password) > MAX_LENGTH:
        found.append(f"Use at most {MAX_LENGTH} characters (this one has {len(password)}).")
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) <= 2:
        found.append("This password is among the most common ones: pick another.")
    personal = {part for part in (email.lower(), email.lower().split("@")[0], name.lower().replace(" ", ""))
                if len(part) >= 4}
    if any(part in lowered.replace(" ", "") for part in personal):
        found.append("Do not use your name or e-mail address in your password.")
    return found


def check(password: str, *, email: str = "", name: str = "") -> None:
    """Raise PasswordRejected unless ``password`` meets the policy."""
    found = problems(password, email=email, name=name)
    if found:
        raise PasswordRejected(found)


def hash_password(password: str) -> str:
    return _HASHER.hash(normalised(password))


def verify(password: str, stored: str | None) -> tuple[bool, str | None]:
    """Whether ``password`` matches ``stored``, and a new hash to store when the parameters changed.
    A missing hash still costs one verification (no timing difference for an unknown account)."""
    if not stored:
        _HASHER.verify(normalised(password), _dummy_hash())
        return False, None
    try:
        return _HASHER.verify_and_update(normalised(password), stored)
    except Exception:  # a hash we cannot read: never a match
        return False, None
