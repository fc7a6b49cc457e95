"""Invitations (reviewer, ats) and reports (reviewer)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile, status
from sqlmodel import Session

from api import audit
from api.auth import Reviewer, ReviewerOrAts
from api.deps import MAX_INT, SessionDep, SettingsDep
from api.errors import Unprocessable
from api.mail import outbox as mail
from api.models import Invitation
from api.schemas import (
    BulkInvited,
    ExtendIn,
    ExtraTimeIn,
    InvitationCreate,
    InvitationCreated,
    InvitationLink,
    InvitationOut,
    InvitationResent,
    LinkRequest,
    Page,
    ReportOut,
)
from api.services import analytics, anonymity, candidate_links, invitation_csv, reports
from api.services import invitation_actions as actions
from api.services import invitations as service
from api.settings import Settings

router = APIRouter(prefix="/v1/invitations", tags=["invitations"])


def created_out(session: Session, invitation: Invitation, token: str, settings: Settings) -> dict[str, Any]:
    public = settings.resolved_public_url
    return {**service.out(session, invitation, public).model_dump(), "token": token,
            "candidate_url": candidate_links.link(public, token)}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=InvitationCreated,
             summary="invite a candidate; the response carries their token and link, shown once (reviewer, ats)")
def create(body: InvitationCreate, request: Request, session: SessionDep, settings: SettingsDep,
           staff: ReviewerOrAts) -> dict[str, Any]:
    invitation, token = actions.create(session, staff, request, body, box=request.app.state.webhook_box,
                                       default_days=settings.invitation_days)
    session.commit()
    return created_out(session, invitation, token, settings)


@router.post("/bulk", status_code=status.HTTP_201_CREATED, response_model=BulkInvited,
             summary="invite many candidates from a CSV file (columns name, email, external_id); a file with a "
                     "bad row is refused whole, with every problem listed (reviewer)")
def create_bulk(request: Request, session: SessionDep, settings: SettingsDep, staff: Reviewer,
                assessment_id: Annotated[str, Form()], file: Annotated[UploadFile, File()],
                expires_at: Annotated[datetime | None, Form()] = None) -> dict[str, Any]:
    if expires_at is not None and expires_at.tzinfo is None:
        raise Unprocessable("expires_at needs a timezone, e.g. 2030-01-31T23:59:00Z",
                            errors=[{"field": "expires_at", "message": "no timezone"}])
    done = actions.invite_csv(session, staff, request, assessment_id, file.file.read(invitation_csv.MAX_BYTES + 1),
                              expires_at, box=request.app.state.webhook_box, default_days=settings.invitation_days)
    session.commit()
    return {"created": [created_out(session, i, t, settings) for i, t in done.created], "skipped": done.skipped,
            "withheld": done.withheld}


@router.get("", response_model=Page[InvitationOut], summary="list invitations (reviewer, ats)")
def list_invitations(session: SessionDep, settings: SettingsDep, staff: ReviewerOrAts,
                     assessment_id: str | None = None, offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                     limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[InvitationOut]:
    rows, total = service.list_for(session, assessment_id, offset, limit, staff.scope)
    return Page[InvitationOut](
        items=[anonymity.mask_out(session, staff.role, service.out(session, i, settings.resolved_public_url))
               for i in rows], total=total, offset=offset, limit=limit)


@router.get("/{invitation_id}", response_model=InvitationOut, summary="show an invitation (reviewer, ats)")
def show(invitation_id: str, session: SessionDep, settings: SettingsDep, staff: ReviewerOrAts) -> InvitationOut:
    invitation = service.get(session, invitation_id, staff.scope)
    return anonymity.mask_out(session, staff.role, service.out(session, invitation, settings.resolved_public_url))


@router.post("/{invitation_id}/revoke", response_model=InvitationOut, summary="revoke an invitation (reviewer, ats)")
def revoke(invitation_id: str, request: Request, session: SessionDep, settings: SettingsDep,
           staff: ReviewerOrAts) -> InvitationOut:
    invitation = service.get(session, invitation_id, staff.scope)
    actions.revoke(session, staff, request, invitation)
    session.commit()
    return anonymity.mask_out(session, staff.role, service.out(session, invitation, settings.resolved_public_url))


@router.post("/{invitation_id}/resend", response_model=InvitationResent,
             summary="send the invitation e-mail again; the answer never carries the link (reviewer; audited)")
def resend(invitation_id: str, request: Request, session: SessionDep, settings: SettingsDep,
           staff: Reviewer) -> InvitationResent:
    invitation = service.get(session, invitation_id, staff.scope)
    rotated = actions.resend(session, staff, request, invitation, request.app.state.webhook_box)
    session.commit()
    shown = anonymity.mask_out(session, staff.role, service.out(session, invitation, settings.resolved_public_url))
    return InvitationResent(**shown.model_dump(), email_queued=mail.enabled(session), token_replaced=rotated)


@router.post("/{invitation_id}/link", response_model=InvitationLink,
             summary="the candidate's personal link (admin, ats; audited). A masked candidate's link needs "
                     "{\"reveal\": true}, recorded as candidate.revealed; without it the answer is 409")
def show_link(invitation_id: str, request: Request, session: SessionDep, settings: SettingsDep,
              staff: ReviewerOrAts, body: LinkRequest | None = None) -> InvitationLink:
    invitation = service.get(session, invitation_id, staff.scope)
    link = actions.show_link(session, staff, request, invitation, request.app.state.webhook_box,
                             settings.resolved_public_url, reveal=body is not None and body.reveal)
    session.commit()
    shown = anonymity.mask_out(session, staff.role, service.out(session, invitation, settings.resolved_public_url))
    return InvitationLink(**shown.model_dump(), link=link)


@router.post("/{invitation_id}/extend", response_model=InvitationOut,
             summary="move the invitation's expiry; a started candidate's deadline follows (reviewer)")
def extend(invitation_id: str, body: ExtendIn, request: Request, session: SessionDep, settings: SettingsDep,
           staff: Reviewer) -> InvitationOut:
    invitation = service.get(session, invitation_id, staff.scope)
    actions.extend(session, staff, request, invitation, body.expires_at)
    session.commit()
    return anonymity.mask_out(session, staff.role, service.out(session, invitation, settings.resolved_public_url))


@router.post("/{invitation_id}/extra-time", response_model=InvitationOut,
             summary="grant extra time (an accommodation): duration x multiplier + minutes (reviewer; audited)")
def extra_time(invitation_id: str, body: ExtraTimeIn, request: Request, session: SessionDep,
               settings: SettingsDep, staff: Reviewer) -> InvitationOut:
    invitation = service.get(session, invitation_id, staff.scope)
    actions.grant_time(session, staff, request, invitation, body.time_multiplier, body.extra_minutes, body.reason)
    session.commit()
    return anonymity.mask_out(session, staff.role, service.out(session, invitation, settings.resolved_public_url))


@router.get("/{invitation_id}/report", response_model=ReportOut,
            summary="scores per problem, best and last submission, time used, timeline (reviewer)")
def report(invitation_id: str, request: Request, session: SessionDep, settings: SettingsDep,
           staff: Reviewer) -> ReportOut:
    invitation = service.get(session, invitation_id, staff.scope)
    data = reports.report(session, invitation, settings.resolved_public_url)
    data.invitation = anonymity.mask_out(session, staff.role, data.invitation)  # issue 15
    data.percentile = analytics.percentile_rank(session, invitation)
    audit.record(session, staff, "report.viewed", "invitation", invitation_id, request=request, format="json")
    session.commit()
    return data
