"""The template as shipped, with its four tickets open: the tests it passes are what works today."""

import base64
import json
from dataclasses import dataclass

MAX_LIMIT = 100


@dataclass(frozen=True)
class Order:
    id: int
    created_at: str  # ISO 8601 UTC, e.g. "2026-12-07T09:30:00Z"; several orders can share one


@dataclass(frozen=True)
class Page:
    orders: list[Order]
    next_cursor: str | None  # None on the last page


class InvalidCursor(ValueError):
    """A cursor that this API did not make (tampered with, truncated, or from another endpoint)."""


def encode_cursor(order: Order) -> str:
    """An opaque cursor pointing just after `order`."""
    raw = json.dumps({"t": order.created_at, "id": order.id}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[str, int]:
    data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    return data["t"], data["id"]


def paginate(orders: list[Order], limit: int = 20, cursor: str | None = None) -> Page:
    """One page of `orders` (sorted by created_at, then id), starting after `cursor`."""
    if limit > MAX_LIMIT:
        raise ValueError(f"limit must be at most {MAX_LIMIT}")
    ordered = sorted(orders, key=lambda o: (o.created_at, o.id))
    if cursor is not None:
        after_time, _after_id = decode_cursor(cursor)
        ordered = [o for o in ordered if o.created_at > after_time]
    page = ordered[:limit]
    next_cursor = encode_cursor(page[-1]) if page else None
    return Page(page, next_cursor)
