"""`sql`: the candidate's query runs on a fresh database built from the test input; its result set is
compared with the expected one (graders/result_sets.py), ordered or unordered, with or without column
names, per the manifest.

A write is refused by SQLite itself (the database is opened read-only): that run error is said in plain
words ("queries may not change the data"). A failure of the problem's own database script is a judge
error, never the candidate's.
"""

from __future__ import annotations

from typing import ClassVar

from graders.base import GradingContext
from graders.output_grader import Judgement, OutputGrader
from graders.result_sets import ResultSetError, compare, parse
from graders.results import TestCaseResult
from graders.verdicts import CANDIDATE_MESSAGES, Verdict
from problemformat import manifest
from problemformat.package import TestCase
from sandbox import RunResult

WRITE_REFUSED = "Queries may not change the data: INSERT, UPDATE, DELETE, CREATE, DROP and the like are refused."
READONLY_ERROR = "attempt to write a readonly database"
# What the language's run command prints when the problem's own script fails (sandbox/languages/sqlite.py
# says the same; tests/unit/test_result_sets.py checks that they agree).
DATA_FAILED = "assay-sql: the problem's database script failed"


class SqlResultGrader(OutputGrader):
    kind: ClassVar[str] = "sql"
    config_model: ClassVar[type | None] = manifest.SqlGrader

    def judge(self, context: GradingContext, test: TestCase, output: bytes) -> Judgement:
        try:
            expected = parse(test.answer)
        except ResultSetError as exc:
            return Judgement(verdict=Verdict.JE, reviewer_message=f"the expected result cannot be read: {exc}")
        try:
            got = parse(output)
        except ResultSetError as exc:
            return Judgement(verdict=Verdict.WA, reviewer_message=f"not a result set: {exc}",
                             candidate_message="The output is not a result set.")
        c = self.config
        difference = compare(got, expected, order=c.order, column_names=c.column_names,
                             abs_tol=c.abs_tol, rel_tol=c.rel_tol)
        if difference is None:
            return Judgement(verdict=Verdict.AC, fraction=1.0)
        said = difference.reviewer if test.sample else difference.candidate
        return Judgement(verdict=Verdict.WA, reviewer_message=difference.reviewer,
                         candidate_message=f"Wrong answer: {said}")

    def result(self, context: GradingContext, test: TestCase, run: RunResult) -> TestCaseResult:
        result = super().result(context, test, run)
        stderr = run.stderr.decode("utf-8", errors="replace")
        if result.verdict == Verdict.RE and DATA_FAILED in stderr:
            return result.model_copy(update={
                "verdict": Verdict.JE, "candidate_message": CANDIDATE_MESSAGES[Verdict.JE],
                "reviewer_message": f"the problem's database script failed: {stderr.strip()[-500:]}"})
        if result.verdict == Verdict.RE and READONLY_ERROR in stderr:
            return result.model_copy(update={"candidate_message": WRITE_REFUSED,
                                             "reviewer_message": f"the query tried to write: {stderr.strip()[-500:]}"})
        return result
