"""The console's right-of-access export of a candidate's data: ``/ui/invitations/{id}/personal-data.json``
(a download; api.services.data_export builds it, audited)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.console.pages import page_staff
from api.deps import SessionDep, SettingsDep
from api.pages.headers import STAFF
from api.people.teams import Action
from api.permissions import require
from api.services import assessments as assessment_service
from api.services import data_export
from api.services import invitations as invitation_service

router = APIRouter(include_in_schema=False)


@router.get("/ui/invitations/{invitation_id}/personal-data.json")
def personal_data(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    require(session, staff, assessment_service.get(session, invitation.assessment_id).team_id, Action.INVITE)
    data = data_export.export_audited(session, staff, invitation, request, via="console")
    return Response(json.dumps(data, indent=1, ensure_ascii=False), media_type="application/json", headers={
        **STAFF, "Content-Disposition": f'attachment; filename="candidate-data-{invitation.id}.json"'})
