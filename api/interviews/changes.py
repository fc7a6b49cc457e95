"""CodeMirror ChangeSets (``ChangeSet.toJSON()``) checked and applied to a document on the server.

A ChangeSet's JSON is a list of sections over the whole document: a number keeps that many characters,
``[n, line, line...]`` deletes ``n`` and inserts the lines joined by newlines. Lengths count UTF-16 code
units, as JavaScript strings do, so the document is handled as UTF-16 here.
"""

from __future__ import annotations

from typing import Any

UNIT = 2  # bytes per UTF-16 code unit


class BadChange(ValueError):
    """A change that does not fit the document, or is not a ChangeSet."""


def length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (CodeMirror's)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // UNIT


def inserted_length(changes: Any) -> int:
    """How many code units ``changes`` inserts (0 for something that is not a list)."""
    if not isinstance(changes, list):
        return 0
    return sum(length("\n".join(s[1:])) for s in changes if isinstance(s, list) and all(isinstance(x, str)
                                                                                       for x in s[1:]))


def apply(text: str, changes: Any) -> str:
    """``text`` with ``changes`` applied; BadChange when they are malformed or do not cover ``text``."""
    if not isinstance(changes, list):
        raise BadChange("a change must be a list of sections")
    source = text.encode("utf-16-le", "surrogatepass")
    out: list[bytes] = []
    at = 0
    for section in changes:
        if isinstance(section, bool):
            raise BadChange("a section is a number or a list")
        if isinstance(section, int):
            if section < 0:
                raise BadChange("a kept length cannot be negative")
            out.append(source[at * UNIT:(at + section) * UNIT])
            at += section
        elif isinstance(section, list) and section and isinstance(section[0], int) \
                and not isinstance(section[0], bool) and section[0] >= 0 \
                and all(isinstance(line, str) for line in section[1:]):
            at += section[0]
            if len(section) > 1:
                out.append("\n".join(section[1:]).encode("utf-16-le", "surrogatepass"))
        else:
            raise BadChange("a section is a length or [deleted, ...inserted lines]")
        if at * UNIT > len(source):
            raise BadChange("the change is longer than the document")
    if at * UNIT != len(source):
        raise BadChange(f"the change covers {at} of the document's {len(source) // UNIT} characters")
    return b"".join(out).decode("utf-16-le", "surrogatepass")
