"""Reviewing together over REST: an assessment's scorecard, the reviewers assigned to a candidate, the
reviews (blind until the caller has submitted their own), and the decisions' history.

Callers: an API key (``Authorization: Bearer``), or a person signed in to the console (its session
cookie; a change then also needs the console's CSRF token in ``X-CSRF-Token``). What each may do is
``api.permissions.require`` (team role for a person, key role for a key); a review is a person's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from api.auth import Staff, bearer, require_staff
from api.console import csrf
from api.console import session as web_session
from api.deps import SessionDep, get_session, get_settings
from api.errors import Unauthorized
from api.models import Invitation
from api.people.teams import Action
from api.permissions import require
from api.reviews import assignments, board, scorecards, scoring
from api.reviews.scorecards import Criterion, ScorecardData
from api.services import anonymity
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.settings import Settings

router = APIRouter(tags=["reviews"])
_key = require_staff("author", "reviewer", "ats")


def caller(request: Request, session: Annotated[Session, Depends(get_session)],
           settings: Annotated[Settings, Depends(get_settings)],
           credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Staff:
    """An API key, or the person whose console session the cookie carries (a change needs X-CSRF-Token)."""
    if credentials is not None:
        return _key(request, session, credentials)
    staff = web_session.staff_of(session, settings, request)
    if staff is None:
        raise Unauthorized("send 'Authorization: Bearer <API key>', or sign in to the console",
                           headers={"WWW-Authenticate": "Bearer"})
    if request.method not in ("GET", "HEAD"):
        csrf.check(request, settings, request.headers.get("x-csrf-token", ""))
    request.state.staff = staff
    return staff


Caller = Annotated[Staff, Depends(caller)]


class ScorecardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    criteria: Annotated[list[Criterion], Field(min_length=1, max_length=scorecards.MAX_CRITERIA)]
    pass_threshold: Annotated[float | None, Field(ge=1, le=4)] = None


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_id: Annotated[str, Field(max_length=64)]
    due_at: datetime | None = Field(None, description=f"default: {assignments.DEFAULT_DUE_DAYS} days from now")


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scores: dict[Annotated[str, Field(max_length=40)], Annotated[int, Field(ge=1, le=4)]] = Field(
        description="criterion key -> 1 to 4, for every criterion of the scorecard")
    recommendation: Literal["strong_no", "no", "yes", "strong_yes"]
    note: Annotated[str, Field(max_length=2 * scoring.MAX_NOTE)] = Field(
        "", description=f"at most {scoring.MAX_NOTE} characters once line endings are normalised")


class DecisionRow(BaseModel):
    decision: str
    reason: str
    decided_at: datetime
    by: str | None = Field(description="the person's name, or the API key's label")
    by_user_id: str | None
    by_key_id: int | None


class DecisionHistory(BaseModel):
    invitation_id: str
    decisions: list[DecisionRow] = Field(description="the latest first; a change never overwrites the one before")


def _invitation(session: Session, staff: Staff, invitation_id: str) -> tuple[Invitation, str | None]:
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    return invitation, assignments.team_of(session, invitation)


def _may_edit_scorecard(session: Session, staff: Staff, team_id: str | None) -> None:
    if not board.may_edit_scorecard(session, staff, team_id):
        require(session, staff, team_id, Action.ASSIGN_REVIEWERS)  # raises, naming who may


@router.get("/v1/assessments/{assessment_id}/scorecard", response_model=ScorecardData,
            summary="the assessment's scorecard: criteria, 1-4 guidance per level, pass threshold (the default "
                    "one until set)")
def show_scorecard(assessment_id: str, session: SessionDep, staff: Caller) -> ScorecardData:
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    require(session, staff, assessment.team_id, Action.VIEW)
    return scorecards.get(session, assessment.id)


@router.put("/v1/assessments/{assessment_id}/scorecard", response_model=ScorecardData,
            summary="set the scorecard (recruiter, hiring manager, author; audited); 422 lists every problem")
def set_scorecard(assessment_id: str, body: ScorecardIn, session: SessionDep, staff: Caller) -> ScorecardData:
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    _may_edit_scorecard(session, staff, assessment.team_id)
    saved = scorecards.save(session, staff, assessment.id, body.criteria, body.pass_threshold)
    session.commit()
    return saved


@router.delete("/v1/assessments/{assessment_id}/scorecard", response_model=ScorecardData,
               summary="back to the default scorecard (recruiter, hiring manager, author; audited)")
def reset_scorecard(assessment_id: str, session: SessionDep, staff: Caller) -> ScorecardData:
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    _may_edit_scorecard(session, staff, assessment.team_id)
    reset = scorecards.reset(session, staff, assessment.id)
    session.commit()
    return reset


@router.get("/v1/invitations/{invitation_id}/reviewers", response_model=list[board.AssignmentOut],
            summary="the reviewers assigned to a candidate, their due dates and whether they have submitted")
def list_reviewers(invitation_id: str, session: SessionDep, staff: Caller) -> list[board.AssignmentOut]:
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.VIEW)
    return [board.assignment_out(session, row) for row in assignments.of_invitation(session, invitation.id)]


@router.post("/v1/invitations/{invitation_id}/reviewers", response_model=board.AssignmentOut,
             status_code=status.HTTP_201_CREATED,
             summary="assign a team member who may review (or change their due date) (recruiter; audited)")
def assign(invitation_id: str, body: AssignIn, session: SessionDep, staff: Caller) -> board.AssignmentOut:
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.ASSIGN_REVIEWERS)
    row = assignments.assign(session, staff, invitation, body.user_id, body.due_at)
    session.commit()
    return board.assignment_out(session, row)


@router.delete("/v1/invitations/{invitation_id}/reviewers/{user_id}", status_code=status.HTTP_204_NO_CONTENT,
               response_class=Response, summary="remove a reviewer who has not submitted (recruiter; audited)")
def unassign(invitation_id: str, user_id: str, session: SessionDep, staff: Caller) -> Response:
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.ASSIGN_REVIEWERS)
    assignments.unassign(session, staff, invitation, user_id)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/v1/invitations/{invitation_id}/reviews", response_model=board.ReviewBoard,
            summary="the candidate's reviews as the caller may see them: blind (no one else's scores) until "
                    "the caller has submitted their own")
def show_reviews(invitation_id: str, session: SessionDep, staff: Caller) -> board.ReviewBoard:
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.VIEW)
    return board.board(session, staff, invitation)


@router.put("/v1/invitations/{invitation_id}/reviews/mine", response_model=board.ReviewBoard,
            summary="submit (or edit: a new revision, the earlier kept) your review (an assigned reviewer; "
                    "a person, not a key); emits review.submitted")
def submit_review(invitation_id: str, body: ReviewIn, session: SessionDep, staff: Caller) -> board.ReviewBoard:
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.REVIEW)
    scoring.submit(session, staff, invitation, dict(body.scores), body.recommendation, body.note)
    session.commit()
    return board.board(session, staff, invitation)


@router.get("/v1/invitations/{invitation_id}/decisions", response_model=DecisionHistory,
            summary="every decision recorded on the candidate, who made it, when and why (latest first)")
def decision_history(invitation_id: str, session: SessionDep, staff: Caller) -> DecisionHistory:
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.VIEW)
    return DecisionHistory(invitation_id=invitation.id, decisions=[
        DecisionRow(decision=row.decision, reason=row.note, decided_at=row.decided_at,
                    by=anonymity.decided_by(session, row), by_user_id=row.by_user_id, by_key_id=row.by_key_id)
        for row in anonymity.history(session, invitation.id)])

