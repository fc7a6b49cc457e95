"""Reading what a console form sent: a date from an <input type=date>, whole numbers from number inputs.
Each refusal is an ``Unprocessable`` naming the form's field, in plain words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from api.errors import Unprocessable


def end_of_day(value: str, field: str) -> datetime | None:
    """A date from an <input type=date> as the end of that day, UTC; empty: None (the default applies)."""
    if not value.strip():
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise Unprocessable(f"{value.strip()!r} is not a date: pick one in the calendar (YYYY-MM-DD)",
                            errors=[{"field": field, "message": "is not a date: pick one in the calendar"}]) from None
    return datetime.combine(day, time(23, 59), tzinfo=UTC)


def whole_number(value: str, field: str, low: int, high: int, what: str) -> int:
    """A whole number from ``low`` to ``high``; empty is 0."""
    text = value.strip() or "0"
    try:
        number = int(text)
    except ValueError:
        raise Unprocessable(f"{what} must be a whole number", errors=[
            {"field": field, "message": f"must be a whole number from {low} to {high}"}]) from None
    if not low <= number <= high:
        raise Unprocessable(f"{what} must be from {low} to {high}", errors=[
            {"field": field, "message": f"must be from {low} to {high}"}])
    return number
