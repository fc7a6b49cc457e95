"""Endpoint secrets: ``whsec_`` + base64 of 32 random bytes, shown once, stored encrypted (HMAC
signing needs the secret itself, so it cannot be stored as a hash)."""

from __future__ import annotations

import base64
import os
import secrets
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

SECRET_PREFIX = "whsec_"
KEY_FILE = "webhook-secrets.key"


def new_webhook_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class SecretBox:
    """Encrypts and decrypts stored secrets with a Fernet key: the ``ASSAY_WEBHOOK_SECRET_KEY`` setting,
    or else a key file made once in the data directory (mode 0600)."""

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
            _create_once(path, Fernet.generate_key() + b"\n")
        return path.read_bytes().strip()

    def encrypt(self, secret: str) -> str:
        return self._get().encrypt(secret.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._get().decrypt(token.encode()).decode()
        except InvalidToken:
            raise RuntimeError("a stored webhook secret cannot be decrypted: ASSAY_WEBHOOK_SECRET_KEY (or the "
                               f"{KEY_FILE} file) differs from the one it was stored with") from None


def _create_once(path: Path, data: bytes) -> None:
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
