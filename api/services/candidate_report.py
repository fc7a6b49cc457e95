"""The candidate's transparency report: after finishing, per problem and scoring group what was checked
(the group's name and description from the package, how many hidden tests, how it scores), the points
and how the total was computed, the similarity policy, and when their data will be erased.

Nothing hidden leaks: hidden tests appear as counts and verdicts only (never inputs, expected outputs,
program output or grader messages), and the report shows no name or e-mail (it is also reachable by
a read-only ``rpt_`` link, api.services.report_links, that the invitation.completed webhook carries for
the ATS to pass on).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypedDict

from pydantic import BaseModel
from sqlmodel import Session

from api.grade_record import StoredGroup, StoredResult
from api.models import Assessment, Invitation, Submission
from api.schemas import InvitationState
from api.services import assessments as assessment_service
from api.services import problems as problem_service
from api.services import quiz_report, reports, retention
from api.services.progress import state
from api.services.quiz_report import QuestionView
from graders.verdicts import Verdict

AGGREGATES = {
    "all": "full points only if every test in the group passes",
    "sum": "the points are shared equally between the group's tests; each passing test earns its share",
    "min": "points in proportion to the weakest test's result",
}


class CandidateReportGroup(BaseModel):
    """A scoring group of a problem: what it checks and how it scores (from the package), and the
    candidate's result in it (hidden tests as a count and how many passed, nothing more)."""

    name: str
    description: str
    points: float
    aggregate: str
    how: str  # the aggregate in words
    require_pass: list[str]
    tests: int  # hidden tests in the group
    your_points: float | None  # None: no scored submission reached the group
    your_verdict: Verdict | None
    tests_passed: int | None
    required_failed: list[str]


class ScoredSubmission(BaseModel):
    """The submission that counts for a problem (the best graded one)."""

    language: str
    verdict: str | None
    created_at: datetime
    points: float | None


class CandidateReportProblem(BaseModel):
    slug: str
    title: str
    points: float
    max_points: float
    submissions: int
    samples: int
    groups: list[CandidateReportGroup]
    scored: ScoredSubmission | None
    time_limit_s: float
    memory_limit_mib: int
    questions: list[QuestionView] | None = None  # a quiz: the questions, the candidate's choices, their points


class CandidateReport(BaseModel):
    """The candidate's transparency report (the page ``/take/<token>/report``)."""

    assessment_title: str
    state: InvitationState
    started_at: datetime | None
    finished_at: datetime | None
    total_points: float
    max_points: float
    problems: list[CandidateReportProblem]
    similarity_threshold: float
    retention_days: int
    erased_at: datetime | None  # when the candidate's data was erased
    erase_on: datetime | None  # else when it will be (retention), if it will


class ErasureDate(TypedDict):
    erased_at: datetime | None  # when the candidate's data was erased
    erase_on: datetime | None  # else when it will be (retention), if it will


def erasure_date(session: Session, invitation: Invitation, retention_days: int) -> ErasureDate:
    erased = retention.erased_at(session, invitation.id)
    if erased is not None:
        return ErasureDate(erased_at=erased, erase_on=None)
    if retention_days > 0:
        return ErasureDate(erased_at=None, erase_on=invitation.created_at + timedelta(days=retention_days))
    return ErasureDate(erased_at=None, erase_on=None)


def _group_results(session: Session, submission_id: str | None
                   ) -> tuple[dict[str, StoredGroup], dict[str, list[str]]]:
    """The scored submission's group results, and its tests' verdicts per group (verdicts only)."""
    if submission_id is None:
        return {}, {}
    submission = session.get(Submission, submission_id)
    result = StoredResult.read(submission.result if submission is not None else None)
    groups = {g.name: g for g in result.groups if "name" in g.model_fields_set}
    verdicts: dict[str, list[str]] = {}
    for test in result.tests:
        verdicts.setdefault(test.group, []).append(str(test.verdict))
    return groups, verdicts


def build(session: Session, invitation: Invitation, *, retention_days: int, similarity_threshold: float,
          now: datetime | None = None) -> CandidateReport:
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    data = reports.report(session, invitation, "")
    versions = {v.slug: v for v in assessment_service.problem_versions(session, assessment.id)}
    problems = []
    for scored in data.problems:
        version = versions[scored.slug]
        manifest = problem_service.manifest_of(version)
        package = problem_service.package_of(version)
        results, verdicts = _group_results(session, scored.best_submission_id)
        submission = session.get(Submission, scored.best_submission_id) if scored.best_submission_id else None
        groups = []
        for group in manifest.scoring.groups:
            result = results.get(group.name)
            tests = verdicts.get(group.name, [])
            groups.append(CandidateReportGroup(
                name=group.name, description=group.description, points=group.points,
                aggregate=group.aggregate, how=AGGREGATES[group.aggregate],
                require_pass=list(group.require_pass), tests=len(package.groups.get(group.name, [])),
                your_points=result.points if result else None,
                your_verdict=result.verdict if result else None,
                tests_passed=sum(1 for v in tests if v == Verdict.AC) if result else None,
                required_failed=list(result.required_failed) if result else [],
            ))
        problems.append(CandidateReportProblem(
            slug=scored.slug, title=scored.title, points=scored.points,
            max_points=scored.max_points, submissions=scored.submissions,
            samples=len(package.samples), groups=groups,
            scored=None if submission is None else ScoredSubmission(
                language=submission.language, verdict=submission.verdict, created_at=submission.created_at,
                points=submission.points),
            time_limit_s=manifest.limits.time_limit_s, memory_limit_mib=manifest.limits.memory_limit_mib,
            questions=quiz_report.candidate_items(session, submission) if submission is not None else None,
        ))
    erasure = erasure_date(session, invitation, retention_days)
    return CandidateReport(
        assessment_title=assessment.title, state=state(invitation, now),
        started_at=invitation.started_at, finished_at=invitation.finished_at or invitation.deadline_at,
        total_points=data.total_points, max_points=data.max_points, problems=problems,
        similarity_threshold=similarity_threshold, retention_days=retention_days,
        erased_at=erasure["erased_at"], erase_on=erasure["erase_on"],
    )
