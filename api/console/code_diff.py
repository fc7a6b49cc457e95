"""A diff of two attempts' files as rows for an HTML page: per file, lines kept, removed and added
(difflib), each side highlighted like the report's code, long unchanged stretches folded."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup, escape

from api.console.highlight import highlight
from api.similarity import normalise_text

CONTEXT = 3  # unchanged lines shown around a change
FOLD_MIN = 4  # fewer unchanged lines than this are shown, not folded
Kind = Literal["same", "add", "del", "fold"]


@dataclass(frozen=True)
class Row:
    kind: Kind
    old: int | None  # line number on the old side
    new: int | None
    html: Markup  # the line, highlighted; for a fold: how many lines it hides
    folded: int = 0


@dataclass
class FileDiff:
    name: str
    status: Literal["changed", "same", "added", "removed"]
    rows: list[Row] = field(default_factory=list)
    added: int = 0
    removed: int = 0


def _lines(language: str, name: str, text: str) -> tuple[list[str], list[Markup]]:
    """The plain lines (compared) and the highlighted ones (shown) of ``text``; one list each, equal length."""
    plain = normalise_text(text).split("\n")
    if plain and plain[-1] == "" and len(plain) > 1:
        plain.pop()
    shown = highlight(language, name, text)
    if len(shown) != len(plain):  # a file cut on the page (highlight.MAX_LINES): show it plain
        shown = [Markup(escape(line)) for line in plain]
    return plain, shown


def diff_file(name: str, old: str | None, new: str | None, old_language: str, new_language: str) -> FileDiff:
    """The rows of one file; an unchanged file has none."""
    old_plain, old_shown = _lines(old_language, name, old) if old is not None else ([], [])
    new_plain, new_shown = _lines(new_language, name, new) if new is not None else ([], [])
    status: Literal["changed", "same", "added", "removed"] = (
        "added" if old is None else "removed" if new is None else "same" if old_plain == new_plain else "changed")
    out = FileDiff(name, status)
    if status == "same":
        return out
    matcher = difflib.SequenceMatcher(None, old_plain, new_plain, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            keep_head = 0 if index == 0 else CONTEXT
            keep_tail = 0 if index == len(opcodes) - 1 else CONTEXT
            length = i2 - i1
            if length < keep_head + keep_tail + FOLD_MIN:
                out.rows += [Row("same", i1 + k + 1, j1 + k + 1, new_shown[j1 + k]) for k in range(length)]
                continue
            out.rows += [Row("same", i1 + k + 1, j1 + k + 1, new_shown[j1 + k]) for k in range(keep_head)]
            hidden = length - keep_head - keep_tail
            out.rows.append(Row("fold", None, None, Markup(""), hidden))
            out.rows += [Row("same", i2 - keep_tail + k + 1, j2 - keep_tail + k + 1, new_shown[j2 - keep_tail + k])
                         for k in range(keep_tail)]
            continue
        if tag in ("replace", "delete"):
            out.rows += [Row("del", i + 1, None, old_shown[i]) for i in range(i1, i2)]
            out.removed += i2 - i1
        if tag in ("replace", "insert"):
            out.rows += [Row("add", None, j + 1, new_shown[j]) for j in range(j1, j2)]
            out.added += j2 - j1
    return out


def diff_files(old: dict[str, str], new: dict[str, str], old_language: str, new_language: str) -> list[FileDiff]:
    """Every file of either attempt, by name."""
    return [diff_file(name, old.get(name), new.get(name), old_language, new_language)
            for name in sorted(set(old) | set(new))]
