"""What a candidate sees of an SQL question beside its statement: the tables and columns of the sample
database, and the sample's expected result as a table.

The schema is read by building the sample database in memory with Python's sqlite3 (the package's own
script, written by its author; a step budget stops a script that runs away) and asking SQLite for its
tables; the result is the sample's answer as the sql grader reads it (graders/result_sets.py).
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from api.schemas import SqlColumnOut, SqlQuestionOut, SqlTableOut
from graders.result_sets import ResultSetError, parse
from problemformat.package import Package

SQL_GRADER = "sql"
STEP_BUDGET = 2_000_000  # SQLite VM steps for building the sample database (a few thousand rows take ~1%)
# What the package's script may not do here, on the server: reach a file (ATTACH), or set pragmas.
REFUSED = frozenset({sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH, sqlite3.SQLITE_PRAGMA})


def describe(package: Package) -> SqlQuestionOut | None:
    """The schema and sample result of an SQL question; None for any other problem (or one whose sample
    cannot be read: the statement still says everything)."""
    if package.manifest.grader.kind != SQL_GRADER or not package.samples:
        return None
    sample = package.samples[0]
    return _describe(package.content_hash, sample.input, sample.answer)


@lru_cache(maxsize=64)
def _describe(content_hash: str, script: bytes, answer: bytes) -> SqlQuestionOut | None:
    try:
        tables = _tables(script.decode("utf-8", "replace"))
        result = parse(answer)
    except (sqlite3.Error, ResultSetError, UnicodeError):
        return None
    return SqlQuestionOut(tables=tables, sample_columns=list(result.columns),
                          sample_rows=[[_shown(value) for value in row] for row in result.rows])


def _tables(script: str) -> list[SqlTableOut]:
    steps = 0

    def budget() -> int:
        nonlocal steps
        steps += 1000
        return 1 if steps > STEP_BUDGET else 0  # non-zero interrupts the statement

    connection = sqlite3.connect(":memory:")
    try:
        connection.set_progress_handler(budget, 1000)
        connection.set_authorizer(_authorize)  # no ATTACH, no pragmas: the script reaches no file of the server
        connection.executescript(script)
        connection.set_authorizer(None)
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' "
            "ORDER BY rowid")]
        tables = []
        for name in names:
            columns = connection.execute("SELECT name, type, pk, \"notnull\" FROM pragma_table_info(?)", (name,))
            tables.append(SqlTableOut(name=name, columns=[
                SqlColumnOut(name=column, type=kind or "", primary_key=bool(pk), not_null=bool(not_null))
                for column, kind, pk, not_null in columns]))
        return tables
    finally:
        connection.close()


def _authorize(action: int, *_: object) -> int:
    return sqlite3.SQLITE_DENY if action in REFUSED else sqlite3.SQLITE_OK


def _shown(literal: str) -> str:
    """A value as a person reads it in a table: strings without their quotes, NULL as NULL."""
    if len(literal) >= 2 and literal[0] == literal[-1] == "'":
        return literal[1:-1].replace("''", "'")
    return literal
