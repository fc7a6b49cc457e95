"""The candidate web app: ``/take/<invitation token>``.

Server-rendered pages for everything but the workspace: the landing page (rules, what is recorded,
consent, Start), and the read-only summary once the invitation is completed, expired or revoked. The
workspace (editor, timer, runs, submissions, drafts) is a small JavaScript app (web/ built by
``make assets`` into static/dist/candidate.js) that talks only to the candidate REST API, as
/take/v1/me... with the cookie (api.take.cookie) and the page's invitation id in a header.

The personal link's token is in its URL only until it is opened: ``GET /take/<token>`` moves it into
the cookie and redirects to /take/. Every answer still carries Referrer-Policy no-referrer, no-store, and
a strict Content-Security-Policy (scripts from this origin only, nothing inline, no eval, no third party
at all).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, SettingsDep
from api.errors import ApiError
from api.integrity import policy as integrity_policy
from api.models import PENDING_STATUSES, Assessment, Invitation
from api.services import candidate_links, pools, quiz, report_links, reports
from api.services import invitations as invitation_service
from api.settings import Settings
from api.take import cookie
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
        except UnknownLanguageError:  # a quiz's answers are no sandbox language
            names.append(quiz.ANSWERS_NAME if language == quiz.ANSWERS_LANGUAGE else language)
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
    integrity = integrity_policy.of(session, assessment.id)
    return {
        "invitation": invitation, "assessment": assessment,
        "problems": pools.drawn_versions(session, invitation),
        "languages": _language_names(assessment.languages),
        "duration": _minutes(assessment.duration_minutes), "effective": _minutes(effective),
        "accommodated": effective != assessment.duration_minutes,
        "retention_days": settings.retention_days,
        "integrity_recorded": integrity_policy.recorded(integrity.signals),
        "ai_rule": integrity_policy.ai_rule(integrity.ai_assistance),
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


def _home(request: Request, session: Session, settings: Settings, invitation: Invitation) -> Response:
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
            "bundle": bundle, "nonce": secrets.token_urlsafe(18),
        })
    return candidate_page(request, "summary.html", _summary(session, invitation, settings, state))


def _home_again() -> Response:
    return RedirectResponse(candidate_links.HOME_PATH, status_code=303, headers=SECURITY_HEADERS)


def _from_cookie(request: Request, session: Session) -> Invitation | None:
    secret = cookie.credential(request)
    return candidate_links.invitation_for(session, secret) if secret else None


def _stale(request: Request) -> Response:
    """A form of a page of another personal link, opened in this browser before the current one."""
    return candidate_page(request, "unknown.html", {"stale": True}, status=409)


@router.get("/take")
@router.get("/take/")
def home(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """The candidate's page, from the cookie their personal link left (the landing page, the workspace or
    the summary); without one, how to open the personal link."""
    secret = cookie.credential(request)
    if secret is None:
        return candidate_page(request, "unknown.html", {"without_token": True})
    if secret.startswith(report_links.KEY_PREFIX):  # a report key opens the report, nothing else
        return RedirectResponse(candidate_links.REPORT_PATH, status_code=303, headers=SECURITY_HEADERS)
    invitation = candidate_links.invitation_for(session, secret)
    if invitation is None:
        return cookie.forget(request, settings, candidate_not_found(request))
    return _home(request, session, settings, invitation)


@router.get("/take/{token}")
def take(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    """The personal link: its token goes into the cookie, the browser on to the address without it."""
    if candidate_links.invitation_for(session, token) is None:
        return candidate_not_found(request)
    return cookie.remember(request, settings, token, candidate_links.HOME_PATH)


def _start(request: Request, session: Session, settings: Settings, invitation: Invitation,
           consent: str) -> Response | None:
    """Start the assessment; None when done (or nothing to do), else the landing page with the error."""
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
    return None


def _finish(session: Session, invitation: Invitation) -> None:
    if invitation_service.state(invitation) == "started":
        try:
            invitation_service.finish(session, invitation)
            session.commit()
        except ApiError:
            session.rollback()


PageInvitation = Annotated[str, Form(max_length=100)]
Consent = Annotated[str, Form(max_length=10)]


@router.post("/take/start")
def start(request: Request, session: SessionDep, settings: SettingsDep, invitation: PageInvitation = "",
          consent: Consent = "") -> Response:
    """The landing page's Start (the cookie says who; the form, which page it was)."""
    current = _from_cookie(request, session)
    if current is None:
        return candidate_not_found(request)
    if current.id != invitation:
        return _stale(request)
    return _start(request, session, settings, current, consent) or _home_again()


@router.post("/take/finish")
def finish(request: Request, session: SessionDep, invitation: PageInvitation = "") -> Response:
    """The workspace's Finish without JavaScript (the app finishes through the API)."""
    current = _from_cookie(request, session)
    if current is None:
        return candidate_not_found(request)
    if current.id != invitation:
        return _stale(request)
    _finish(session, current)
    return _home_again()


@router.post("/take/{token}/start")
def start_with_token(request: Request, token: str, session: SessionDep, settings: SettingsDep,
                     consent: Consent = "") -> Response:
    """Start with the token in the address (pages served before the cookie, scripts)."""
    invitation = candidate_links.invitation_for(session, token)
    if invitation is None:
        return candidate_not_found(request)
    refused = _start(request, session, settings, invitation, consent)
    if refused is not None:  # the landing page again: its form posts to /take/start, with the cookie
        return cookie.keep(request, settings, token, refused)
    return cookie.remember(request, settings, token, candidate_links.HOME_PATH)


@router.post("/take/{token}/finish")
def finish_with_token(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    invitation = candidate_links.invitation_for(session, token)
    if invitation is None:
        return candidate_not_found(request)
    _finish(session, invitation)
    return cookie.remember(request, settings, token, candidate_links.HOME_PATH)
