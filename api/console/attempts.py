"""Every attempt of a candidate in the console (issue 26 item 12): an attempt's page (GET
/ui/submissions/{id}: its code with line comments, per-test results, custom input and output of a run,
the attempts before and after it) and a diff of two attempts of one problem (GET
/ui/invitations/{id}/diff?from=&to=, a plain GET form on the report, so it works without JavaScript).
Opening either is a look at the candidate's report: audited as ``report.viewed``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from api import audit
from api.comments import threads
from api.console import attempt_views, comment_views
from api.console.pages import page, page_staff
from api.console.views import candidate_label
from api.deps import SessionDep, SettingsDep
from api.errors import NotFound, Unprocessable
from api.models import Assessment, Invitation, Submission
from api.services import invitations as invitation_service

router = APIRouter(include_in_schema=False)
Id = Annotated[str, Query(max_length=64)]


def _frame(session: Session, invitation: Invitation) -> dict[str, str]:
    assessment = session.get(Assessment, invitation.assessment_id)
    return {"candidate": candidate_label(session, invitation),
            "assessment_title": assessment.title if assessment else ""}


@router.get("/ui/submissions/{submission_id}")
def attempt_page(request: Request, submission_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    submission, invitation = threads.visible_submission(session, submission_id, staff.scope)
    context = {**attempt_views.attempt(session, submission, invitation), **_frame(session, invitation),
               "invitation": invitation, "submission": submission}
    context["comments"] = {**comment_views.for_report(request, session, settings, staff, invitation, [submission.id],
                                                      interactive=True), "origin": "attempt"}
    audit.record(session, staff, "report.viewed", "invitation", invitation.id, request=request, format="html",
                 via="attempt", submission_id=submission.id)
    session.commit()
    return page(request, "attempts/attempt.html", context, staff=staff)


def _of(session: Session, invitation: Invitation, submission_id: str) -> Submission:
    submission = session.get(Submission, submission_id)
    if submission is None or submission.invitation_id != invitation.id:
        raise NotFound(f"this candidate has no attempt {submission_id!r}")
    return submission


@router.get("/ui/invitations/{invitation_id}/diff")
def diff_page(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep,
              old: Annotated[str, Query(alias="from", max_length=64)] = "",
              new: Annotated[str, Query(alias="to", max_length=64)] = "") -> Response:
    staff = page_staff(request, session, settings)
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    if not old or not new:
        raise Unprocessable("pick the two attempts to compare (from and to)",
                            errors=[{"field": "from" if not old else "to", "message": "missing"}])
    before, after = _of(session, invitation, old), _of(session, invitation, new)
    if before.problem_version_id != after.problem_version_id:
        raise Unprocessable("pick two attempts at the same problem to compare",
                            errors=[{"field": "to", "message": "another problem"}])
    context = {**attempt_views.diff(session, invitation, before, after), **_frame(session, invitation),
               "invitation": invitation}
    audit.record(session, staff, "report.viewed", "invitation", invitation.id, request=request, format="html",
                 via="diff", submission_id=after.id, other_submission_id=before.id)
    session.commit()
    return page(request, "attempts/diff.html", context, staff=staff)
