"""graders/result_sets.py: reading the sqlite shell's quote-mode output and comparing result sets
(the sql grader in the sandbox: tests/docker/test_sql_grader.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.packages import make_package

from graders import sql_result
from graders.result_sets import ResultSetError, compare, parse
from problemformat.manifest import SqlGrader
from sandbox.languages import get_language, sqlite

EXPECTED = b"'name','total'\n'Ada',12500\n'Grace',12000\n'O''Neil',NULL\n"


def test_parse_reads_literals_quotes_newlines_and_nulls():
    result = parse(b"'a','b'\n'it''s',1.5\n'two\nlines',NULL\n")
    assert result.columns == ("a", "b")
    assert result.rows == (("'it''s'", "1.5"), ("'two\nlines'", "NULL"))


def test_parse_of_nothing_is_an_empty_result():
    assert parse(b"").rows == () and parse(b"\n").rows == ()


def test_parse_refuses_ragged_rows_and_open_quotes():
    with pytest.raises(ResultSetError, match="line 2 has 1 values for 2 columns"):
        parse(b"'a','b'\n1\n")
    with pytest.raises(ResultSetError, match="quoted string"):
        parse(b"'a'\n'open\n")


def test_same_rows_pass_and_numbers_compare_by_value():
    assert compare(parse(EXPECTED), parse(EXPECTED), order="ordered") is None
    assert compare(parse(b"'x'\n2\n"), parse(b"'x'\n2.0\n")) is None
    assert compare(parse(b"'x'\n0.30000000000000004\n"), parse(b"'x'\n0.3\n")) is None
    assert compare(parse(b"'x'\n'2'\n"), parse(b"'x'\n2\n")) is not None  # a string is not a number


def test_unordered_ignores_the_order_and_names_missing_and_unexpected_rows():
    shuffled = b"'name','total'\n'O''Neil',NULL\n'Grace',12000\n'Ada',12500\n"
    assert compare(parse(shuffled), parse(EXPECTED), order="unordered") is None
    wrong = b"'name','total'\n'Ada',12500\n'Grace',12001\n'O''Neil',NULL\n"
    difference = compare(parse(wrong), parse(EXPECTED))
    assert difference is not None
    assert difference.reviewer == "the rows differ; missing 1 row: ('Grace', 12000); unexpected 1 row: ('Grace', 12001)"
    assert difference.candidate == "the rows differ"


def test_ordered_names_the_first_row_out_of_place():
    shuffled = b"'name','total'\n'Grace',12000\n'Ada',12500\n'O''Neil',NULL\n"
    difference = compare(parse(shuffled), parse(EXPECTED), order="ordered")
    assert difference is not None
    assert difference.reviewer.startswith("row 1: expected ('Ada', 12500), got ('Grace', 12000)")
    assert "in order" in difference.candidate


def test_row_and_column_counts():
    fewer = compare(parse(b"'name','total'\n'Ada',12500\n"), parse(EXPECTED))
    assert fewer is not None and fewer.candidate == "expected 3 rows, got 1 row"
    assert "missing 2 rows" in fewer.reviewer
    wide = compare(parse(b"'name'\n'Ada'\n'Grace'\n'O''Neil'\n"), parse(EXPECTED))
    assert wide is not None and wide.candidate == "expected 2 columns (name, total), got 1 (name)"
    assert compare(parse(b""), parse(EXPECTED)) is not None
    assert compare(parse(b""), parse(b"")) is None


def test_column_names_are_checked_only_when_asked():
    renamed = b"'who','sum'\n'Ada',12500\n'Grace',12000\n'O''Neil',NULL\n"
    assert compare(parse(renamed), parse(EXPECTED)) is None
    difference = compare(parse(renamed), parse(EXPECTED), column_names=True)
    assert difference is not None and difference.reviewer == (
        "column names: expected 'name', got 'who'; expected 'total', got 'sum'")
    assert compare(parse(b"'NAME','Total'\n'Ada',12500\n'Grace',12000\n'O''Neil',NULL\n"), parse(EXPECTED),
                   column_names=True) is None  # SQL names are not case-sensitive


def test_manifest_sql_grader_options_and_its_one_language():
    package = make_package({"kind": "sql", "order": "ordered", "column_names": True}, languages=["sqlite"])
    assert package.manifest.grader == SqlGrader(order="ordered", column_names=True)
    with pytest.raises(ValueError, match=r"languages: \[sqlite\]"):
        make_package({"kind": "sql"}, languages=["python3"])
    with pytest.raises(ValueError, match="order"):
        make_package({"kind": "sql", "order": "sorted"}, languages=["sqlite"])


def test_the_grader_knows_the_languages_failure_marker():
    assert sql_result.DATA_FAILED == sqlite.DATA_FAILED
    assert sqlite.DATA_FAILED in " ".join(get_language("sqlite").run)


def test_sqlite_is_one_module_and_one_dockerfile():
    """The one-module rule again: in sandbox/ and graders/ only the language's module names SQLite; the
    manifest names it once, as the one language of the sql grader kind."""
    root = Path(__file__).resolve().parents[2]
    mentions = [str(path.relative_to(root)) for folder in ("sandbox", "graders", "problemformat")
                for path in (root / folder).rglob("*.py")
                if re.search(r"""["']sqlite3?["']""", path.read_text(encoding="utf-8"))]
    assert sorted(mentions) == ["problemformat/manifest.py", "sandbox/languages/sqlite.py"]
    assert (root / "sandbox/images/sqlite/Dockerfile").is_file()
