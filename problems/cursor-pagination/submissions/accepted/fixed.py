"""Reference: the template with its four tickets fixed."""

import base64
import binascii
import json
from dataclasses import dataclass

MAX_LIMIT = 100


@dataclass(frozen=True)
class Order:
    id: int
    created_at: str


@dataclass(frozen=True)
class Page:
    orders: list[Order]
    next_cursor: str | None


class InvalidCursor(ValueError):
    """A cursor that this API did not make (tampered with, truncated, or from another endpoint)."""


def encode_cursor(order: Order) -> str:
    raw = json.dumps({"t": order.created_at, "id": order.id}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[str, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        after_time, after_id = data["t"], data["id"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeError) as error:
        raise InvalidCursor(f"not a cursor of this API: {cursor[:40]!r}") from error
    if not isinstance(after_time, str) or not isinstance(after_id, int) or isinstance(after_id, bool):
        raise InvalidCursor(f"not a cursor of this API: {cursor[:40]!r}")
    return after_time, after_id


def paginate(orders: list[Order], limit: int = 20, cursor: str | None = None) -> Page:
    if limit < 1:
        raise ValueError("limit must be at least 1")
    limit = min(limit, MAX_LIMIT)
    ordered = sorted(orders, key=lambda o: (o.created_at, o.id))
    if cursor is not None:
        after = decode_cursor(cursor)
        ordered = [o for o in ordered if (o.created_at, o.id) > after]
    page = ordered[:limit]
    next_cursor = encode_cursor(page[-1]) if len(ordered) > limit else None
    return Page(page, next_cursor)
