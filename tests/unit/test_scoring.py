"""Scoring of groups: all / sum / min, require_pass, partial credit, first-error verdict."""

import pytest

from graders.results import TestCaseResult, Verdict
from graders.scoring import score
from problemformat.manifest import Group, Scoring

AC, WA, TLE, RE, JE = Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RE, Verdict.JE


def r(group, verdict, fraction=None, name="01"):
    if fraction is None:
        fraction = 1.0 if verdict == AC else 0.0
    return TestCaseResult(group=group, name=name, verdict=verdict, fraction=fraction)


def results(group, *verdicts):
    return [r(group, v, name=f"{i:02d}") if isinstance(v, Verdict) else r(group, v[0], v[1], f"{i:02d}")
            for i, v in enumerate(verdicts, start=1)]


def scoring(*groups):
    return Scoring(groups=[Group(**g) for g in groups])


def test_all_groups_full_and_zero():
    s = scoring({"name": "a", "points": 30}, {"name": "b", "points": 70})
    points, groups, verdict = score(s, {"a": results("a", AC, AC), "b": results("b", AC, WA, AC)})
    assert points == 30
    assert [(g.name, g.points, g.max_points, g.verdict) for g in groups] == [
        ("a", 30, 30, AC), ("b", 0, 70, WA)]
    assert verdict == WA


def test_everything_accepted():
    s = scoring({"name": "a", "points": 30}, {"name": "b", "points": 70, "aggregate": "sum"})
    points, groups, verdict = score(s, {"a": results("a", AC), "b": results("b", AC, AC)})
    assert (points, verdict) == (100, AC)
    assert all(g.verdict == AC and g.points == g.max_points for g in groups)


def test_sum_is_points_times_mean_fraction():
    s = scoring({"name": "a", "points": 100, "aggregate": "sum"})
    points, groups, verdict = score(s, {"a": results("a", AC, WA, AC)})
    assert points == pytest.approx(66.666667)
    assert points == round(points, 6)  # no binary noise in stored points
    assert groups[0].verdict == WA and verdict == WA


def test_min_is_points_times_worst_fraction():
    s = scoring({"name": "a", "points": 50, "aggregate": "min"})
    assert score(s, {"a": results("a", (AC, 0.8), (AC, 0.4), AC)})[0] == pytest.approx(20)
    assert score(s, {"a": results("a", (AC, 0.8), TLE)})[0] == 0


def test_partial_credit_counts_toward_sum_and_min():
    s = scoring({"name": "s", "points": 40, "aggregate": "sum"},
                {"name": "m", "points": 60, "aggregate": "min"})
    points, groups, verdict = score(s, {"s": results("s", (AC, 0.5), AC), "m": results("m", (AC, 0.25), AC)})
    assert [g.points for g in groups] == [30, 15]
    assert points == 45
    assert verdict == AC  # every test accepted, some with partial credit


def test_all_with_partial_credit_uses_the_smallest_fraction():
    s = scoring({"name": "a", "points": 10})
    assert score(s, {"a": results("a", (AC, 0.5), AC)})[0] == 5


def test_non_ac_fraction_is_ignored():
    s = scoring({"name": "a", "points": 10, "aggregate": "sum"})
    assert score(s, {"a": [r("a", WA, 0.9)]})[0] == 0


def test_require_pass():
    s = scoring({"name": "small", "points": 40}, {"name": "large", "points": 60, "require_pass": ["small"]})
    points, groups, _ = score(s, {"small": results("small", WA), "large": results("large", AC)})
    assert points == 0
    assert groups[1].required_failed == ["small"] and groups[1].verdict == AC and groups[1].points == 0
    points, groups, _ = score(s, {"small": results("small", AC), "large": results("large", AC)})
    assert points == 100 and groups[1].required_failed == []


def test_require_pass_needs_full_credit():
    s = scoring({"name": "a", "points": 40, "aggregate": "sum"},
                {"name": "b", "points": 60, "require_pass": ["a"]})
    points, groups, _ = score(s, {"a": results("a", (AC, 0.5)), "b": results("b", AC)})
    assert points == 20 and groups[1].required_failed == ["a"]


def test_require_pass_is_transitive_and_may_point_forward():
    s = scoring(
        {"name": "c", "points": 1, "require_pass": ["b"]},
        {"name": "a", "points": 1},
        {"name": "b", "points": 1, "require_pass": ["a"]},
    )
    points, groups, _ = score(s, {"a": results("a", WA), "b": results("b", AC), "c": results("c", AC)})
    assert points == 0
    assert {g.name: g.required_failed for g in groups} == {"c": ["b"], "a": [], "b": ["a"]}


def test_require_pass_cycle_terminates():
    s = scoring({"name": "a", "points": 1, "require_pass": ["b"]},
                {"name": "b", "points": 1, "require_pass": ["a"]})
    assert score(s, {"a": results("a", AC), "b": results("b", AC)})[0] == 2
    assert score(s, {"a": results("a", WA), "b": results("b", AC)})[0] == 0


def test_first_error_verdict_in_test_order():
    s = scoring({"name": "a", "points": 1}, {"name": "b", "points": 1})
    assert score(s, {"a": results("a", AC, TLE, WA), "b": results("b", RE)})[2] == TLE
    assert score(s, {"a": results("a", AC), "b": results("b", RE, WA)})[2] == RE


def test_judge_error_anywhere_wins():
    s = scoring({"name": "a", "points": 1}, {"name": "b", "points": 1})
    _, groups, verdict = score(s, {"a": results("a", WA), "b": results("b", AC, JE)})
    assert verdict == JE and groups[1].verdict == JE


def test_samples_count_for_the_verdict_not_the_points():
    s = scoring({"name": "a", "points": 10})
    points, groups, verdict = score(s, {"sample": results("sample", WA), "a": results("a", AC)})
    assert (points, verdict) == (10, WA)
    assert groups[0].name == "sample" and groups[0].max_points == 0 and groups[0].verdict == WA
    points, groups, verdict = score(s, {"sample": results("sample", AC), "a": results("a", AC)})
    assert verdict == AC


def test_empty_group_scores_nothing():
    s = scoring({"name": "a", "points": 10}, {"name": "b", "points": 5, "aggregate": "sum"})
    points, groups, verdict = score(s, {"a": results("a", AC)})
    assert points == 10
    assert groups[1].points == 0 and groups[1].verdict == Verdict.SKIPPED
    assert verdict == AC
    assert score(s, {})[2] == Verdict.SKIPPED  # nothing ran: never a free AC
