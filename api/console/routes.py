"""The reviewer pages: login, assessments, an assessment's invitations, an invitation's report.

Server-rendered (Jinja2), printable, usable without JavaScript; one small script of our own
(static/console.js: times in the viewer's time zone, copy buttons) is the only one the
Content-Security-Policy allows. What the pages share (templates, headers, the logged-in reviewer) is
in api.console.pages.
The JSON API keeps Bearer authentication; these pages use the session cookie (api.console.session), and
GET /v1/invitations/{id}/report.html takes either.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func
from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff
from api.console import views
from api.console.assessment_context import assessment_context
from api.console.highlight import pygments_css
from api.console.pages import page, page_staff
from api.console.report_context import report_context
from api.deps import SessionDep, SettingsDep
from api.models import Assessment, Invitation
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.settings import Settings

router = APIRouter(include_in_schema=False)


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


# ------------------------------------------------------------------------------ pages


@router.get("/ui/code.css")
def code_css() -> Response:
    return Response(pygments_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/ui/")
def home(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    assessments = session.exec(select(Assessment).where(staff.scope.clause(Assessment.team_id))
                               .order_by(col(Assessment.created_at).desc())).all()
    counts = dict(session.exec(select(Invitation.assessment_id, func.count()).group_by(Invitation.assessment_id)).all())
    items = [{"assessment": a, "problems": assessment_service.problem_versions(session, a.id),
              "invitations": counts.get(a.id, 0)} for a in assessments]
    return page(request, "home.html", {"items": items}, staff=staff)


@router.get("/ui/assessments/{assessment_id}")
def assessment_index(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
                     sort: Annotated[str, Query(pattern="^(" + "|".join(views.SORTS) + ")$")] = "score",
                     order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
                     state: Annotated[str | None, Query(pattern="^(invited|started|completed|expired|revoked)$")]
                     = None,
                     decision: Annotated[str | None, Query(pattern="^(" + "|".join(views.DECISION_FILTERS) + ")$")]
                     = None) -> Response:
    staff = page_staff(request, session, settings)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    return page(request, "assessment.html", assessment_context(request, session, settings, assessment, sort, order,
                                                               state, decision), staff=staff)


def _report(request: Request, invitation_id: str, session: Session, settings: Settings, staff: Staff,
            via: str) -> Response:
    invitation = invitation_service.get(session, invitation_id, staff.scope)
    context = report_context(request, session, settings, staff, invitation, via)
    audit.record(session, staff, "report.viewed", "invitation", invitation.id, request=request, format="html",
                 via=via)
    session.commit()
    return page(request, "report.html", context, staff=staff)


@router.get("/ui/invitations/{invitation_id}")
def report_page(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    return _report(request, invitation_id, session, settings, staff, "page")


@router.get("/v1/invitations/{invitation_id}/report.html", summary="the report as a page (reviewer)")
def report_html(request: Request, invitation_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings, allow_bearer=True)
    return _report(request, invitation_id, session, settings, staff, "api")
