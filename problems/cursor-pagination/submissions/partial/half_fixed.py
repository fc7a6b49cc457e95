"""Tickets 1 and 2 fixed (same-second orders, the empty last page); the limit and the bad cursor are not."""

import base64
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
    data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    return data["t"], data["id"]


def paginate(orders: list[Order], limit: int = 20, cursor: str | None = None) -> Page:
    if limit > MAX_LIMIT:
        raise ValueError(f"limit must be at most {MAX_LIMIT}")
    ordered = sorted(orders, key=lambda o: (o.created_at, o.id))
    if cursor is not None:
        after = decode_cursor(cursor)
        ordered = [o for o in ordered if (o.created_at, o.id) > after]
    page = ordered[:limit]
    next_cursor = encode_cursor(page[-1]) if len(ordered) > limit else None
    return Page(page, next_cursor)
