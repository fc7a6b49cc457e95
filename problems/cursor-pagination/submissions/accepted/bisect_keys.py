"""Reference, written differently: the sort keys in a list, the cursor's position found by bisect, and a
strict cursor schema (exactly the two fields, of the right types)."""

import base64
import bisect
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
    pass


def encode_cursor(order: Order) -> str:
    return base64.urlsafe_b64encode(json.dumps({"t": order.created_at, "id": order.id}).encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8"))
    except Exception as error:  # noqa: BLE001 - every way of not being our cursor is the same answer
        raise InvalidCursor("malformed cursor") from error
    if not isinstance(data, dict) or set(data) != {"t", "id"}:
        raise InvalidCursor("malformed cursor")
    if not isinstance(data["t"], str) or type(data["id"]) is not int:
        raise InvalidCursor("malformed cursor")
    return data["t"], data["id"]


def paginate(orders: list[Order], limit: int = 20, cursor: str | None = None) -> Page:
    if limit < 1:
        raise ValueError("limit must be at least 1")
    limit = min(limit, MAX_LIMIT)
    ordered = sorted(orders, key=lambda o: (o.created_at, o.id))
    start = 0
    if cursor is not None:
        keys = [(o.created_at, o.id) for o in ordered]
        start = bisect.bisect_right(keys, decode_cursor(cursor))
    page = ordered[start:start + limit]
    more = start + limit < len(ordered)
    return Page(page, encode_cursor(page[-1]) if more else None)
