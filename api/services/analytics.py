"""Hiring analytics of one assessment, computed in SQL (SQLAlchemy Core) on SQLite and PostgreSQL alike.

- funnel: invited -> started -> finished -> expired (and revoked, in progress), with the median time
  from invitation to start and from start to finish;
- scores of finished candidates: a 10-bin histogram of the percentage of the maximum, percentiles,
  the mean; a candidate's percentile rank within the assessment;
- per problem: attempt rate and full-solve rate (of started candidates), the median time from the
  start to the first accepted submission, languages used;
- per hidden test group (``submission_groups``, see api.analytics_models): how many graded submissions
  failed it, and how many candidates who tried the problem never passed it (problem calibration).

Medians use window functions (ROW_NUMBER and COUNT OVER, portable to SQLite >= 3.25 and PostgreSQL),
one query per figure. Score percentiles and the histogram are read from the one sorted column SQL
returns (a total per finished candidate) with linear interpolation between the two nearest ranks
(numpy's default). No submission's code or result JSON is read here (group rows are indexed once, see
api.services.group_results).

A candidate's score is what the report shows: the best graded submission per problem, summed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Float, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Select, Subquery
from sqlmodel import Session, col

from api.analytics_models import SubmissionGroup
from api.analytics_schemas import (
    Analytics,
    Funnel,
    GroupFigures,
    LanguageUse,
    PercentileRank,
    PoolFigures,
    PoolProblemFigures,
    ProblemFigures,
    ScoreBin,
    Scores,
)
from api.models import (
    Assessment,
    AssessmentProblem,
    Invitation,
    InvitationDraw,
    ProblemVersion,
    Submission,
    SubmissionStatus,
    utcnow,
)
from api.services import assessments as assessment_service
from api.services import group_results
from api.services import problems as problem_service
from graders.verdicts import Verdict

PERCENTILES = (10, 25, 50, 75, 90)
BINS = 10
SAMPLE_GROUP = "sample"


class epoch(FunctionElement[float]):
    """Seconds since 1970 of a timestamp column (SQLite stores text, PostgreSQL timestamptz)."""

    type = Float()
    inherit_cache = True


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: Any, **kw: Any) -> str:
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


@compiles(epoch)
def _epoch_default(element: epoch, compiler: Any, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


def interpolate(ordered: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100) of sorted values: linear interpolation between the two nearest ranks."""
    if not ordered:
        return None
    x = (p / 100.0) * (len(ordered) - 1)
    lo, hi = ordered[math.floor(x)], ordered[math.ceil(x)]
    return lo + (hi - lo) * (x - math.floor(x))


def medians(session: Session, values: Select[Any, Any]) -> dict[Any, float]:
    """The median of ``v`` per ``k`` (the columns of ``values``) in one query: ranks and counts by window
    functions; the middle row, or the mean of the two middle rows (0-based rank r with n-2 <= 2r <= n)."""
    sub = values.subquery()
    ranked = select(sub.c.k, sub.c.v,
                    (func.row_number().over(partition_by=sub.c.k, order_by=sub.c.v) - 1).label("rn"),
                    func.count().over(partition_by=sub.c.k).label("n")).subquery()
    rows = session.execute(select(ranked.c.k, func.avg(ranked.c.v))
                           .where(2 * ranked.c.rn >= ranked.c.n - 2, 2 * ranked.c.rn <= ranked.c.n)
                           .group_by(ranked.c.k))
    return {k: float(v) for k, v in rows}


def median(session: Session, values: Select[Any]) -> float | None:
    """The median of the single column ``v`` of ``values`` (None without rows)."""
    sub = values.subquery()
    return medians(session, select(literal(0).label("k"), sub.c.v)).get(0)


# ---------------------------------------------------------------------- building blocks


def _completed(now: datetime) -> ColumnElement[bool]:
    """invitation_service.state(...) == "completed", as SQL."""
    return and_(col(Invitation.revoked_at).is_(None),
                or_(col(Invitation.finished_at).is_not(None),
                    and_(col(Invitation.started_at).is_not(None), col(Invitation.deadline_at) <= now)))


def _expired(now: datetime) -> ColumnElement[bool]:
    return and_(col(Invitation.revoked_at).is_(None), col(Invitation.started_at).is_(None),
                col(Invitation.expires_at) <= now)


def _in_assessment(assessment_id: str) -> ColumnElement[bool]:
    return col(Invitation.assessment_id) == assessment_id


def best_points(assessment_id: str) -> Subquery:
    """(invitation_id, problem_version_id, points): the best graded submission per candidate and problem
    of the assessment (as the report counts it)."""
    return (
        select(col(Submission.invitation_id).label("invitation_id"),
               col(Submission.problem_version_id).label("problem_version_id"),
               func.max(Submission.points).label("points"))
        .join(Invitation, col(Invitation.id) == Submission.invitation_id)
        .join(AssessmentProblem, and_(col(AssessmentProblem.assessment_id) == Invitation.assessment_id,
                                      col(AssessmentProblem.problem_version_id) == Submission.problem_version_id))
        .where(_in_assessment(assessment_id), col(Submission.kind) == "submission",
               col(Submission.status) == SubmissionStatus.GRADED,
               col(Submission.points).is_not(None))
        .group_by(col(Submission.invitation_id), col(Submission.problem_version_id))
        .subquery("best")
    )


def totals(assessment_id: str, now: datetime) -> Subquery:
    """(invitation_id, total) of every finished candidate; no graded submission counts as 0."""
    best = best_points(assessment_id)
    return (
        select(col(Invitation.id).label("invitation_id"),
               func.coalesce(func.sum(best.c.points), 0.0).label("total"))
        .select_from(Invitation)
        .outerjoin(best, best.c.invitation_id == Invitation.id)
        .where(_in_assessment(assessment_id), _completed(now))
        .group_by(col(Invitation.id))
        .subquery("totals")
    )


def problem_maxima(session: Session, assessment_id: str) -> list[tuple[ProblemVersion, float]]:
    return [(v, float(problem_service.summary(v).max_points))
            for v in assessment_service.problem_versions(session, assessment_id)]


# ---------------------------------------------------------------------- the sections


def funnel(session: Session, assessment_id: str, now: datetime) -> Funnel:
    completed = _completed(now)
    row = session.execute(
        select(func.count(),
               func.sum(case((col(Invitation.started_at).is_not(None), 1), else_=0)),
               func.sum(case((completed, 1), else_=0)),
               func.sum(case((_expired(now), 1), else_=0)),
               func.sum(case((col(Invitation.revoked_at).is_not(None), 1), else_=0)),
               func.sum(case((and_(col(Invitation.revoked_at).is_(None), col(Invitation.started_at).is_not(None),
                                   ~completed), 1), else_=0)))
        .where(_in_assessment(assessment_id))
    ).one()
    invited, started, finished, expired, revoked, in_progress = (int(x or 0) for x in row)
    to_start = median(session, select((epoch(Invitation.started_at) - epoch(Invitation.created_at)).label("v"))
                      .where(_in_assessment(assessment_id), col(Invitation.started_at).is_not(None)))
    end = func.coalesce(Invitation.finished_at, Invitation.deadline_at)
    to_finish = median(session, select((epoch(end) - epoch(Invitation.started_at)).label("v"))
                       .where(_in_assessment(assessment_id), completed, col(Invitation.started_at).is_not(None)))
    return Funnel(invited=invited, started=started, finished=finished, expired=expired, revoked=revoked,
                  in_progress=in_progress, median_invite_to_start_seconds=to_start,
                  median_start_to_finish_seconds=to_finish)


def bin_edges(max_total: float) -> list[float]:
    return [max_total * k / BINS for k in range(BINS + 1)]


def scores(session: Session, assessment_id: str, now: datetime, max_total: float) -> Scores:
    """The totals are summed in SQL (one GROUP BY over the submissions); what comes back is one sorted
    number per finished candidate, from which the histogram, mean and percentiles are read."""
    t = totals(assessment_id, now)
    ordered = [float(v) for v in session.execute(select(t.c.total).order_by(t.c.total)).scalars()]
    edges = bin_edges(max_total)
    counts = [0] * BINS
    for value in ordered:
        counts[next((k for k in range(BINS - 1, 0, -1) if value >= edges[k]), 0)] += 1
    n = len(ordered)
    return Scores(
        finished=n, max_points=max_total, mean=math.fsum(ordered) / n if n else None,
        percentiles={str(p): interpolate(ordered, p) for p in PERCENTILES},
        histogram=[ScoreBin(from_percent=100 * k // BINS, to_percent=100 * (k + 1) // BINS,
                            from_points=edges[k], to_points=edges[k + 1], count=counts[k])
                   for k in range(BINS)],
    )


def percentile_rank(session: Session, invitation: Invitation, now: datetime | None = None) -> PercentileRank | None:
    """The finished candidate's percentile rank among the assessment's finished candidates: the share
    scoring lower plus half of those scoring the same (so the best of 10 is 95, a lone candidate 50).
    None unless the invitation is finished."""
    t = totals(invitation.assessment_id, now or utcnow())
    mine = session.execute(select(t.c.total).where(t.c.invitation_id == invitation.id)).scalar_one_or_none()
    if mine is None:
        return None
    below, same, n = session.execute(select(func.sum(case((t.c.total < mine, 1), else_=0)),
                                            func.sum(case((t.c.total == mine, 1), else_=0)), func.count())).one()
    rank = 100.0 * (int(below or 0) + 0.5 * int(same or 0)) / int(n)
    return PercentileRank(percentile=round(rank, 1), finished=int(n), below=int(below or 0), total=float(mine))


def problems(session: Session, assessment_id: str, now: datetime, maxima: list[tuple[ProblemVersion, float]],
             started: int) -> list[ProblemFigures]:
    best = best_points(assessment_id)
    scope = and_(_in_assessment(assessment_id), col(Submission.kind) == "submission")
    # one pass over the submissions: per candidate, problem and language; then attempts and languages
    per: Select[Any, Any, Any, Any] = (
        select(col(Submission.problem_version_id).label("pv"), col(Submission.invitation_id).label("inv"),
               col(Submission.language).label("language"), func.count().label("n"))
        .join(Invitation, col(Invitation.id) == Submission.invitation_id).where(scope)
        .group_by(col(Submission.problem_version_id), col(Submission.invitation_id), col(Submission.language)))
    attempted: dict[int, set[str]] = {}
    counted: dict[tuple[int, str], list[int]] = {}
    for version_id, invitation_id, language, count in session.execute(per):
        attempted.setdefault(int(version_id), set()).add(invitation_id)
        item = counted.setdefault((int(version_id), language), [0, 0])
        item[0] += 1
        item[1] += int(count)
    languages: dict[int, list[LanguageUse]] = {}
    for (version_id, language), (candidates, count) in sorted(counted.items(),
                                                               key=lambda kv: (kv[0][0], -kv[1][0], kv[0][1])):
        languages.setdefault(version_id, []).append(
            LanguageUse(language=language, candidates=candidates, submissions=count))
    full = [and_(best.c.problem_version_id == version.id, best.c.points >= max_points)
            for version, max_points in maxima if max_points > 0]
    solves = dict(session.execute(select(best.c.problem_version_id, func.count()).where(or_(*full))
                                  .group_by(best.c.problem_version_id)).all()) if full else {}
    first_ac = medians(session, (  # per problem: the median over candidates of their first AC's time
        select(col(Submission.problem_version_id).label("k"),
               func.min(epoch(Submission.created_at) - epoch(Invitation.started_at)).label("v"))
        .join(Invitation, col(Invitation.id) == Submission.invitation_id)
        .where(scope, col(Submission.status) == SubmissionStatus.GRADED, col(Submission.verdict) == Verdict.AC,
               col(Invitation.started_at).is_not(None))
        .group_by(col(Submission.problem_version_id), col(Submission.invitation_id))))
    out = []
    for version, max_points in maxima:
        solved = int(solves.get(version.id, 0))
        tried = len(attempted.get(int(version.id or 0), ()))
        out.append(ProblemFigures(
            slug=version.slug, version=version.version, title=version.title, max_points=max_points,
            attempted=tried, full_solves=solved,
            attempt_rate=tried / started if started else None,
            full_solve_rate=solved / started if started else None,
            median_seconds_to_first_ac=first_ac.get(version.id),
            languages=languages.get(int(version.id or 0), []),
        ))
    return out


def groups(session: Session, assessment_id: str, maxima: list[tuple[ProblemVersion, float]]) -> list[GroupFigures]:
    g = SubmissionGroup
    failed_case = case((col(g.passed) == False, 1), else_=0)  # noqa: E712 - SQL
    passed_case = case((col(g.passed) == True, 1), else_=0)  # noqa: E712 - SQL
    # per candidate first (graded, failed, passed at least once), then per group: no COUNT(DISTINCT), and
    # only submission_groups' covering index is read
    per_candidate = (
        select(col(g.problem_version_id).label("pv"), col(g.group_name).label("name"),
               func.count().label("graded"), func.sum(failed_case).label("failed"),
               func.max(passed_case).label("passed"))
        .join(Invitation, col(Invitation.id) == g.invitation_id)
        .where(_in_assessment(assessment_id), col(g.group_name) != "", col(g.group_name) != SAMPLE_GROUP)
        .group_by(col(g.invitation_id), col(g.problem_version_id), col(g.group_name))
        .subquery())
    c = per_candidate.c
    rows = session.execute(select(c.pv, c.name, func.sum(c.graded), func.sum(c.failed), func.count(),
                                  func.sum(c.passed)).group_by(c.pv, c.name)).all()
    by_key = {(int(r[0]), str(r[1])): r for r in rows}
    out = []
    for version, _ in maxima:
        manifest = problem_service.manifest_of(version)
        for group in manifest.scoring.groups:
            row = by_key.get((int(version.id or 0), group.name))
            graded, failures, tried, passed = (int(x or 0) for x in row[2:]) if row else (0, 0, 0, 0)
            rate = failures / graded if graded else None
            out.append(GroupFigures(
                problem=version.slug, problem_title=version.title, group=group.name,
                description=group.description, points=group.points, aggregate=group.aggregate,
                graded_submissions=graded, failed_submissions=failures, failure_rate=rate,
                candidates=tried, candidates_never_passed=tried - passed,
                calibration=("nobody passes" if graded and passed == 0 else
                             "everybody passes" if graded and failures == 0 else ""),
            ))
    return out


def pools(session: Session, assessment_id: str, now: datetime) -> list[PoolFigures]:
    """Per pooled slot, its problems side by side: how many candidates drew each, how many of them finished,
    and their mean score in % of the problem's points (so a harder or easier problem of a pool shows)."""
    slotted = [(slot, versions) for slot, versions in enumerate(assessment_service.slots(session, assessment_id))
               if len(versions) > 1]
    if not slotted:
        return []
    best = best_points(assessment_id)
    d = InvitationDraw
    completed = _completed(now)
    rows = session.execute(
        select(col(d.slot), col(d.problem_version_id), func.count(), func.sum(case((completed, 1), else_=0)),
               func.sum(case((completed, func.coalesce(best.c.points, 0.0)), else_=0.0)))
        .join(Invitation, col(Invitation.id) == d.invitation_id)
        .outerjoin(best, and_(best.c.invitation_id == d.invitation_id,
                              best.c.problem_version_id == d.problem_version_id))
        .where(_in_assessment(assessment_id))
        .group_by(col(d.slot), col(d.problem_version_id))).all()
    by_key = {(int(r[0]), int(r[1])): (int(r[2]), int(r[3] or 0), float(r[4] or 0.0)) for r in rows}
    out: list[PoolFigures] = []
    for slot, versions in slotted:
        items: list[PoolProblemFigures] = []
        for version in versions:
            drew, finished, points = by_key.get((slot, int(version.id or 0)), (0, 0, 0.0))
            max_points = float(problem_service.summary(version).max_points)
            items.append(PoolProblemFigures(
                slug=version.slug, title=version.title, max_points=max_points, candidates=drew, finished=finished,
                mean_percent=100.0 * points / finished / max_points if finished and max_points else None))
        out.append(PoolFigures(slot=slot + 1, problems=items))
    return out


def fingerprint(session: Session, assessment_id: str, now: datetime) -> tuple[Any, ...]:
    """What ``compute`` depends on, in two cheap queries: the assessment's last grading time (and its
    submissions' count and latest), and its invitations' states at ``now`` (deadlines and expiries pass
    without anyone acting). Equal fingerprints, equal analytics."""
    invitations = session.execute(
        select(func.count(), func.sum(case((col(Invitation.started_at).is_not(None), 1), else_=0)),
               func.sum(case((_completed(now), 1), else_=0)), func.sum(case((_expired(now), 1), else_=0)),
               func.sum(case((col(Invitation.revoked_at).is_not(None), 1), else_=0)),
               func.max(Invitation.created_at), func.max(Invitation.finished_at))
        .where(_in_assessment(assessment_id))).one()
    submissions = session.execute(
        select(func.count(), func.max(Submission.graded_at), func.max(Submission.created_at))
        .join(Invitation, col(Invitation.id) == Submission.invitation_id)
        .where(_in_assessment(assessment_id))).one()
    return (*invitations, *submissions)


def compute(session: Session, assessment: Assessment, now: datetime | None = None) -> Analytics:
    """Everything the analytics page, the JSON API and the CSV export show."""
    now = now or utcnow()
    group_results.backfill(session, assessment.id)
    maxima = problem_maxima(session, assessment.id)
    # a pool counts once, with its largest maximum (a candidate's own maximum is their problems' sum)
    max_total = sum(max(float(problem_service.summary(v).max_points) for v in slot)
                    for slot in assessment_service.slots(session, assessment.id))
    flow = funnel(session, assessment.id, now)
    return Analytics(
        assessment_id=assessment.id, title=assessment.title, computed_at=now,
        funnel=flow,
        scores=scores(session, assessment.id, now, max_total),
        problems=problems(session, assessment.id, now, maxima, flow.started),
        groups=groups(session, assessment.id, maxima),
        pools=pools(session, assessment.id, now),
    )


def csv_rows(data: Analytics) -> list[list[Any]]:
    """One flat table: section, problem, group, metric, value."""
    rows: list[list[Any]] = [["section", "problem", "group", "metric", "value"]]
    for key, value in data.funnel.model_dump().items():
        rows.append(["funnel", "", "", key, value])
    s = data.scores
    rows.extend([["scores", "", "", "finished", s.finished], ["scores", "", "", "max_points", s.max_points],
                 ["scores", "", "", "mean", s.mean]])
    for p, value in s.percentiles.items():
        rows.append(["scores", "", "", f"p{p}", value])
    for b in s.histogram:
        rows.append(["histogram", "", "", f"{b.from_percent}-{b.to_percent}%", b.count])
    for problem in data.problems:
        figures = problem.model_dump(include={"attempted", "full_solves", "attempt_rate", "full_solve_rate",
                                              "median_seconds_to_first_ac"})
        for key in ("attempted", "full_solves", "attempt_rate", "full_solve_rate", "median_seconds_to_first_ac"):
            rows.append(["problem", problem.slug, "", key, figures[key]])
        for lang in problem.languages:
            rows.append(["language", problem.slug, "", lang.language, lang.candidates])
    for g in data.groups:
        figures = g.model_dump()
        for key in ("graded_submissions", "failed_submissions", "failure_rate", "candidates",
                    "candidates_never_passed", "calibration"):
            rows.append(["group", g.problem, g.group, key, figures[key]])
    for pool in data.pools:
        for item in pool.problems:
            rows.extend([["pool", item.slug, f"slot {pool.slot}", "candidates", item.candidates],
                         ["pool", item.slug, f"slot {pool.slot}", "finished", item.finished],
                         ["pool", item.slug, f"slot {pool.slot}", "mean_percent", item.mean_percent]])
    return [[_cell(v) for v in row] for row in rows]


def _cell(value: Any) -> Any:
    """A CSV cell: empty for None, a float to at most 4 decimals (0.3333, not 0.33333333333333331)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    return value
