"""Secrets: staff API keys and invitation tokens are 256-bit random strings stored as SHA-256 hashes
(random keys need no slow hash: there is nothing to brute-force). Secrets that must be read back
(webhook endpoint secrets, candidate tokens for e-mailed links) are kept encrypted by ``SecretBox``."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

KEY_PREFIX = "ask_"  # staff API key
TOKEN_PREFIX = "inv_"  # candidate invitation token
ROLES = ("admin", "author", "reviewer", "ats")


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


# ---------------------------------------------------------------------- secrets kept encrypted

KEY_FILE = "webhook-secrets.key"  # the name predates its other uses; existing deployments have it


class SecretUnreadable(RuntimeError):
    """A stored secret cannot be decrypted: the key differs from the one it was stored with."""


class SecretBox:
    """Encrypts and decrypts stored secrets (webhook endpoint secrets, candidate tokens) with a Fernet
    key: the ``ASSAY_WEBHOOK_SECRET_KEY`` setting, or else a key file made once in the data directory
    (mode 0600)."""

    def __init__(self, key: str = "", data_dir: Path | None = None) -> None:
        self._key = key
        self._data_dir = data_dir
        self._fernet: Fernet | None = None
        self._lock = threading.Lock()

    def _get(self) -> Fernet:
        with self._lock:
            if self._fernet is None:
                self._fernet = Fernet(self._key.encode() if self._key else self._key_from_file())
            return self._fernet

    def _key_from_file(self) -> bytes:
        folder = self._data_dir or Path("data")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / KEY_FILE
        if not path.exists():
            create_once(path, Fernet.generate_key() + b"\n")
        return path.read_bytes().strip()

    def encrypt(self, secret: str) -> str:
        return self._get().encrypt(secret.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._get().decrypt(token.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable("a stored secret cannot be decrypted: ASSAY_WEBHOOK_SECRET_KEY (or the "
                                   f"{KEY_FILE} file) differs from the one it was stored with") from None


def create_once(path: Path, data: bytes) -> None:
    """Create ``path`` (mode 0600) holding ``data`` unless it exists. Written whole to a temporary file,
    then linked into place: another process sharing the directory (an API and a worker on one volume)
    sees no file or the whole key, never an empty or partial one; the first link wins."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)
