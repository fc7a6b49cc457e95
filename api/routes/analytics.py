"""Hiring analytics of an assessment (JSON and CSV) and reviewers' decisions (anonymised review)."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from api.analytics_schemas import Analytics
from api.auth import Reviewer
from api.deps import SessionDep, SettingsDep
from api.people.teams import Action
from api.permissions import require
from api.services import analytics, anonymity, decisions
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service

router = APIRouter(tags=["analytics"])


@router.get("/v1/assessments/{assessment_id}/analytics",
            summary="funnel, score distribution, per-problem and per-test-group figures (reviewer)")
def assessment_analytics(assessment_id: str, request: Request, session: SessionDep, staff: Reviewer
                         ) -> Analytics:
    return request.app.state.analytics.get(session, assessment_service.get(session, assessment_id, staff.scope))


@router.get("/v1/assessments/{assessment_id}/analytics.csv", summary="the analytics as one CSV table (reviewer)",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def assessment_analytics_csv(assessment_id: str, request: Request, session: SessionDep, staff: Reviewer) -> Response:
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    buffer = io.StringIO()
    data = request.app.state.analytics.get(session, assessment)
    csv.writer(buffer, lineterminator="\n").writerows(analytics.csv_rows(data))
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="assessment-{assessment.id}-analytics.csv"'})


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["advance", "reject", "hold"]
    reason: Annotated[str, Field(max_length=2 * anonymity.MAX_REASON, validation_alias=AliasChoices("reason", "note"),
                                 description=f"why (required; at most {anonymity.MAX_REASON} characters once line "
                                             "endings are normalised); `note` is accepted as its old name")] = ""


class DecisionOut(BaseModel):
    invitation: dict[str, Any]
    decision: dict[str, Any] | None


@router.post("/v1/invitations/{invitation_id}/decision", response_model=DecisionOut, tags=["invitations"],
             summary="record a decision (advance, reject, hold) with its required reason; earlier ones are kept; "
                     "in an anonymised assessment the first one reveals the candidate's name (recruiter, hiring "
                     "manager; audited)")
def decide(invitation_id: str, body: DecisionIn, request: Request, session: SessionDep, settings: SettingsDep,
           staff: Reviewer) -> dict[str, Any]:
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    require(session, staff, assessment_service.get(session, invitation.assessment_id).team_id, Action.DECIDE)
    row = decisions.record(session, staff, invitation, body.decision, body.reason, request=request)
    session.commit()
    out = invitation_service.out(session, invitation, settings.resolved_public_url)
    return {"invitation": anonymity.mask_out(session, staff.role, out).model_dump(),
            "decision": anonymity.decision_out(row, session)}


@router.get("/v1/invitations/{invitation_id}/decision", response_model=DecisionOut, tags=["invitations"],
            summary="the latest decision on a candidate (reviewer)")
def show_decision(invitation_id: str, session: SessionDep, settings: SettingsDep, staff: Reviewer) -> dict[str, Any]:
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    out = invitation_service.out(session, invitation, settings.resolved_public_url)
    return {"invitation": anonymity.mask_out(session, staff.role, out).model_dump(),
            "decision": anonymity.decision_out(anonymity.latest(session, invitation_id), session)}
