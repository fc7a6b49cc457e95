"""What the hiring analytics of an assessment are made of (api.services.analytics computes them): the
analytics page, ``GET /v1/assessments/{id}/analytics`` (these are its OpenAPI schemas), the CSV export,
and a candidate's percentile rank on the report.

The JSON is the same, key for key, as the dicts the service returned before it returned these.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_serializer


class Funnel(BaseModel):
    """Invited -> started -> finished, expired and revoked, at the moment of computing."""

    invited: int
    started: int
    finished: int = Field(description="completed: finished, or started and past the deadline")
    expired: int = Field(description="never started, past the invitation's expiry")
    revoked: int
    in_progress: int
    median_invite_to_start_seconds: float | None
    median_start_to_finish_seconds: float | None


class ScoreBin(BaseModel):
    """One tenth of the maximum total: ``from_percent`` (inclusive) to ``to_percent``."""

    from_percent: int
    to_percent: int
    from_points: float
    to_points: float
    count: int


class Scores(BaseModel):
    """Totals of the finished candidates (the best graded submission per problem, summed)."""

    finished: int
    max_points: float
    mean: float | None
    percentiles: dict[str, float | None] = Field(
        description='"10", "25", "50", "75", "90": linear interpolation between the two nearest ranks')
    histogram: list[ScoreBin]


class LanguageUse(BaseModel):
    language: str
    candidates: int
    submissions: int


class ProblemFigures(BaseModel):
    """One problem of the assessment; rates are of the started candidates."""

    slug: str
    version: int
    title: str
    max_points: float
    attempted: int
    full_solves: int
    attempt_rate: float | None
    full_solve_rate: float | None
    median_seconds_to_first_ac: float | None
    languages: list[LanguageUse]


class GroupFigures(BaseModel):
    """One hidden test group of a problem (calibration): how often graded submissions failed it."""

    problem: str
    problem_title: str
    group: str
    description: str
    points: float
    aggregate: str
    graded_submissions: int
    failed_submissions: int
    failure_rate: float | None
    candidates: int
    candidates_never_passed: int
    calibration: Literal["", "nobody passes", "everybody passes"]


class PoolProblemFigures(BaseModel):
    """One problem of a question pool: how many candidates drew it, and how they did on it."""

    slug: str
    title: str
    max_points: float
    candidates: int = Field(description="invitations that drew this problem")
    finished: int = Field(description="of those, the completed ones")
    mean_percent: float | None = Field(description="the finished ones' mean best score, in % of the problem's "
                                       "points (none before anyone finished)")


class PoolFigures(BaseModel):
    """A pooled slot of the assessment, its problems side by side (unequal difficulty shows)."""

    slot: int = Field(description="the slot's number, from 1")
    problems: list[PoolProblemFigures]


class Analytics(BaseModel):
    """Everything the analytics page, the JSON API and the CSV export show."""

    assessment_id: str
    title: str
    computed_at: datetime = Field(description="when the figures were computed (ISO 8601, with its UTC offset)")
    funnel: Funnel
    scores: Scores
    problems: list[ProblemFigures]
    groups: list[GroupFigures]
    pools: list[PoolFigures] = Field(default_factory=list, description="per question pool: its problems compared")

    @field_serializer("computed_at", when_used="json")
    def _offset_time(self, value: datetime) -> str:
        """``2026-12-07T13:26:44.184789+00:00`` as before (pydantic alone would write ``...Z``)."""
        return value.isoformat()


class PercentileRank(BaseModel):
    """A finished candidate among the assessment's finished candidates: the share scoring lower plus half
    of those scoring the same (the best of 10 is 95, a lone candidate 50)."""

    percentile: float
    finished: int
    below: int
    total: float
