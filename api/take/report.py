"""The candidate's transparency report page once the assessment is over: ``/take/report``, opened with
the cookie that the candidate's own link (linked from the finish page) or the read-only ``rpt_`` key's
link sent in the invitation.completed webhook (api.services.candidate_report) left. Those links,
``/take/<token or key>/report``, move their secret into the cookie (api.take.cookie) and redirect here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, SettingsDep
from api.integrity import render as integrity_render
from api.integrity import signals as integrity_signals
from api.models import Invitation
from api.services import candidate_links, candidate_report, report_links
from api.services import invitations as invitation_service
from api.take import cookie
from api.take.pages import SECURITY_HEADERS, candidate_not_found, candidate_page

router = APIRouter(include_in_schema=False)


def _opened_by(session: Session, secret: str) -> Invitation | None:
    if secret.startswith(report_links.KEY_PREFIX):
        return report_links.by_key(session, secret)
    return candidate_links.invitation_for(session, secret)


@router.get(candidate_links.REPORT_PATH)
def report(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    secret = cookie.credential(request)
    invitation = _opened_by(session, secret) if secret else None
    if invitation is None or secret is None:
        return candidate_not_found(request)
    by_report_key = secret.startswith(report_links.KEY_PREFIX)
    if invitation_service.state(invitation) != "completed":
        if by_report_key:
            return candidate_not_found(request)
        return RedirectResponse(candidate_links.HOME_PATH, status_code=303, headers=SECURITY_HEADERS)
    data = candidate_report.build(session, invitation, retention_days=settings.retention_days,
                                  similarity_threshold=settings.similarity_threshold)
    back = None if by_report_key else candidate_links.HOME_PATH  # a report key opens the report only
    integrity = integrity_render.section(integrity_signals.view(session, invitation), "candidate",
                                         playback=not by_report_key)  # that report shows no code
    return candidate_page(request, "report.html", {"report": data, "back": back, "integrity": integrity})


@router.get("/take/{token}/report")
def report_link(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    """A report link: its token or key goes into the cookie, the browser on to /take/report."""
    if _opened_by(session, token) is None:
        return candidate_not_found(request)
    return cookie.remember(request, settings, token, candidate_links.REPORT_PATH)
