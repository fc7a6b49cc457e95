"""The analytics CSV rounds its floats (issue 26, item 4): 0.3333, never 0.33333333333333331."""

from __future__ import annotations

from datetime import UTC, datetime

from api.analytics_schemas import Analytics, Funnel, GroupFigures, LanguageUse, ProblemFigures, ScoreBin, Scores
from api.services.analytics import csv_rows

DATA = Analytics(
    assessment_id="asm_1", title="Rounding", computed_at=datetime(2026, 12, 7, tzinfo=UTC),
    funnel=Funnel(invited=3, started=3, finished=1, expired=0, revoked=0, in_progress=2,
                  median_invite_to_start_seconds=100 / 3, median_start_to_finish_seconds=None),
    scores=Scores(finished=1, max_points=200.0, mean=123.456789, percentiles={"50": 2 / 3},
                  histogram=[ScoreBin(from_percent=0, to_percent=10, from_points=0.0, to_points=20.0, count=1)]),
    problems=[ProblemFigures(slug="sum", version=1, title="Sum", max_points=100.0, attempted=1, full_solves=0,
                             attempt_rate=1 / 3, full_solve_rate=0.0, median_seconds_to_first_ac=None,
                             languages=[LanguageUse(language="python", candidates=1, submissions=2)])],
    groups=[GroupFigures(problem="sum", problem_title="Sum", group="small", description="", points=40.0,
                         aggregate="all", graded_submissions=3, failed_submissions=1, failure_rate=0.1 + 0.2,
                         candidates=1, candidates_never_passed=0, calibration="")],
)


def test_the_analytics_csv_rounds_its_floats_to_four_decimals() -> None:
    values = {(r[0], r[1], r[2], r[3]): r[4] for r in csv_rows(DATA)[1:]}
    assert values[("funnel", "", "", "median_invite_to_start_seconds")] == 33.3333
    assert values[("scores", "", "", "mean")] == 123.4568
    assert values[("scores", "", "", "p50")] == 0.6667
    assert values[("problem", "sum", "", "attempt_rate")] == 0.3333
    assert values[("group", "sum", "small", "failure_rate")] == 0.3
    assert values[("problem", "sum", "", "median_seconds_to_first_ac")] == ""
    assert values[("funnel", "", "", "invited")] == 3
    for row in csv_rows(DATA)[1:]:
        assert len(str(row[4])) <= 9, row
