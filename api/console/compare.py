"""The console's compare view (/ui/assessments/{id}/compare?ids=...&ids=...): two to six candidates of one
assessment side by side: status, score, points per problem, time used, similarity flags and the decision
(issue 26 item 13). The candidate list's checkboxes open it. Routes only: the figures are
api.services.results_export's and api.console.views'."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.console import views
from api.console.pages import page, page_staff
from api.deps import SessionDep, SettingsDep
from api.errors import Unprocessable
from api.services import assessments as assessment_service
from api.services import results_export

router = APIRouter(include_in_schema=False)
MAX_COMPARED = 6


@router.get("/ui/assessments/{assessment_id}/compare")
def compare(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
            ids: Annotated[list[str], Query(max_length=50)] = []) -> Response:  # noqa: B006 - FastAPI's way
    staff = page_staff(request, session, settings)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    wanted = list(dict.fromkeys(ids))
    found = results_export.candidates(session, assessment, set(wanted))
    if len(found) != len(wanted):  # an id of another assessment or team: as if it did not exist
        raise Unprocessable("some of the chosen candidates are not in this assessment")
    error = None
    if not 2 <= len(found) <= MAX_COMPARED:
        error = f"Tick 2 to {MAX_COMPARED} candidates in the list to compare them (you chose {len(found)})."
    order = {invitation_id: index for index, invitation_id in enumerate(wanted)}
    found.sort(key=lambda c: order[c.invitation_id])
    flags = views.assessment_flags(session, assessment.id, settings.similarity_threshold) if not error else {}
    return page(request, "compare.html", {"assessment": assessment, "candidates": found, "flags": flags,
                                          "error": error}, staff=staff, status=422 if error else 200)
