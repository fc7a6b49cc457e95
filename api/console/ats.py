"""The invitation page's "ATS updates" panel: an admin retries an integration's failed requests
(POST /ui/invitations/{id}/ats/{target}/retry, CSRF-bound, post/redirect/get). Routes only: the
listing is api.services.ats_status's, the retry api.integrations.base's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.console import csrf
from api.console.pages import SECURITY_HEADERS, page_staff
from api.deps import SessionDep, SettingsDep
from api.errors import Forbidden, NotFound
from api.integrations.base import retry_failed
from api.services import ats_status
from api.services import invitations as invitation_service

router = APIRouter(include_in_schema=False)


@router.post("/ui/invitations/{invitation_id}/ats/{target}/retry")
def retry(request: Request, invitation_id: str, target: str, session: SessionDep, settings: SettingsDep,
          csrf_token: Annotated[str, Form(max_length=500)] = "") -> RedirectResponse:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, csrf_token)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    if target not in ats_status.NAMES:
        raise NotFound(f"no integration {target!r}")
    if staff.role != "admin":
        raise Forbidden("only an admin may send an ATS request again (after fixing its key or settings)")
    count = retry_failed(session, staff, request, invitation.id, target)
    session.commit()
    return RedirectResponse(f"/ui/invitations/{invitation.id}?ats_retried={count}#ats", status_code=303,
                            headers=SECURITY_HEADERS)
