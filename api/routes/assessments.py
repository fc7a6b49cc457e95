"""Assessments (author creates; author and reviewer read)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from sqlalchemy import func
from sqlmodel import col, select

from api import audit
from api.auth import AuthorOrReviewer, ReviewerOrAts
from api.deps import MAX_INT, SessionDep, SettingsDep
from api.models import Assessment
from api.schemas import AssessmentCreate, AssessmentOut, InvitationOut, Page
from api.services import anonymity, sandbox_images, team_choice
from api.services import assessments as service
from api.services import invitations as invitation_service

router = APIRouter(prefix="/v1/assessments", tags=["assessments"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=AssessmentOut,
             summary="an assessment from the library; problems pinned to their current version (author, reviewer)")
def create(body: AssessmentCreate, request: Request, session: SessionDep, staff: AuthorOrReviewer) -> AssessmentOut:
    team_id = team_choice.team_for_new(session, staff.scope, body.team_id)
    assessment = service.create(session, body, staff.key_id, team_id)
    audit.record(session, staff, "assessment.created", "assessment", assessment.id, request=request)
    session.commit()
    sandbox_images.prepare(request.app.state.sandbox, assessment.languages)
    return service.out(session, assessment)


@router.get("", response_model=Page[AssessmentOut], summary="list assessments (author, reviewer)")
def list_assessments(session: SessionDep, staff: AuthorOrReviewer,
                     offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                     limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[AssessmentOut]:
    visible = staff.scope.clause(Assessment.team_id)
    newest_first = select(Assessment).where(visible).order_by(col(Assessment.created_at).desc())
    rows = session.exec(newest_first.offset(offset).limit(limit)).all()
    total = session.exec(select(func.count()).select_from(Assessment).where(visible)).one()
    return Page[AssessmentOut](items=[service.out(session, a) for a in rows], total=total, offset=offset, limit=limit)


@router.get("/{assessment_id}", response_model=AssessmentOut, summary="show an assessment (author, reviewer)")
def show(assessment_id: str, session: SessionDep, staff: AuthorOrReviewer) -> AssessmentOut:
    return service.out(session, service.get(session, assessment_id, staff.scope))


@router.get("/{assessment_id}/invitations", response_model=Page[InvitationOut],
            summary="invitations of an assessment (reviewer, ats)")
def invitations(assessment_id: str, session: SessionDep, settings: SettingsDep, staff: ReviewerOrAts,
                offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[InvitationOut]:
    service.get(session, assessment_id, staff.scope)
    rows, total = invitation_service.list_for(session, assessment_id, offset, limit, staff.scope)
    public = settings.resolved_public_url
    return Page[InvitationOut](
        items=[anonymity.mask_out(session, staff.role, invitation_service.out(session, i, public)) for i in rows],
        total=total, offset=offset, limit=limit)
