"""The candidate's transparency report page: ``/take/<token>/report`` once the assessment is over,
opened with the candidate's own token (linked from the finish page) or with the read-only ``rpt_``
key sent in the invitation.completed webhook (api.services.candidate_report)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import SessionDep, SettingsDep
from api.services import candidate_links, candidate_report, report_links
from api.services import invitations as invitation_service
from api.take.pages import SECURITY_HEADERS, candidate_not_found, candidate_page

router = APIRouter(include_in_schema=False)


@router.get("/take/{token}/report")
def report(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    by_report_key = token.startswith(report_links.KEY_PREFIX)
    invitation = (report_links.by_key(session, token) if by_report_key
                  else candidate_links.invitation_for(session, token))
    if invitation is None:
        return candidate_not_found(request)
    if invitation_service.state(invitation) != "completed":
        if by_report_key:
            return candidate_not_found(request)
        return RedirectResponse(candidate_links.path(token), status_code=303, headers=SECURITY_HEADERS)
    data = candidate_report.build(session, invitation, retention_days=settings.retention_days,
                                  similarity_threshold=settings.similarity_threshold)
    back = None if by_report_key else candidate_links.path(token)
    return candidate_page(request, "report.html", {"report": data, "back": back})
