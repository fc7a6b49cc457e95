"""Endpoint secrets: ``whsec_`` + base64 of 32 random bytes, shown once, stored encrypted by
``api.security.SecretBox`` (HMAC signing needs the secret itself, so it cannot be stored as a hash)."""

from __future__ import annotations

import base64
import secrets

SECRET_PREFIX = "whsec_"


def new_webhook_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()
