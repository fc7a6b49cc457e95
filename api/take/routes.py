"""The candidate web app: ``/take/<invitation token>``.

Server-rendered pages for everything but the workspace: the landing page (rules, what is recorded,
consent, Start), and the read-only summary once the invitation is completed, expired or revoked. The
workspace (editor, timer, runs, submissions, drafts) is a small JavaScript app (web/ built by
``make assets`` into static/dist/candidate.js) that talks only to the candidate REST API (/v1/me...)
with the token it reads from the page's path.

The token is the credential and it is in the URL: every answer carries Referrer-Policy no-referrer,
no-store, and a strict Content-Security-Policy (scripts from this origin only, nothing inline, no eval,
no third party at all).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, SettingsDep
from api.errors import ApiError
from api.models import PENDING_STATUSES, Assessment, Invitation
from api.services import assessments as assessment_service
from api.services import candidate_links, reports
from api.services import invitations as invitation_service
from api.settings import Settings
from api.take.pages import ASSETS, SECURITY_HEADERS, candidate_not_found, candidate_page
from sandbox import UnknownLanguageError, get_language

router = APIRouter(include_in_schema=False)
BUNDLE = "dist/candidate.js"  # the entry in dist/manifest.json (web/build.mjs)


def bundle_url() -> str | None:
    """The candidate app's script (a content-hashed name), or None when it is not built (the workspace
    page says so)."""
    return ASSETS.url(BUNDLE)

FINAL_STATES = ("completed", "expired", "revoked")


def _language_names(languages: list[str]) -> list[str]:
    names = []
    for language in languages:
        try:
            names.append(get_language(language).display_name)
        except UnknownLanguageError:
            names.append(language)
    return names


def _effective(invitation: Invitation, assessment: Assessment) -> float:
    return invitation_service.effective_minutes(invitation, assessment.duration_minutes)


def _minutes(value: float) -> str:
    hours, minutes = divmod(round(value), 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def _landing(session: Session, invitation: Invitation, settings: Settings) -> dict[str, Any]:
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    effective = _effective(invitation, assessment)
    return {
        "invitation": invitation, "assessment": assessment,
        "problems": assessment_service.problem_versions(session, assessment.id),
        "languages": _language_names(assessment.languages),
        "duration": _minutes(assessment.duration_minutes), "effective": _minutes(effective),
        "accommodated": effective != assessment.duration_minutes,
        "retention_days": settings.retention_days,
    }


def _summary(session: Session, invitation: Invitation, settings: Settings, state: str) -> dict[str, Any]:
    data = reports.report(session, invitation, settings.resolved_public_url)
    titles = {p.slug: p.title for p in data.problems}
    submissions = []
    for row in invitation_service.submissions_of(session, invitation.id):
        view = reports.candidate_view(session, row)
        offset = None
        if invitation.started_at is not None:
            offset = int((row.created_at - invitation.started_at).total_seconds())
        submissions.append({**view.model_dump(), "offset": offset, "title": titles.get(view.problem, view.problem),
                            "language_name": _language_names([row.language])[0]})
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    deadline_passed = state == "completed" and invitation.finished_at is None
    return {
        "invitation": invitation, "state": state, "assessment": assessment, "report": data,
        "submissions": submissions, "deadline_passed": deadline_passed,
        "pending": any(s["status"] in PENDING_STATUSES for s in submissions),
        "limit": _minutes(_effective(invitation, assessment)),
    }


@router.get("/take")
@router.get("/take/")
def take_without_token(request: Request) -> Response:
    """The candidate app's address without a personal link (an invitation's candidate_url)."""
    return candidate_page(request, "unknown.html", {"without_token": True})


@router.get("/take/{token}")
def take(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    invitation = candidate_links.invitation_for(session, token)
    if invitation is None:
        return candidate_not_found(request)
    state = invitation_service.state(invitation)
    if state == "invited":
        context = _landing(session, invitation, settings)
        return candidate_page(request, "landing.html", {**context, "error": None})
    if state == "started":
        assessment = session.get(Assessment, invitation.assessment_id)
        assert assessment is not None
        bundle = bundle_url()
        return candidate_page(request, "workspace.html", {
            "invitation": invitation, "assessment": assessment, "built": bundle is not None,
            "bundle": bundle, "token": token, "nonce": secrets.token_urlsafe(18),
        })
    return candidate_page(request, "summary.html", _summary(session, invitation, settings, state))


@router.post("/take/{token}/start")
def start(request: Request, token: str, session: SessionDep, settings: SettingsDep,
          consent: Annotated[str, Form(max_length=10)] = "") -> Response:
    invitation = candidate_links.invitation_for(session, token)
    if invitation is None:
        return candidate_not_found(request)
    if invitation_service.state(invitation) == "invited":
        if consent != "yes":
            context = _landing(session, invitation, settings)
            error = ("Please tick the box to confirm you have read the rules and agree to how your work is "
                     "recorded; the assessment cannot start without it.")
            return candidate_page(request, "landing.html", {**context, "error": error}, status=422)
        try:
            invitation_service.start(session, invitation, consent=True)
            session.commit()
        except ApiError:
            session.rollback()  # it expired or was revoked meanwhile: the page shows which
    return RedirectResponse(candidate_links.path(token), status_code=303, headers=SECURITY_HEADERS)


@router.post("/take/{token}/finish")
def finish(request: Request, token: str, session: SessionDep) -> Response:
    invitation = candidate_links.invitation_for(session, token)
    if invitation is None:
        return candidate_not_found(request)
    if invitation_service.state(invitation) == "started":
        try:
            invitation_service.finish(session, invitation)
            session.commit()
        except ApiError:
            session.rollback()
    return RedirectResponse(candidate_links.path(token), status_code=303, headers=SECURITY_HEADERS)

