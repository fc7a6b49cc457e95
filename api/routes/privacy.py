"""Candidate-data governance (admin): erase a candidate's personal data and code on request."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel

from api.auth import Admin
from api.deps import SessionDep
from api.services import retention

router = APIRouter(prefix="/v1/invitations", tags=["privacy"])


class ErasureOut(BaseModel):
    invitation_id: str
    erased_at: datetime
    submissions_scrubbed: int


@router.delete("/{invitation_id}/personal-data", response_model=ErasureOut,
               summary="erase the candidate's name, email, ATS reference and code; scores and verdicts stay, "
                       "anonymised; audited; idempotent (admin)")
def delete_personal_data(invitation_id: str, request: Request, session: SessionDep, staff: Admin) -> dict:
    return retention.delete_candidate_data(session, invitation_id, staff, request)
