"""Everything the assessment page (assessment.html) shows, in one place: its invitations, problems and
invite forms. The page's GET (api.console.routes) and a refused invite form (api.console.actions: the
page again with the form as typed and its errors) both build it here."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlmodel import Session

from api.console import views
from api.console.form_contexts import invite_context
from api.models import Assessment
from api.services import assessments as assessment_service
from api.settings import Settings


def assessment_context(request: Request, session: Session, settings: Settings, assessment: Assessment,
                       sort: str = "score", order: str = "desc", state: str | None = None,
                       decision: str | None = None, *, refused: dict[str, Any] | None = None) -> dict[str, Any]:
    context = views.index_page(session, assessment, settings, sort, order, state, decision)
    context["problems"] = assessment_service.problem_versions(session, assessment.id)
    context["slots"] = assessment_service.slots(session, assessment.id)  # a slot of several: a pool
    context.update(invite_context(request, settings, session, assessment.team_id, refused=refused))
    return context
