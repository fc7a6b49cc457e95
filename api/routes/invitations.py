"""Invitations (reviewer, ats) and reports (reviewer)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from api import audit
from api.auth import Reviewer, ReviewerOrAts
from api.deps import MAX_INT, SessionDep, SettingsDep
from api.schemas import InvitationCreate, InvitationCreated, InvitationOut, Page, ReportOut
from api.services import invitations as service
from api.services import reports

router = APIRouter(prefix="/v1/invitations", tags=["invitations"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=InvitationCreated,
             summary="invite a candidate; the response carries their token, shown once (reviewer, ats)")
def create(body: InvitationCreate, request: Request, session: SessionDep, settings: SettingsDep,
           staff: ReviewerOrAts) -> dict[str, Any]:
    invitation, token = service.create(session, body, staff.key_id)
    audit.record(session, staff, "invitation.created", "invitation", invitation.id, request=request,
                 assessment_id=invitation.assessment_id)
    session.commit()
    return {**service.out(session, invitation, settings.resolved_public_url), "token": token}


@router.get("", response_model=Page[InvitationOut], summary="list invitations (reviewer, ats)")
def list_invitations(session: SessionDep, settings: SettingsDep, _: ReviewerOrAts,
                     assessment_id: str | None = None, offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                     limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    rows, total = service.list_for(session, assessment_id, offset, limit)
    return {"items": [service.out(session, i, settings.resolved_public_url) for i in rows], "total": total,
            "offset": offset, "limit": limit}


@router.get("/{invitation_id}", response_model=InvitationOut, summary="show an invitation (reviewer, ats)")
def show(invitation_id: str, session: SessionDep, settings: SettingsDep, _: ReviewerOrAts) -> dict[str, Any]:
    return service.out(session, service.get(session, invitation_id), settings.resolved_public_url)


@router.post("/{invitation_id}/revoke", response_model=InvitationOut, summary="revoke an invitation (reviewer, ats)")
def revoke(invitation_id: str, request: Request, session: SessionDep, settings: SettingsDep,
           staff: ReviewerOrAts) -> dict[str, Any]:
    invitation = service.get(session, invitation_id)
    if invitation.revoked_at is None:
        audit.record(session, staff, "invitation.revoked", "invitation", invitation.id, request=request)
    service.revoke(session, invitation)
    session.commit()
    return service.out(session, invitation, settings.resolved_public_url)


@router.get("/{invitation_id}/report", response_model=ReportOut,
            summary="scores per problem, best and last submission, time used, timeline (reviewer)")
def report(invitation_id: str, request: Request, session: SessionDep, settings: SettingsDep,
           staff: Reviewer) -> dict[str, Any]:
    data = reports.report(session, service.get(session, invitation_id), settings.resolved_public_url)
    audit.record(session, staff, "report.viewed", "invitation", invitation_id, request=request, format="json")
    session.commit()
    return data
