"""Validation errors in plain words for a person at a form, one per field, never pydantic's wording.

``plain(errors)`` takes pydantic's (or FastAPI's) error list and gives ``[{"field", "message"}]`` where
the field is the form's input name (``candidate.email`` -> ``email``) and the message a sentence a
recruiter understands ("is not a valid e-mail address: the part after the @-sign ..."). The console's
forms show each message beside its input; ``summary`` is the one line a page shows above a form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FIELD_NAMES = {  # a schema's field -> the form's input name
    "candidate.name": "name", "candidate.email": "email", "duration_minutes": "duration",
    "expires_at": "expires_on",
}
LABELS = {  # an input name -> how the form labels it
    "name": "Name", "email": "E-mail", "external_id": "External id", "expires_on": "Expiry date",
    "title": "Title", "duration": "Duration", "problems": "Problems", "languages": "Languages",
    "team_id": "Hiring team", "percent": "Extra time %", "minutes": "Extra minutes", "reason": "Reason",
    "file": "CSV file", "note": "Note", "decision": "Decision", "form": "Form",
    "integrity_signals": "Integrity signals", "ai_assistance": "AI assistance",
}
_EMAIL_PREFIX = "value is not a valid email address: "


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    name = ".".join(parts)
    return FIELD_NAMES.get(name, parts[-1] if parts else "form")


def _message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    msg = str(error.get("msg", ""))
    if kind == "missing":
        return "is required"
    if kind == "string_too_short":
        least = ctx.get("min_length")
        return "must not be empty" if least == 1 else f"needs at least {least} characters"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "too_short":
        return "choose at least one" if ctx.get("min_length") == 1 else f"choose at least {ctx.get('min_length')}"
    if kind == "too_long":
        return f"choose at most {ctx.get('max_length')}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return "must be a whole number"
    if kind in ("float_parsing", "float_type"):
        return "must be a number"
    if kind in ("datetime_parsing", "datetime_from_date_parsing", "date_parsing"):
        return "is not a date (pick one in the calendar)"
    if msg.lower().startswith(_EMAIL_PREFIX):
        reason = msg[len(_EMAIL_PREFIX):].strip()
        return f"is not a valid e-mail address: {reason[:1].lower()}{reason[1:]}" if reason else \
            "is not a valid e-mail address"
    if kind == "value_error":
        text = msg.removeprefix("Value error, ").strip()
        return text or "is not valid"
    if kind in ("literal_error", "enum"):
        return f"must be one of: {ctx.get('expected', 'the choices offered')}"
    return "is not valid"


def plain(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """pydantic's errors as ``[{"field", "message"}]`` in plain words, the first per field kept."""
    out: dict[str, str] = {}
    for error in errors:
        field = _field(error.get("loc", ()))
        out.setdefault(field, _message(error))
    return [{"field": field, "message": message} for field, message in out.items()]


def label(field: str) -> str:
    return LABELS.get(field, field.replace("_", " ").capitalize())


def summary(errors: Sequence[Mapping[str, str]]) -> str:
    """One sentence naming every problem: 'E-mail is not a valid e-mail address: ...; Name must not be empty'."""
    return "; ".join(f"{label(e['field'])} {e['message']}" for e in errors)
