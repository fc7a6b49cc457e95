"""A submission's stored result (the ``submissions.result`` JSON column) as a model.

Written from the model (``to_json``: only the fields that were set, so a row holds exactly what it held
when it was a dict) and validated when read (``read``). Fields a row may lack are optional: rows scrubbed
by retention (no messages, excerpts or run output), errors (``verdict``, ``error``, ``tests``) and custom
runs (``verdict``, ``compile_message``, ``tests``, ``run``). Keys this model does not name are kept."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from graders.judge import CustomRunResult
from graders.results import GradeResult
from graders.verdicts import Verdict


class _Stored(BaseModel):
    model_config = ConfigDict(extra="allow")


class StoredTest(_Stored):
    """One test case's result (graders.results.TestCaseResult), and a public sample's text."""

    group: str
    name: str
    verdict: Verdict
    fraction: float | None = None
    time_ms: int = 0
    wall_ms: int = 0
    memory_kib: int = 0
    candidate_message: str | None = None
    reviewer_message: str | None = None
    hidden: bool = True
    stdout_excerpt: str | None = None
    stderr_excerpt: str | None = None
    input: str | None = None  # a public sample's input and answer, shown in full (up to a limit)
    expected_output: str | None = None


class StoredGroup(_Stored):
    """One scoring group's result (graders.results.GroupResult)."""

    name: str = ""
    points: float = 0.0
    max_points: float = 0.0
    verdict: Verdict | None = None
    aggregate: str = ""
    required_failed: list[str] = []


class StoredRun(_Stored):
    """A custom-input run's output (graders.judge.CustomRunResult)."""

    verdict: str | None = None
    compile_message: str | None = None
    stdout: str | None = None
    stderr: str | None = None
    stdout_truncated: bool = False
    time_ms: int | None = None
    wall_ms: int | None = None
    memory_kib: int | None = None
    message: str | None = None


class StoredResult(_Stored):
    """The whole result; field order is the stored key order."""

    verdict: str | None = None  # a grader verdict, or a custom run's sandbox verdict (OK, TLE, ...)
    points: float | None = None
    max_points: float | None = None
    compile_message: str | None = None
    error: str | None = None
    tests: list[StoredTest] = []
    groups: list[StoredGroup] = []
    run: StoredRun | None = None

    @classmethod
    def read(cls, stored: dict[str, Any] | None) -> StoredResult:
        """A row's result, validated; an empty result (nothing set) for a row without one."""
        return cls.model_validate(stored) if stored else cls()

    @classmethod
    def of_grade(cls, grade: GradeResult) -> StoredResult:
        return cls.model_validate(grade.model_dump(mode="json"))

    @classmethod
    def of_run(cls, run: CustomRunResult) -> StoredResult:
        return cls(verdict=run.verdict.value, compile_message=run.compile_message, tests=[],
                   run=StoredRun.model_validate(run.model_dump(mode="json")))

    @classmethod
    def of_error(cls, error: str) -> StoredResult:
        return cls(verdict=Verdict.JE.value, error=error, tests=[])

    def to_json(self) -> dict[str, Any]:
        """What the row stores: the fields that were set (and kept unknown keys), as JSON values."""
        return self.model_dump(mode="json", exclude_unset=True)

    def is_empty(self) -> bool:
        return not self.model_fields_set and not self.model_extra
