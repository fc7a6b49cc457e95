"""Views of submissions (candidate and reviewer) and the invitation report."""

from __future__ import annotations

from typing import Any, cast

from sqlmodel import Session, col, select

from api.grade_record import StoredResult, StoredTest
from api.models import Assessment, Invitation, ProblemVersion, Submission, SubmissionStatus
from api.schemas import ReportOut, SubmissionDetail, SubmissionKind, SubmissionOut, TestOut, TimelineEvent
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.progress import problem_scores, state

TEXT_LIMIT = 4096  # bytes of a hidden test's input and answer shown to reviewers


def _slug(session: Session, submission: Submission) -> str:
    version = session.get(ProblemVersion, submission.problem_version_id, options=[problem_service.NO_PACKAGE])
    return version.slug if version else ""


def _candidate_test(test: StoredTest) -> TestOut:
    if test.hidden:
        return TestOut(group=test.group, name=test.name, verdict=test.verdict, hidden=True, time_ms=test.time_ms,
                       memory_kib=test.memory_kib)
    return TestOut(group=test.group, name=test.name, verdict=test.verdict, hidden=False, time_ms=test.time_ms,
                   memory_kib=test.memory_kib, fraction=test.fraction, message=test.candidate_message or None,
                   input=test.input, expected_output=test.expected_output, output=test.stdout_excerpt)


def candidate_view(session: Session, submission: Submission) -> SubmissionOut:
    """What the candidate may see: hidden tests show verdict, time and memory only."""
    result = StoredResult.read(submission.result)
    run = result.run if submission.kind == "run" else None
    return SubmissionOut(
        id=submission.id, kind=cast(SubmissionKind, submission.kind), problem=_slug(session, submission),
        language=submission.language, status=SubmissionStatus(submission.status), verdict=submission.verdict,
        points=submission.points, max_points=submission.max_points,
        created_at=submission.created_at, graded_at=submission.graded_at,
        compile_message=result.compile_message or None,
        tests=[_candidate_test(test) for test in result.tests],
        stdout=run.stdout if run else None, stderr=run.stderr if run else None,
        time_ms=run.time_ms if run else None, memory_kib=run.memory_kib if run else None)


def _secret_tests(session: Session, submission: Submission) -> dict[tuple[str, str], Any]:
    """The package's hidden test cases by (group, name), for reviewers."""
    version = session.get(ProblemVersion, submission.problem_version_id, options=[problem_service.NO_PACKAGE])
    if version is None:
        return {}
    package = problem_service.package_of(version)
    return {(case.group, case.name): case for cases in package.groups.values() for case in cases}


def reviewer_view(session: Session, submission: Submission) -> SubmissionDetail:
    """Everything, hidden tests included, for reviewers."""
    result = StoredResult.read(submission.result)
    data = candidate_view(session, submission)
    secret = _secret_tests(session, submission) if result.tests else {}

    def text(test: StoredTest, shown: str | None, attribute: str) -> str | None:
        if shown is not None:
            return shown
        case = secret.get((test.group, test.name))
        return getattr(case, attribute)[:TEXT_LIMIT].decode("utf-8", "replace") if case is not None else None

    tests = [
        TestOut(group=t.group, name=t.name, verdict=t.verdict, hidden=t.hidden, time_ms=t.time_ms,
                memory_kib=t.memory_kib, fraction=t.fraction,
                message="\n".join(m for m in (t.candidate_message, t.reviewer_message) if m) or None,
                input=text(t, t.input, "input"), expected_output=text(t, t.expected_output, "answer"),
                output=t.stdout_excerpt)
        for t in result.tests
    ]
    stored = result.to_json()
    return SubmissionDetail(
        **data.model_dump(exclude={"tests"}), tests=tests, invitation_id=submission.invitation_id,
        files=submission.files, groups=stored.get("groups", []), attempts=submission.attempts,
        started_at=submission.started_at, result=stored or None)


def report(session: Session, invitation: Invitation, public_url: str) -> ReportOut:
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    problems = problem_scores(session, invitation)
    timeline = [TimelineEvent(at=invitation.created_at, event="invited")]
    if invitation.started_at:
        timeline.append(TimelineEvent(at=invitation.started_at, event="started"))
    rows = session.exec(select(Submission).where(col(Submission.invitation_id) == invitation.id)
                        .order_by(col(Submission.created_at))).all()
    for row in rows:
        timeline.append(TimelineEvent(at=row.created_at, event=row.kind, detail={
            "id": row.id, "problem": _slug(session, row), "language": row.language, "status": row.status,
            "verdict": row.verdict, "points": row.points}))
    end = invitation.finished_at
    if end is None and state(invitation) == "completed":
        end = invitation.deadline_at
    if end:
        timeline.append(TimelineEvent(at=end, event="finished"))
    timeline.sort(key=lambda e: e.at)
    used = int((end - invitation.started_at).total_seconds()) if end and invitation.started_at else None
    return ReportOut(
        invitation=invitation_service.out(session, invitation, public_url),
        assessment_title=assessment.title,
        total_points=sum(p.points for p in problems),
        max_points=sum(p.max_points for p in problems),
        time_used_seconds=used,
        duration_minutes=assessment.duration_minutes,
        problems=problems,
        timeline=timeline,
    )
