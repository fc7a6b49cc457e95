"""The console's forms of reviewing together, on an invitation's page (/ui/invitations/{id}): a reviewer's
review, assigning reviewers, the decision with its reason; and an assessment's scorecard page
(/ui/assessments/{id}/scorecard). Each form posts, then redirects (post/redirect/get); a refused form
comes back as the page with the error beside its field and what was typed kept (422). The logic is in
api.reviews and api.services.anonymity; who may do what is api.permissions.require.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api.auth import Staff
from api.console import csrf
from api.console.pages import SECURITY_HEADERS, page, page_staff
from api.console.report_context import report_context
from api.deps import SessionDep, SettingsDep
from api.errors import ApiError, Unprocessable
from api.models import Invitation
from api.people.teams import Action
from api.permissions import require
from api.reviews import assignments, board, scorecards, scoring
from api.services import assessments as assessment_service
from api.services import decisions
from api.services import invitations as invitation_service
from api.settings import Settings

router = APIRouter(include_in_schema=False)
MAX_FIELD = 8000  # raw characters of one field (line endings still CRLF); the services count after normalising


async def form_fields(request: Request) -> dict[str, str]:
    """Every text field of the posted form (the review's score fields are named by the scorecard)."""
    form = await request.form()
    return {key: value[:MAX_FIELD] for key, value in form.items() if isinstance(value, str)}


FormFields = Annotated[dict[str, str], Depends(form_fields)]


def _back(invitation_id: str, anchor: str, done: str = "") -> RedirectResponse:
    query = f"?done={done}" if done else ""
    return RedirectResponse(f"/ui/invitations/{invitation_id}{query}#{anchor}", status_code=303,
                            headers=SECURITY_HEADERS)


def _again(request: Request, session: Session, settings: Settings, staff: Staff, invitation: Invitation,
           which: str, form: dict[str, Any], errors: dict[str, str]) -> Response:
    """The invitation's page again, the refused form filled in as typed, the errors beside their fields."""
    session.rollback()
    context = report_context(request, session, settings, staff, invitation, "page",
                             refused={"form": form, "errors": errors, "which": which})
    return page(request, "report.html", context, status=422, staff=staff)


def _field_errors(error: ApiError, rename: dict[str, str] | None = None) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in error.errors or []:
        field = str(item.get("field", ""))
        field = (rename or {}).get(field, field)
        if field.startswith("scores."):
            field = "score_" + field.removeprefix("scores.")
        found.setdefault(field, str(item.get("message", "")))
    return found or {"form": error.detail}


def _invitation(session: Session, staff: Staff, invitation_id: str) -> tuple[Invitation, str | None]:
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    return invitation, assignments.team_of(session, invitation)


@router.post("/ui/invitations/{invitation_id}/review")
def submit_review(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
                  fields: FormFields) -> Response:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, fields.get("csrf_token", ""))
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.REVIEW)
    scores = {key.removeprefix("score_"): value for key, value in fields.items() if key.startswith("score_")}
    try:
        scoring.submit(session, staff, invitation, scores, fields.get("recommendation", ""), fields.get("note", ""),
                       via="console")
    except Unprocessable as error:
        return _again(request, session, settings, staff, invitation, "review", fields, _field_errors(error))
    session.commit()
    return _back(invitation_id, "reviews", "review")


def _due(text: str) -> datetime | None:
    """The end of the chosen day (UTC), None for no date (the default due date)."""
    text = text.strip()
    if not text:
        return None
    return datetime.combine(date.fromisoformat(text), time(23, 59), tzinfo=UTC)


@router.post("/ui/invitations/{invitation_id}/reviewers")
def assign(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
           csrf_token: Annotated[str, Form(max_length=500)] = "", user_id: Annotated[str, Form(max_length=64)] = "",
           due_on: Annotated[str, Form(max_length=40)] = "") -> Response:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, csrf_token)
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.ASSIGN_REVIEWERS)
    typed = {"user_id": user_id, "due_on": due_on}
    try:
        due = _due(due_on)
    except ValueError:
        return _again(request, session, settings, staff, invitation, "assign", typed,
                      {"due_on": "Pick a date like 2026-12-10."})
    try:
        assignments.assign(session, staff, invitation, user_id, due, via="console")
    except Unprocessable as error:
        errors = _field_errors(error, {"due_at": "due_on"})
        if "user_id" in errors:
            errors["user_id"] = "Pick a reviewer of this team."
        return _again(request, session, settings, staff, invitation, "assign", typed, errors)
    session.commit()
    return _back(invitation_id, "reviews", "assigned")


@router.post("/ui/invitations/{invitation_id}/reviewers/{user_id}/remove")
def unassign(request: Request, invitation_id: str, user_id: str, session: SessionDep, settings: SettingsDep,
             csrf_token: Annotated[str, Form(max_length=500)] = "") -> Response:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, csrf_token)
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.ASSIGN_REVIEWERS)
    assignments.unassign(session, staff, invitation, user_id, via="console")
    session.commit()
    return _back(invitation_id, "reviews", "unassigned")


@router.post("/ui/invitations/{invitation_id}/decision")
def decide(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
           csrf_token: Annotated[str, Form(max_length=500)] = "", decision: Annotated[str, Form(max_length=20)] = "",
           reason: Annotated[str, Form(max_length=MAX_FIELD)] = "",
           note: Annotated[str, Form(max_length=MAX_FIELD)] = "") -> Response:
    """``note`` is the reason field's old name (scripts that post the form keep working)."""
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, csrf_token)
    invitation, team_id = _invitation(session, staff, invitation_id)
    require(session, staff, team_id, Action.DECIDE)
    reason = reason or note
    try:
        decisions.record(session, staff, invitation, decision, reason, request=request, via="console")
    except Unprocessable as error:
        return _again(request, session, settings, staff, invitation, "decision",
                      {"decision": decision, "reason": reason}, _field_errors(error))
    session.commit()
    return _back(invitation_id, "decision", "decided")


# ------------------------------------------------------------------------------ the scorecard page

EXTRA_ROWS = 2


def _rows(card: scorecards.ScorecardData) -> list[dict[str, Any]]:
    rows = [{"key": c.key, "name": c.name, "guidance": list(c.guidance)} for c in card.criteria]
    blank = max(0, min(EXTRA_ROWS, scorecards.MAX_CRITERIA - len(rows)))
    return rows + [{"key": "", "name": "", "guidance": ["", "", "", ""]} for _ in range(blank)]


def _scorecard_page(request: Request, staff: Staff, assessment: Any, rows: list[dict[str, Any]],
                    threshold: str, errors: dict[str, str], is_default: bool, status: int = 200) -> Response:
    return page(request, "scorecard.html", {
        "assessment": assessment, "rows": rows, "threshold": threshold, "errors": errors, "is_default": is_default,
        "csrf": csrf.token_for(request, request.app.state.settings), "levels": scorecards.LEVELS,
        "done": request.query_params.get("done", ""), "max_criteria": scorecards.MAX_CRITERIA,
    }, status=status, staff=staff, revalidate=False)


@router.get("/ui/assessments/{assessment_id}/scorecard")
def scorecard_page(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    if not board.may_edit_scorecard(session, staff, assessment.team_id):
        require(session, staff, assessment.team_id, Action.CREATE_ASSESSMENT)
    card = scorecards.get(session, assessment.id)
    threshold = "" if card.pass_threshold is None else f"{card.pass_threshold:g}"
    return _scorecard_page(request, staff, assessment, _rows(card), threshold, {}, card.is_default)


@router.post("/ui/assessments/{assessment_id}/scorecard")
def save_scorecard(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
                   fields: FormFields) -> Response:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, fields.get("csrf_token", ""))
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    if not board.may_edit_scorecard(session, staff, assessment.team_id):
        require(session, staff, assessment.team_id, Action.CREATE_ASSESSMENT)
    if fields.get("reset"):
        scorecards.reset(session, staff, assessment.id, via="console")
        session.commit()
        return RedirectResponse(f"/ui/assessments/{assessment.id}/scorecard?done=reset", status_code=303,
                                headers=SECURITY_HEADERS)
    rows: list[dict[str, Any]] = []
    criteria: list[tuple[int, dict[str, Any]]] = []
    for index in range(scorecards.MAX_CRITERIA):
        if f"name_{index}" not in fields:
            continue
        name = fields.get(f"name_{index}", "")
        guidance = [fields.get(f"guidance_{index}_{level}", "") for level in scorecards.LEVELS]
        row = {"key": fields.get(f"key_{index}", ""), "name": name, "guidance": guidance}
        rows.append(row)
        if name.strip() or any(g.strip() for g in guidance):
            criteria.append((len(rows) - 1, row))
    threshold_text = fields.get("pass_threshold", "").strip()
    errors: dict[str, str] = {}
    threshold: float | None = None
    if threshold_text:
        try:
            threshold = float(threshold_text.replace(",", "."))
        except ValueError:
            errors["pass_threshold"] = "A number between 1 and 4, like 3 or 3.5 (or leave it empty)."
    if not errors:
        try:
            scorecards.save(session, staff, assessment.id, [row for _, row in criteria], threshold, via="console")
        except Unprocessable as error:
            for item in error.errors or []:
                field = str(item.get("field", ""))
                if field.startswith("criteria["):
                    position = int(field[len("criteria["):field.index("]")])
                    field = f"row_{criteria[position][0]}" if position < len(criteria) else "criteria"
                errors.setdefault(field, str(item.get("message", "")).capitalize() + ".")
    if errors:
        session.rollback()
        return _scorecard_page(request, staff, assessment, rows, threshold_text, errors, False, status=422)
    session.commit()
    return RedirectResponse(f"/ui/assessments/{assessment.id}/scorecard?done=saved", status_code=303,
                            headers=SECURITY_HEADERS)
