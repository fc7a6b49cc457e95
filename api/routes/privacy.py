"""Candidate-data governance (admin): erase a candidate's personal data and code on request."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.auth import TeamAdmin
from api.deps import SessionDep
from api.schemas import ErasureOut
from api.services import invitations as invitation_service
from api.services import retention

router = APIRouter(prefix="/v1/invitations", tags=["privacy"])


@router.delete("/{invitation_id}/personal-data", response_model=ErasureOut,
               summary="erase the candidate's name, email, ATS reference and code; scores and verdicts stay, "
                       "anonymised; audited; idempotent (admin)")
def delete_personal_data(invitation_id: str, request: Request, session: SessionDep, staff: TeamAdmin) -> ErasureOut:
    if staff.scope.teams is not None:  # an admin key made for one team: its candidates only
        invitation_service.get(session, invitation_id, staff.scope)
    return retention.delete_candidate_data(session, invitation_id, staff, request)
