"""Inviting candidates from the console: one from the form, many from a CSV file, the page of what an
invite did, and its personal links as a CSV file.

Post/redirect/get: a POST invites, records what it did (api.services.invite_batches) and redirects to
``/ui/assessments/{id}/invited/{batch}``, so Reload or Back shows the same list and never invites again.
An address with an open invitation to the assessment is skipped (one candidate or a CSV row alike) and
named with a link to that invitation. A refused form comes back on the assessment page with each error
beside its field (the CSV's as a table: line, field, what is wrong) and what was typed kept."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from api import audit
from api.auth import Staff
from api.console import csrf
from api.console.assessment_context import assessment_context
from api.console.form_values import end_of_day
from api.console.pages import SECURITY_HEADERS, page, page_staff
from api.deps import SessionDep, SettingsDep
from api.errors import ApiError, NotFound, TooLarge, Unprocessable
from api.models import Invitation
from api.pages import form_errors
from api.people.teams import Action
from api.permissions import allowed, require
from api.schemas import CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitation_actions as actions
from api.services import invitation_csv, invite_batches
from api.services import invitations as invitation_service
from api.settings import Settings

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=500)]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such a cell as a formula


def _staff(request: Request, session: Session, settings: Settings, token: str) -> Staff:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, token)
    return staff


def _refused(request: Request, session: Session, settings: Settings, assessment_id: str, staff: Staff,
             refused: dict[str, Any], status: int = 422) -> Response:
    """The assessment page again, its invite form as typed with each error beside its field."""
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    return page(request, "assessment.html", assessment_context(request, session, settings, assessment,
                                                               refused=refused), status=status, staff=staff)


def _to_batch(assessment_id: str, batch_id: int) -> Response:
    return RedirectResponse(f"/ui/assessments/{assessment_id}/invited/{batch_id}", status_code=303,
                            headers=SECURITY_HEADERS)


@router.post("/ui/assessments/{assessment_id}/invitations")
def invite_one(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
               csrf_token: Text = "", name: Text = "", email: Text = "", external_id: Text = "",
               expires_on: Annotated[str, Form(max_length=20)] = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    require(session, staff, assessment.team_id, Action.INVITE)
    values = {"name": name, "email": email, "external_id": external_id, "expires_on": expires_on}
    try:
        candidate = CandidateIn(name=name.strip(), email=email.strip())
        body = InvitationCreate(assessment_id=assessment_id, candidate=candidate,
                                expires_at=end_of_day(expires_on, "expires_on"),
                                external_id=external_id.strip() or None)
        done = actions.invite_unless_open(session, staff, request, body, box=request.app.state.webhook_box,
                                          default_days=settings.invitation_days, via="console")
    except ValidationError as exc:
        return _refused(request, session, settings, assessment_id, staff,
                        {"form": "one", "values": values, "errors": form_errors.plain(exc.errors())})
    except Unprocessable as exc:
        return _refused(request, session, settings, assessment_id, staff,
                        {"form": "one", "values": values, "errors": _field_errors(exc, "expires_on")})
    created = [done.created[0]] if done.created else []
    skipped = [(None, done.existing.id)] if done.existing is not None else []
    batch = invite_batches.record(session, staff, request, assessment_id, "form", created, skipped,
                                  withheld=1 if done.withheld else 0)
    session.commit()
    return _to_batch(assessment_id, batch)


def _field_errors(exc: ApiError, default_field: str) -> list[dict[str, str]]:
    """A service's refusal as field errors in plain words: its message, beside ``default_field``."""
    field, message = default_field, exc.detail
    if exc.errors and len(exc.errors) == 1:
        named = str(exc.errors[0].get("field", ""))
        field = form_errors.FIELD_NAMES.get(named, named or default_field)
        if named == field:  # a console form's own refusal (api.console.form_values): already plain
            message = str(exc.errors[0].get("message", message))
    if message.startswith("expires_at is in the past"):
        message = "is in the past: pick today or a later day"
    return [{"field": field, "message": message}]


def _csv_rows(exc: ApiError) -> list[dict[str, str]]:
    """The CSV's problems as rows (line, field, what is wrong) from invitation_csv's "line N, field"."""
    rows = []
    for error in exc.errors or []:
        where, message = str(error.get("field", "")), str(error.get("message", ""))
        line, _, field = where.partition(", ")
        if not field and message.startswith("line "):  # "line 1: missing column email"
            line, _, message = message.partition(": ")
            field = "header"
        rows.append({"line": line.removeprefix("line ").strip(), "field": field or where,
                     "message": _plain_csv_message(message)})
    return rows


def _plain_csv_message(message: str) -> str:
    """invitation_csv passes pydantic's messages through: the same plain words as the forms'."""
    if message.lower().startswith("value is not a valid email address"):
        return form_errors.plain([{"type": "value_error", "msg": message, "loc": ("email",)}])[0]["message"]
    if message == "String should have at least 1 character":
        return "is empty"
    if message.startswith("String should have at most"):
        return "is too long: at most " + message.removeprefix("String should have at most ")
    return message


@router.post("/ui/assessments/{assessment_id}/invitations/csv")
def invite_many(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
                file: Annotated[UploadFile | None, File()] = None, csrf_token: Text = "",
                expires_on: Annotated[str, Form(max_length=20)] = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    require(session, staff, assessment.team_id, Action.INVITE)
    values = {"expires_on": expires_on, "file": file.filename if file is not None else ""}
    try:
        expires_at = end_of_day(expires_on, "expires_on")
        if file is None or not file.filename:
            raise Unprocessable("choose the CSV file", errors=[{"field": "file", "message": "choose the CSV file"}])
        done = actions.invite_csv(session, staff, request, assessment_id,
                                  file.file.read(invitation_csv.MAX_BYTES + 1), expires_at,
                                  box=request.app.state.webhook_box, default_days=settings.invitation_days,
                                  via="console")
    except (Unprocessable, TooLarge) as exc:
        session.rollback()
        rows = _csv_rows(exc)
        errors = ([] if rows else _field_errors(exc, "expires_on" if "expires" in exc.detail else "file"))
        if errors and errors[0]["field"] == "file" and errors[0]["message"] == exc.detail:
            errors = [{"field": "file", "message": exc.detail[:1].upper() + exc.detail[1:]}]
        return _refused(request, session, settings, assessment_id, staff,
                        {"form": "csv", "values": values, "errors": errors, "rows": rows,
                         "count": len(rows)}, status=exc.status)
    created = [invitation for invitation, _ in done.created]
    skipped = [(int(str(s["line"])), str(s["invitation_id"])) for s in done.skipped]
    batch = invite_batches.record(session, staff, request, assessment_id, "csv", created, skipped, done.withheld)
    session.commit()
    return _to_batch(assessment_id, batch)


# ------------------------------------------------------------------------------ what an invite did


def _batch(request: Request, session: Session, staff: Staff, assessment_id: str,
           batch_id: int) -> invite_batches.Batch:
    assessment_service.get(session, assessment_id, staff.scope)
    batch = invite_batches.read(session, staff, assessment_id, batch_id)
    if batch is None:
        raise NotFound("no such list of invitations: it belongs to whoever invited them")
    return batch


def _why_no_link(session: Session, staff: Staff, batch: invite_batches.Batch, invitation: Invitation) -> str:
    """Why ``invitation``'s link is not given here ("" when it is)."""
    if batch.links_expired:
        return "more than an hour ago: use Show link on the candidate's page"
    if actions.needs_reveal(session, staff, invitation):
        return "anonymised: Show link on the candidate's page reveals who they are (recorded in the audit log)"
    state = invitation_service.state(invitation)
    if state not in ("invited", "started"):
        return f"the invitation is {state}"
    if invitation.token_enc is None:
        return "no kept link: use Resend on the candidate's page"
    return ""


def _rows(request: Request, session: Session, settings: Settings, staff: Staff, batch: invite_batches.Batch,
          links: bool) -> list[dict[str, Any]]:
    rows = []
    for invitation in batch.created:
        why = _why_no_link(session, staff, batch, invitation) if links else "your role does not see links"
        link = invitation_service.candidate_link(invitation, request.app.state.webhook_box,
                                                 settings.resolved_public_url) if not why else None
        rows.append({"invitation": invitation, "link": link, "why": why})
    return rows


@router.get("/ui/assessments/{assessment_id}/invited/{batch_id}")
def invited(request: Request, assessment_id: str, batch_id: int, session: SessionDep,
            settings: SettingsDep) -> Response:
    """The invitations one invite made and the rows it skipped; their links only for who may see them."""
    staff = page_staff(request, session, settings)
    batch = _batch(request, session, staff, assessment_id, batch_id)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    links = allowed(session, staff, assessment.team_id, Action.SEE_CANDIDATE_LINK)
    rows = _rows(request, session, settings, staff, batch, links)
    return page(request, "invited.html", {
        "assessment": assessment_id, "batch": batch, "created": rows, "links": links,
        "any_link": any(r["link"] for r in rows), "email": request.app.state.mail_outbox.enabled},
        staff=staff, revalidate=False)


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@router.get("/ui/assessments/{assessment_id}/invited/{batch_id}/links.csv")
def invited_links_csv(request: Request, assessment_id: str, batch_id: int, session: SessionDep,
                      settings: SettingsDep) -> Response:
    """The personal links of one invite as a CSV file (``Action.SEE_CANDIDATE_LINK``; each link given is
    audited as ``invitation.link_shown``). A link not given says why in the note column."""
    staff = page_staff(request, session, settings)
    batch = _batch(request, session, staff, assessment_id, batch_id)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    require(session, staff, assessment.team_id, Action.SEE_CANDIDATE_LINK)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["name", "email", "external_id", "expires_at", "link", "note"])
    for row in _rows(request, session, settings, staff, batch, True):
        invitation: Invitation = row["invitation"]
        writer.writerow([_cell(invitation.candidate_name), _cell(invitation.candidate_email),
                         _cell(invitation.external_id or ""), invitation.expires_at.isoformat(), row["link"] or "",
                         row["why"]])
        if row["link"]:
            audit.record(session, staff, "invitation.link_shown", "invitation", invitation.id, request=request,
                         via="console", format="csv")
    session.commit()
    return Response("\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8", headers={
        **SECURITY_HEADERS, "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="invitations-{batch_id}-links.csv"'})
