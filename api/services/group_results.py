"""Per-group rows of graded submissions (``submission_groups``): written by the grading service in the
transaction that stores a final result, and filled lazily for submissions graded before (or stored
without the grading service, e.g. imported)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from api.analytics_models import SubmissionGroup
from api.grade_record import StoredResult
from api.models import FINAL_STATUSES, AssessmentProblem, Invitation, Submission, SubmissionStatus
from graders.verdicts import Verdict

BATCH = 500


def rows_for(submission_id: str, invitation_id: str, problem_version_id: int, result: dict[str, Any] | None
             ) -> list[SubmissionGroup]:
    groups = [g for g in StoredResult.read(result).groups if g.name]
    if not groups:
        return [SubmissionGroup(submission_id=submission_id, invitation_id=invitation_id,
                                problem_version_id=problem_version_id, group_name="")]
    return [SubmissionGroup(submission_id=submission_id, invitation_id=invitation_id,
                            problem_version_id=problem_version_id, group_name=g.name, verdict=g.verdict,
                            points=g.points, max_points=g.max_points, passed=g.verdict == Verdict.AC)
            for g in groups]


def store(session: Session, submission: Submission) -> None:
    """GradingService.on_graded hook: replace the submission's group rows (a regrade replaces them)."""
    if submission.kind != "submission":
        return
    session.execute(delete(SubmissionGroup).where(col(SubmissionGroup.submission_id) == submission.id))
    session.add_all(rows_for(submission.id, submission.invitation_id, submission.problem_version_id,
                             submission.result if submission.status == SubmissionStatus.GRADED else None))


_COMPLETE: set[str] = set()  # assessments found fully indexed by this process (the hook keeps them so)


def backfill(session: Session, assessment_id: str) -> int:
    """Index the assessment's graded submissions that have no group rows yet; returns how many. Only the
    missing ones' results are read, in batches; commits each batch. Once an assessment is found complete,
    this process does not look again (every later final result goes through ``store``)."""
    if assessment_id in _COMPLETE:
        return 0
    done = 0
    missing = (
        select(col(Submission.id), col(Submission.invitation_id), col(Submission.problem_version_id),
               col(Submission.status), col(Submission.result))
        .join(Invitation, col(Invitation.id) == Submission.invitation_id)
        .join(AssessmentProblem, (col(AssessmentProblem.assessment_id) == Invitation.assessment_id)
              & (col(AssessmentProblem.problem_version_id) == Submission.problem_version_id))
        .where(col(Invitation.assessment_id) == assessment_id, col(Submission.kind) == "submission",
               col(Submission.status).in_(FINAL_STATUSES),
               ~exists().where(col(SubmissionGroup.submission_id) == Submission.id))
        .limit(BATCH)
    )
    failures = 0
    while failures < 3:
        batch = session.execute(missing).all()
        if not batch:
            _COMPLETE.add(assessment_id)
            break
        for submission_id, invitation_id, version_id, status, result in batch:
            graded = result if status == SubmissionStatus.GRADED else None
            session.add_all(rows_for(submission_id, invitation_id, version_id, graded))
        try:
            session.commit()
        except IntegrityError:  # another request indexed some of them meanwhile: the next pass skips them
            session.rollback()
            failures += 1
            continue
        done += len(batch)
    return done
