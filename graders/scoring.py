"""Scoring: test-case results -> group points -> the submission's points and verdict.

Aggregates (``Group.aggregate``), with the group's tests' credits f_i in [0, 1]:
- ``all``: full points only if every test is AC (times the smallest credit, which is 1 unless a
  checker gave partial credit), else 0;
- ``sum``: points x mean(f_i), so each test is worth an equal share;
- ``min``: points x min(f_i).
A non-AC test has credit 0. A group with no test cases scores 0 (never free points).

``require_pass``: a group whose required groups are not all fully passed (every test AC with full
credit, and their own requirements met, transitively) scores 0 and names them in
``GroupResult.required_failed``.

Final verdict (Kattis first-error semantics): AC if every test is AC; JE if any test is JE;
otherwise the verdict of the first non-AC test in test order (samples first, then the groups in
manifest order, tests in order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graders.results import GroupResult, TestCaseResult, Verdict
from problemformat.manifest import Group, Scoring

SAMPLE_GROUP = "sample"
POINTS_DIGITS = 6  # points are rounded to this many decimals (no 33.333333333333336)

__all__ = ["SAMPLE_GROUP", "final_verdict", "group_verdict", "score"]


def _credit(result: TestCaseResult) -> float:
    return result.fraction if result.verdict == Verdict.AC else 0.0


def _passed(results: Sequence[TestCaseResult]) -> bool:
    """Every test AC with full credit (and at least one test)."""
    return bool(results) and all(r.verdict == Verdict.AC and r.fraction >= 1.0 for r in results)


def group_verdict(results: Sequence[TestCaseResult]) -> Verdict:
    """AC if all tests are AC; JE if any is; else the first non-AC verdict; SKIPPED if empty."""
    if not results:
        return Verdict.SKIPPED
    if any(r.verdict == Verdict.JE for r in results):
        return Verdict.JE
    return next((r.verdict for r in results if r.verdict != Verdict.AC), Verdict.AC)


def final_verdict(results: Sequence[TestCaseResult]) -> Verdict:
    """The submission's verdict over every test in test order (see the module docstring); SKIPPED
    when nothing ran (never a free AC)."""
    return group_verdict(results)


def _fraction(group: Group, results: Sequence[TestCaseResult]) -> float:
    if not results:
        return 0.0
    credits = [_credit(r) for r in results]
    if group.aggregate == "sum":
        return sum(credits) / len(credits)
    if group.aggregate == "min":
        return min(credits)
    return min(credits) if all(r.verdict == Verdict.AC for r in results) else 0.0


def score(
    scoring: Scoring, results_by_group: Mapping[str, Sequence[TestCaseResult]]
) -> tuple[float, list[GroupResult], Verdict]:
    """(points, one GroupResult per group, final verdict).

    ``results_by_group`` maps group names to their tests' results; an entry "sample" (not a
    scoring group) counts toward the verdict only and is reported first with 0 points.
    """
    by_name = {g.name: g for g in scoring.groups}
    memo: dict[str, bool] = {}

    def fully_passed(name: str, visiting: frozenset[str] = frozenset()) -> bool:
        if name not in memo:
            own = _passed(results_by_group.get(name, ()))
            requirements = [r for r in by_name[name].require_pass if r not in visiting]
            memo[name] = own and all(fully_passed(r, visiting | {name}) for r in requirements)
        return memo[name]

    groups: list[GroupResult] = []
    ordered: list[TestCaseResult] = []
    if SAMPLE_GROUP in results_by_group and SAMPLE_GROUP not in by_name:
        samples = list(results_by_group[SAMPLE_GROUP])
        ordered.extend(samples)
        groups.append(GroupResult(name=SAMPLE_GROUP, points=0.0, max_points=0.0,
                                  verdict=group_verdict(samples), aggregate="all"))
    total = 0.0
    for group in scoring.groups:
        results = list(results_by_group.get(group.name, ()))
        ordered.extend(results)
        failed = [r for r in group.require_pass if not fully_passed(r)]
        points = 0.0 if failed else round(group.points * _fraction(group, results), POINTS_DIGITS)
        total += points
        groups.append(GroupResult(name=group.name, points=points, max_points=group.points,
                                  verdict=group_verdict(results), aggregate=group.aggregate,
                                  required_failed=failed))
    return round(total, POINTS_DIGITS), groups, final_verdict(ordered)
