"""Result sets as SQLite's shell prints them in quote mode, and their comparison.

The sqlite language (sandbox/languages/sqlite.py) prints a query's result with ``-header -quote``: a
header row of column names as string literals, then one row per line of SQL literals (``'it''s'``,
``42``, ``1.5``, ``NULL``, ``X'00ff'``); a string may hold raw newlines. An empty result prints
nothing, not even the header.

Two result sets are compared ordered or unordered (as a multiset of rows), with or without their
column names; numbers compare by value within a tolerance (``2`` equals ``2.0``), everything else by
its literal. The difference is described in words for the reviewer (values included) and for the
candidate (values only on a sample test, whose expected result they already see).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

Value = str | float  # a number as a float, anything else as its SQL literal
Row = tuple[Value, ...]
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
SHOWN_ROWS = 3  # rows named in a difference, at most


class ResultSetError(ValueError):
    """Output that is not a result set in quote mode (an unterminated string, say)."""


@dataclass(frozen=True)
class ResultSet:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the literals as printed

    @property
    def width(self) -> int:
        return len(self.columns)


@dataclass(frozen=True)
class Difference:
    """Why two result sets differ: for the reviewer (with values) and for the candidate."""

    reviewer: str
    candidate: str


def _lines(text: str) -> list[list[str]]:
    """The output's rows, each a list of literals: commas and newlines outside quotes and brackets
    separate them."""
    rows: list[list[str]] = []
    row: list[str] = []
    field: list[str] = []
    quoted = False
    depth = 0
    i = 0
    while i < len(text):
        char = text[i]
        if quoted:
            field.append(char)
            if char == "'":
                if text.startswith("'", i + 1):
                    field.append("'")
                    i += 1
                else:
                    quoted = False
        elif char == "'":
            quoted = True
            field.append(char)
        elif char in "(":
            depth += 1
            field.append(char)
        elif char == ")":
            depth = max(0, depth - 1)
            field.append(char)
        elif char == "," and depth == 0:
            row.append("".join(field))
            field = []
        elif char == "\n" and depth == 0:
            row.append("".join(field))
            rows.append(row)
            row, field = [], []
        elif char != "\r":
            field.append(char)
        i += 1
    if quoted:
        raise ResultSetError("the output ends inside a quoted string")
    if field or row:
        row.append("".join(field))
        rows.append(row)
    return rows


def _unquote(literal: str) -> str:
    if len(literal) >= 2 and literal[0] == literal[-1] == "'":
        return literal[1:-1].replace("''", "'")
    return literal


def parse(output: bytes) -> ResultSet:
    """A result set from the shell's quote-mode output (header row first); empty output is an empty
    result set with no known columns."""
    text = output.decode("utf-8", errors="replace")
    rows = [row for row in _lines(text) if row != [""]]
    if not rows:
        return ResultSet(columns=(), rows=())
    header, *body = rows
    columns = tuple(_unquote(name) for name in header)
    for number, row in enumerate(body, 2):
        if len(row) != len(columns):
            raise ResultSetError(f"line {number} has {len(row)} values for {len(columns)} columns")
    return ResultSet(columns=columns, rows=tuple(tuple(row) for row in body))


def _value(literal: str) -> Value:
    return float(literal) if NUMBER_RE.match(literal) else literal


def _key(row: tuple[str, ...]) -> Row:
    return tuple(_value(literal) for literal in row)


def _same(a: Value, b: Value, abs_tol: float, rel_tol: float) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)
    return a == b


def _same_row(a: Row, b: Row, abs_tol: float, rel_tol: float) -> bool:
    return len(a) == len(b) and all(_same(x, y, abs_tol, rel_tol) for x, y in zip(a, b, strict=True))


def show(row: tuple[str, ...]) -> str:
    return "(" + ", ".join(row) + ")"


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def compare(got: ResultSet, expected: ResultSet, *, order: Literal["ordered", "unordered"] = "unordered",
            column_names: bool = False, abs_tol: float = 1e-6, rel_tol: float = 1e-6) -> Difference | None:
    """None when ``got`` is ``expected``; otherwise what differs, first the shape, then the rows."""
    if got.rows and expected.rows and got.width != expected.width:
        text = (f"expected {expected.width} columns ({', '.join(expected.columns)}), "
                f"got {got.width} ({', '.join(got.columns)})")
        return Difference(text, text)
    if column_names and got.rows and expected.rows:
        wrong = [(e, g) for e, g in zip(expected.columns, got.columns, strict=True) if e.lower() != g.lower()]
        if wrong:
            text = "column names: " + "; ".join(f"expected {e!r}, got {g!r}" for e, g in wrong)
            return Difference(text, text)
    if len(got.rows) != len(expected.rows):
        text = f"expected {_rows(len(expected.rows))}, got {_rows(len(got.rows))}"
        return Difference(text + _extra_and_missing(got, expected, abs_tol, rel_tol), text)
    if order == "ordered":
        for number, (g, e) in enumerate(zip(got.rows, expected.rows, strict=True), 1):
            if not _same_row(_key(g), _key(e), abs_tol, rel_tol):
                wrong_order = _extra_and_missing(got, expected, abs_tol, rel_tol) == ""
                hint = " (the same rows in another order: this problem wants the rows in order)" if wrong_order else ""
                return Difference(f"row {number}: expected {show(e)}, got {show(g)}{hint}",
                                  f"row {number} differs{hint}")
        return None
    detail = _extra_and_missing(got, expected, abs_tol, rel_tol)
    if detail:
        return Difference(f"the rows differ{detail}", "the rows differ")
    return None


def _extra_and_missing(got: ResultSet, expected: ResultSet, abs_tol: float, rel_tol: float) -> str:
    """'; missing: ...; unexpected: ...' over the rows as multisets ('' when they are the same)."""
    exact_got = Counter(_key(row) for row in got.rows)
    exact_expected = Counter(_key(row) for row in expected.rows)
    missing_keys = list((exact_expected - exact_got).elements())
    extra_keys = list((exact_got - exact_expected).elements())
    # pair what is left within the tolerance (1.0000001 against 1.0)
    for key in list(missing_keys):
        match = next((other for other in extra_keys if _same_row(key, other, abs_tol, rel_tol)), None)
        if match is not None:
            missing_keys.remove(key)
            extra_keys.remove(match)
    literal = {_key(row): row for row in (*got.rows, *expected.rows)}
    parts = []
    for name, keys in (("missing", missing_keys), ("unexpected", extra_keys)):
        if keys:
            shown = ", ".join(show(literal[key]) for key in keys[:SHOWN_ROWS])
            more = f" and {len(keys) - SHOWN_ROWS} more" if len(keys) > SHOWN_ROWS else ""
            parts.append(f"{name} {_rows(len(keys))}: {shown}{more}")
    return "; " + "; ".join(parts) if parts else ""
