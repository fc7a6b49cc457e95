"""Reviewer view of one submission: code, every test with output and messages, compile output."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.auth import Reviewer
from api.deps import SessionDep
from api.errors import NotFound
from api.models import Submission
from api.schemas import SubmissionDetail
from api.services import reports

router = APIRouter(prefix="/v1/submissions", tags=["submissions"])


@router.get("/{submission_id}", response_model=SubmissionDetail, summary="everything, hidden tests included (reviewer)")
def show(submission_id: str, session: SessionDep, _: Reviewer) -> dict[str, Any]:
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(f"submission {submission_id!r} does not exist")
    return reports.reviewer_view(session, submission)
