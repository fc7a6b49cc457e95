"""Everything the invitation's page (report.html) shows, in one place: the report, the Manage panel, line
comments, attempts, and reviewing together. The page's GET (api.console.routes) and a refused form of
the page (api.console.reviews: the page again with the form as typed) both build it here."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlmodel import Session

from api.auth import Staff
from api.console import attempt_views, comment_views, csrf, reviewing, views
from api.console.form_contexts import manage_context
from api.integrity import render as integrity_render
from api.integrity import signals as integrity_signals
from api.interviews import views as interview_views
from api.models import Invitation
from api.people.teams import Action
from api.permissions import allowed
from api.services import assessments as assessment_service
from api.services import ats_status
from api.settings import Settings


def report_context(request: Request, session: Session, settings: Settings, staff: Staff, invitation: Invitation,
                   via: str, *, refused: dict[str, Any] | None = None,
                   manage_refused: dict[str, Any] | None = None) -> dict[str, Any]:
    """``via``: "page" (the console, with its forms) or "api" (report.html with a Bearer key: no form).
    ``refused``: ``reviewing.context``'s form, errors and which form, when one was refused;
    ``manage_refused``: the Manage panel's refused form (api.console.form_contexts.manage_context)."""
    context = views.report_page(session, invitation, settings)
    if via == "page":  # the console's actions need the session cookie (CSRF-bound), not a Bearer key
        context["manage"] = manage_context(request, session, settings, invitation, refused=manage_refused)
        context["interviews"] = interview_views.for_report(session, staff, invitation)
        context["ats_requests"] = ats_status.latest(session, invitation.id)  # what each ATS was told (issue 28)
        context["ats_csrf"] = csrf.token_for(request, settings)
        retried = request.query_params.get("ats_retried", "")
        context["ats_retried"] = int(retried) if retried.isdigit() else None
    context["comments"] = comment_views.for_report(request, session, settings, staff, invitation, [
        p["submission"]["id"] for p in context["problems"] if p["submission"]], interactive=via == "page")
    context["attempts"] = attempt_views.for_report(session, invitation, context["problems"])
    team_id = assessment_service.get(session, invitation.assessment_id).team_id
    export = (f"/ui/invitations/{invitation.id}/personal-data.json"
              if via == "page" and allowed(session, staff, team_id, Action.INVITE) else None)
    context["integrity"] = integrity_render.section(integrity_signals.view(session, invitation), "reviewer",
                                                    export_url=export)
    # a reviewer's points for a quiz's free-text answers (api.console.quiz_scores)
    context["may_score_text"] = via == "page" and allowed(session, staff, team_id, Action.REVIEW)
    context.update(reviewing.context(session, staff, invitation, **(refused or {})))  # blind until one submits
    return context
