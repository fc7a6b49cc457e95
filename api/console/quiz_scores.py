"""The console's form for a reviewer's points of a free-text answer, in the quiz section of an invitation's
page: post, then redirect back to the question (post/redirect/get); a refused value comes back as the page
with the error beside the field and the value as typed (422). The logic is api.services.quiz_report; who
may is api.permissions.require (the right to review)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.console import csrf
from api.console.pages import SECURITY_HEADERS, page, page_staff
from api.console.report_context import report_context
from api.deps import SessionDep, SettingsDep
from api.errors import ApiError, NotFound
from api.models import Submission
from api.people.teams import Action
from api.permissions import require
from api.reviews import assignments
from api.services import invitations as invitation_service
from api.services import quiz_report

router = APIRouter(include_in_schema=False)


@router.post("/ui/submissions/{submission_id}/questions/{question_id}/score")
def score_text(request: Request, submission_id: str, question_id: str, session: SessionDep, settings: SettingsDep,
               csrf_token: Annotated[str, Form(max_length=500)] = "",
               points: Annotated[str, Form(max_length=40)] = "") -> Response:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, csrf_token)
    submission = session.get(Submission, submission_id)
    if submission is None or submission.kind != "submission":
        raise NotFound(f"submission {submission_id!r} does not exist")
    invitation = invitation_service.get(session, submission.invitation_id, staff.scope)
    require(session, staff, assignments.team_of(session, invitation), Action.REVIEW)
    try:
        quiz_report.score_text(session, staff, submission, question_id, points)
    except ApiError as error:
        session.rollback()
        context = report_context(request, session, settings, staff, invitation, "page")
        message = next((str(e.get("message")) for e in error.errors or []), error.detail)
        context["quiz_refused"] = {"question": question_id, "points": points, "error": message}
        return page(request, "report.html", context, status=422, staff=staff)
    session.commit()
    return RedirectResponse(f"/ui/invitations/{invitation.id}?done=scored#question-{question_id}", status_code=303,
                            headers=SECURITY_HEADERS)
