"""The analytics CSV rounds its floats (issue 26, item 4): 0.3333, never 0.33333333333333331."""

from __future__ import annotations

from api.services.analytics import csv_rows

DATA = {
    "funnel": {"invited": 3, "finished": 1, "completion_rate": 1 / 3},
    "scores": {"finished": 1, "max_points": 200.0, "mean": 123.456789, "percentiles": {"50": 2 / 3},
               "histogram": [{"from_percent": 0, "to_percent": 10, "count": 1}]},
    "problems": [{"slug": "sum", "attempted": 1, "full_solves": 0, "attempt_rate": 1 / 3, "full_solve_rate": 0.0,
                  "median_seconds_to_first_ac": None, "languages": [{"language": "python", "candidates": 1}]}],
    "groups": [{"problem": "sum", "group": "small", "graded_submissions": 3, "failed_submissions": 1,
                "failure_rate": 1 / 3, "candidates": 1, "candidates_never_passed": 0, "calibration": 0.1 + 0.2}],
}


def test_the_analytics_csv_rounds_its_floats_to_four_decimals() -> None:
    values = {(r[0], r[1], r[2], r[3]): r[4] for r in csv_rows(DATA)[1:]}
    assert values[("funnel", "", "", "completion_rate")] == 0.3333
    assert values[("scores", "", "", "mean")] == 123.4568
    assert values[("scores", "", "", "p50")] == 0.6667
    assert values[("problem", "sum", "", "attempt_rate")] == 0.3333
    assert values[("group", "sum", "small", "calibration")] == 0.3
    assert values[("problem", "sum", "", "median_seconds_to_first_ac")] == ""
    assert values[("funnel", "", "", "invited")] == 3
    for row in csv_rows(DATA)[1:]:
        assert len(str(row[4])) <= 9, row
