"""SQL questions in the real sandbox (language sqlite, grader sql): a right query, a wrong one, one
that never ends and one that writes, under runc and under gVisor; and the bundled SQL problems'
statements. The comparison itself: tests/unit/test_result_sets.py."""

from __future__ import annotations

import pytest
from support.packages import make_package

from graders.base import Submission
from graders.judge import grade_submission
from graders.results import Verdict
from graders.sql_result import WRITE_REFUSED

DATABASE = b"""CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score INTEGER);
INSERT INTO t VALUES (1, 'Ada', 30), (2, 'Grace', 20), (3, 'Alan', 10);
"""
ANSWER = b"'name','score'\n'Ada',30\n'Grace',20\n"


def sql(query: str) -> Submission:
    return Submission("sqlite", {"main.sql": query.encode()})


def package(order: str = "ordered"):
    return make_package({"kind": "sql", "order": order}, languages=["sqlite"], samples=[(DATABASE, ANSWER)],
                        groups={"main": [(DATABASE, ANSWER)]}, limits={"time_limit_s": 1})


@pytest.fixture(params=["runc", "runsc"])
def box(request):
    return request.getfixturevalue("sandbox" if request.param == "runc" else "sandbox_runsc")


def test_right_query_is_accepted(box):
    result = grade_submission(package(), sql("SELECT name, score FROM t WHERE score > 15 ORDER BY score DESC;"), box)
    assert (result.verdict, result.points) == (Verdict.AC, 100), result


def test_wrong_query_gets_a_diff(box):
    result = grade_submission(package(), sql("SELECT name, score FROM t ORDER BY score DESC;"), box)
    assert result.verdict == Verdict.WA
    sample, hidden = result.tests
    assert sample.reviewer_message == "expected 2 rows, got 3 rows; unexpected 1 row: ('Alan', 10)"
    assert sample.candidate_message == "Wrong answer: expected 2 rows, got 3 rows; unexpected 1 row: ('Alan', 10)"
    assert hidden.candidate_message == "Wrong answer: expected 2 rows, got 3 rows"  # no values of a hidden test


def test_rows_in_the_wrong_order(box):
    query = sql("SELECT name, score FROM t WHERE score > 15 ORDER BY score;")
    assert grade_submission(package("ordered"), query, box).verdict == Verdict.WA
    assert grade_submission(package("unordered"), query, box).verdict == Verdict.AC


def test_a_query_that_never_ends_is_a_time_limit(box):
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n;"
    result = grade_submission(package(), sql(endless), box)
    # stopped by the sandbox's limit (the test would hang otherwise); how long that took is the machine's business
    assert result.verdict == Verdict.TLE and result.tests[0].verdict == Verdict.TLE


@pytest.mark.parametrize("statement", [
    "DELETE FROM t WHERE score < 15;",
    "UPDATE t SET score = 99;",
    "CREATE TABLE u (x);",
    "CREATE TEMP TABLE u (x);",
    "PRAGMA query_only = OFF; INSERT INTO t VALUES (4, 'Eve', 99);",
])
def test_a_query_that_writes_is_refused_in_plain_words(box, statement):
    result = grade_submission(package(), sql(statement + "\nSELECT name, score FROM t WHERE score > 15;"), box)
    assert result.verdict == Verdict.RE, result
    assert result.tests[0].candidate_message == WRITE_REFUSED
    assert "readonly" in result.tests[0].reviewer_message


def test_shell_commands_are_refused(box):
    result = grade_submission(package(), sql(".shell cat /etc/passwd\n.open other.db\n"), box)
    assert result.verdict == Verdict.RE
    assert "safe mode" in result.tests[0].stderr_excerpt


def test_a_broken_database_script_is_the_judge_error_not_the_candidate(sandbox):
    broken = make_package({"kind": "sql"}, languages=["sqlite"], groups={"main": [(b"CREATE TABLE (;", ANSWER)]})
    result = grade_submission(broken, sql("SELECT 1;"), sandbox)
    assert result.verdict == Verdict.JE
    assert "database script failed" in result.tests[0].reviewer_message
