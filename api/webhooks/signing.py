"""Standard Webhooks signatures, made with the ``standardwebhooks`` package: ``v1,`` + base64 of
HMAC-SHA256 over ``{webhook-id}.{webhook-timestamp}.{body}``; during a rotation's grace period one
signature per secret, space-separated."""

from __future__ import annotations

from datetime import UTC, datetime

from standardwebhooks import Webhook


def signature_header(msg_id: str, timestamp: int, body: str, secrets: list[str]) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return " ".join(Webhook(secret).sign(msg_id, moment, body) for secret in secrets)


def headers(msg_id: str, timestamp: int, body: str, secrets: list[str]) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(msg_id, timestamp, body, secrets),
    }
