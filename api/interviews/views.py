"""The interviews of an invitation as its report page shows them (and whether the viewer may schedule one)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from api.auth import Staff
from api.interviews import service
from api.models import Assessment, Invitation
from api.people.teams import Action
from api.permissions import allowed


def for_report(session: Session, staff: Staff, invitation: Invitation) -> dict[str, Any]:
    assessment = session.get(Assessment, invitation.assessment_id)
    team_id = assessment.team_id if assessment is not None else None
    items = [{"interview": i, "state": service.state(i), "interviewers": service.interviewers(session, i)}
             for i in service.for_invitation(session, invitation.id)]
    return {"scheduled": items, "may_schedule": staff.user_id is not None
            and allowed(session, staff, team_id, Action.SCHEDULE_INTERVIEW)}
