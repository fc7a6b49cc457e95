"""What graders return: per test case, per group, and for the whole submission (verdicts: graders.verdicts)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from graders.verdicts import Verdict  # the vocabulary (graders.verdicts), named here for the results' users


class TestCaseResult(BaseModel):
    __test__ = False

    group: str
    name: str
    verdict: Verdict
    fraction: float = Field(0.0, ge=0.0, le=1.0, description="credit in [0, 1]")
    time_ms: int = 0
    wall_ms: int = 0
    memory_kib: int = 0
    candidate_message: str = ""
    reviewer_message: str = ""
    hidden: bool = True
    # What the program printed (for reviewers; never shown to candidates on hidden tests).
    stdout_excerpt: str = ""
    stderr_excerpt: str = ""


class GroupResult(BaseModel):
    name: str
    points: float
    max_points: float
    verdict: Verdict
    aggregate: str
    required_failed: list[str] = Field(default_factory=list)


class GradeResult(BaseModel):
    verdict: Verdict
    points: float
    max_points: float
    compile_message: str = ""
    tests: list[TestCaseResult] = Field(default_factory=list)
    groups: list[GroupResult] = Field(default_factory=list)

    @property
    def score(self) -> float:
        """Points as a fraction of the maximum, in [0, 1]."""
        return self.points / self.max_points if self.max_points else 0.0
