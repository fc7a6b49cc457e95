"""Secrets: staff API keys and invitation tokens are 256-bit random strings stored as SHA-256 hashes
(random keys need no slow hash: there is nothing to brute-force)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

KEY_PREFIX = "ask_"  # staff API key
TOKEN_PREFIX = "inv_"  # candidate invitation token
ROLES = ("admin", "author", "reviewer", "ats")


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
