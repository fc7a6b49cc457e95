"""Candidate-data governance: erase a candidate's personal data and code on request (admin); export it all
as JSON, the right of access (who may manage the candidate's invitation: recruiter, hiring manager)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.auth import ReviewerOrAts, TeamAdmin
from api.deps import SessionDep
from api.people.teams import Action
from api.permissions import require
from api.schemas import ErasureOut
from api.services import assessments as assessment_service
from api.services import data_export, retention
from api.services import invitations as invitation_service

router = APIRouter(prefix="/v1/invitations", tags=["privacy"])


@router.delete("/{invitation_id}/personal-data", response_model=ErasureOut,
               summary="erase the candidate's name, email, ATS reference and code; scores and verdicts stay, "
                       "anonymised; audited; idempotent (admin)")
def delete_personal_data(invitation_id: str, request: Request, session: SessionDep, staff: TeamAdmin) -> ErasureOut:
    if staff.scope.teams is not None:  # an admin key made for one team: its candidates only
        invitation_service.get(session, invitation_id, staff.scope)
    return retention.delete_candidate_data(session, invitation_id, staff, request)


@router.get("/{invitation_id}/personal-data", summary="everything kept about the candidate, as JSON (right of "
            "access): the invitation, runs and submissions with code, drafts, integrity settings, declared AI "
            "tools, facts and recording; audited (recruiter, hiring manager, admin)")
def export_personal_data(invitation_id: str, request: Request, session: SessionDep, staff: ReviewerOrAts
                         ) -> dict[str, Any]:
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    require(session, staff, assessment_service.get(session, invitation.assessment_id).team_id, Action.INVITE)
    return data_export.export_audited(session, staff, invitation, request, via="api")
