"""The stored grade result (submissions.result) as a model: rows written as dicts before the model
existed read back, and what the model writes is the same JSON, key for key and in the same order."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlmodel import Session, SQLModel, create_engine

from api.grade_record import StoredResult
from api.models import Submission
from api.services import group_results, reports, retention
from graders.judge import CustomRunResult
from graders.results import GradeResult, GroupResult, TestCaseResult
from graders.verdicts import Verdict
from sandbox import Verdict as SandboxVerdict

# As GradingService stored them before the model (grade.model_dump(mode="json"), samples' text added).
GRADED: dict[str, Any] = {
    "verdict": "WA", "points": 40.0, "max_points": 100.0, "compile_message": "",
    "tests": [
        {"group": "sample", "name": "01", "verdict": "AC", "fraction": 1.0, "time_ms": 12, "wall_ms": 30,
         "memory_kib": 9000, "candidate_message": "", "reviewer_message": "", "hidden": False,
         "stdout_excerpt": "3\n", "stderr_excerpt": "", "input": "1 2\n", "expected_output": "3\n"},
        {"group": "main", "name": "02", "verdict": "WA", "fraction": 0.0, "time_ms": 19, "wall_ms": 37,
         "memory_kib": 9300, "candidate_message": "wrong answer", "reviewer_message": "expected 3, got 4",
         "hidden": True, "stdout_excerpt": "4\n", "stderr_excerpt": ""},
    ],
    "groups": [
        {"name": "sample", "points": 0.0, "max_points": 0.0, "verdict": "AC", "aggregate": "all",
         "required_failed": []},
        {"name": "main", "points": 40.0, "max_points": 100.0, "verdict": "WA", "aggregate": "sum",
         "required_failed": ["sample"]},
    ],
}
ERRORED: dict[str, Any] = {"verdict": "JE", "error": "RuntimeError: the problem package could not be loaded",
                           "tests": []}
RUN: dict[str, Any] = {
    "verdict": "OK", "compile_message": "", "tests": [],
    "run": {"verdict": "OK", "compile_message": "", "stdout": "42\n", "stderr": "", "stdout_truncated": False,
            "time_ms": 5, "wall_ms": 9, "memory_kib": 4000, "message": ""},
}
# After the retention purge: messages, excerpts, sample text and run output gone.
SCRUBBED: dict[str, Any] = {
    "verdict": "WA", "points": 40.0, "max_points": 100.0,
    "tests": [{"group": "main", "name": "02", "verdict": "WA", "fraction": 0.0, "time_ms": 19, "wall_ms": 37,
               "memory_kib": 9300, "hidden": True}],
    "groups": GRADED["groups"],
}


@pytest.mark.parametrize("stored", [GRADED, ERRORED, RUN, SCRUBBED, {**GRADED, "a_later_key": {"kept": 1}}],
                         ids=["graded", "errored", "run", "scrubbed", "unknown-key"])
def test_todays_rows_read_and_write_back_unchanged(stored: dict[str, Any]) -> None:
    result = StoredResult.read(copy.deepcopy(stored))
    written = result.to_json()
    assert written == stored
    assert list(written) == list(stored)
    for mine, theirs in zip(written.get("tests", []), stored.get("tests", []), strict=True):
        assert list(mine) == list(theirs)


def test_read_gives_typed_values() -> None:
    result = StoredResult.read(GRADED)
    assert result.tests[0].verdict is Verdict.AC and result.tests[0].input == "1 2\n"
    assert result.tests[1].input is None and result.tests[1].reviewer_message == "expected 3, got 4"
    assert result.groups[1].required_failed == ["sample"]
    scrubbed = StoredResult.read(SCRUBBED)
    assert scrubbed.compile_message is None and scrubbed.tests[0].candidate_message is None
    run = StoredResult.read(RUN).run
    assert run is not None and run.stdout == "42\n"
    assert StoredResult.read(None).to_json() == {} and StoredResult.read(None).tests == []


def test_the_writers_write_what_the_dicts_held() -> None:
    grade = GradeResult(verdict=Verdict.WA, points=1.0, max_points=2.0, tests=[
        TestCaseResult(group="main", name="1", verdict=Verdict.WA, stdout_excerpt="4\n")],
        groups=[GroupResult(name="main", points=1.0, max_points=2.0, verdict=Verdict.WA, aggregate="sum")])
    assert StoredResult.of_grade(grade).to_json() == grade.model_dump(mode="json")
    run = CustomRunResult(verdict=SandboxVerdict.OK, stdout="42\n", time_ms=5)
    assert StoredResult.of_run(run).to_json() == {
        "verdict": "OK", "compile_message": "", "tests": [], "run": run.model_dump(mode="json")}
    assert StoredResult.of_error("boom").to_json() == {"verdict": "JE", "error": "boom", "tests": []}


def test_retention_scrub_keeps_scores_and_drops_the_rest() -> None:
    assert retention._scrub_result(copy.deepcopy(GRADED)) == {
        "verdict": "WA", "points": 40.0, "max_points": 100.0,
        "tests": [{k: v for k, v in t.items() if k not in retention.TEST_KEYS_DROPPED} for t in GRADED["tests"]],
        "groups": GRADED["groups"]}
    assert retention._scrub_result(copy.deepcopy(ERRORED)) == {"verdict": "JE", "tests": []}
    assert retention._scrub_result(None) is None


def test_a_row_in_todays_shape_reads_through_the_views() -> None:
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        row = Submission(invitation_id="inv", problem_version_id=1, language="python3", files={"main.py": ""},
                         status="graded", verdict="WA", points=40.0, max_points=100.0,
                         result=copy.deepcopy(GRADED))
        session.add(row)
        session.commit()
        session.refresh(row)
        candidate = reports.candidate_view(session, row)
        assert candidate.compile_message is None
        assert candidate.tests[0].model_dump() == {
            "group": "sample", "name": "01", "verdict": "AC", "hidden": False, "time_ms": 12, "memory_kib": 9000,
            "fraction": 1.0, "message": None, "input": "1 2\n", "expected_output": "3\n", "output": "3\n"}
        assert candidate.tests[1].model_dump(exclude_none=True) == {
            "group": "main", "name": "02", "verdict": "WA", "hidden": True, "time_ms": 19, "memory_kib": 9300}
        reviewer = reports.reviewer_view(session, row)
        assert reviewer.result == GRADED and reviewer.groups == GRADED["groups"]
        assert reviewer.tests[1].message == "wrong answer\nexpected 3, got 4"
        assert reviewer.tests[1].input is None  # no package to read the hidden input from
        groups = group_results.rows_for(row.id, "inv", 1, row.result)
        assert [(g.group_name, g.points, g.max_points, g.passed) for g in groups] == [
            ("sample", 0.0, 0.0, True), ("main", 40.0, 100.0, False)]
