"""Reviewer view of one submission: code, every test with output and messages, compile output."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from sqlmodel import Session

from api import audit
from api.auth import Reviewer
from api.deps import SessionDep
from api.errors import Conflict, NotFound
from api.models import Submission
from api.people.teams import Action
from api.permissions import require
from api.reviews import assignments
from api.schemas import SubmissionDetail, TextScoreIn
from api.scope import Scope
from api.services import invitations as invitation_service
from api.services import quiz_report, reports

router = APIRouter(prefix="/v1/submissions", tags=["submissions"])


def _visible(session: Session, submission_id: str, scope: Scope) -> Submission:
    """The submission, if its candidate's assessment is in ``scope`` (else as if missing)."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(f"submission {submission_id!r} does not exist")
    try:
        invitation_service.get(session, submission.invitation_id, scope)
    except NotFound:
        raise NotFound(f"submission {submission_id!r} does not exist") from None
    return submission


@router.get("/{submission_id}", response_model=SubmissionDetail, summary="everything, hidden tests included (reviewer)")
def show(submission_id: str, session: SessionDep, staff: Reviewer) -> SubmissionDetail:
    submission = _visible(session, submission_id, staff.scope)
    return reports.reviewer_view(session, submission)


@router.post("/{submission_id}/regrade", status_code=status.HTTP_202_ACCEPTED, response_model=SubmissionDetail,
             summary="grade a submission again; its webhook is submission.regraded with the next revision (reviewer)")
def regrade(submission_id: str, request: Request, session: SessionDep, staff: Reviewer) -> SubmissionDetail:
    submission = _visible(session, submission_id, staff.scope)
    if submission.kind != "submission":
        raise NotFound(f"submission {submission_id!r} does not exist")
    if not request.app.state.grading.requeue(session, submission_id):
        raise Conflict(f"submission {submission_id!r} is {submission.status}: only a graded one can be regraded")
    request.app.state.executor.submit(session, submission_id)
    audit.record(session, staff, "submission.regraded", "submission", submission_id, request=request,
                 invitation_id=submission.invitation_id)
    session.commit()
    session.refresh(submission)
    return reports.reviewer_view(session, submission)


@router.post("/{submission_id}/questions/{question_id}/score", response_model=SubmissionDetail,
             summary="a reviewer's points for a free-text answer of a quiz; the submission's points follow (reviewer)")
def score_text(submission_id: str, question_id: str, body: TextScoreIn, session: SessionDep,
               staff: Reviewer) -> SubmissionDetail:
    submission = _visible(session, submission_id, staff.scope)
    invitation = invitation_service.get(session, submission.invitation_id, staff.scope)
    require(session, staff, assignments.team_of(session, invitation), Action.REVIEW)
    quiz_report.score_text(session, staff, submission, question_id, "" if body.points is None else f"{body.points:g}",
                           via="api")
    session.commit()
    session.refresh(submission)
    return reports.reviewer_view(session, submission)
