"""Text people type into the review and decision forms, counted as their browser counts it."""

from __future__ import annotations


def normalise(text: str) -> str:
    """Line endings as the browser counts them (a form sends CRLF, ``maxlength`` counts a line break once),
    outer space trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
