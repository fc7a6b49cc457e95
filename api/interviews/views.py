"""The interviews of an invitation as its report page shows them (and whether the viewer may schedule one):
for an interview that is over, the pad's final code beside the final screening code of the same problem,
and its interviewers' scorecards (those the viewer may see) beside the screening reviews."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from api.auth import Staff
from api.errors import ApiError
from api.interviews import service
from api.interviews.models import Interview
from api.models import Assessment, Invitation
from api.people.teams import Action
from api.permissions import allowed
from api.reviews import board, interview_reviews


def _screening_code(session: Session, invitation: Invitation, interview: Interview) -> dict[str, Any] | None:
    """The candidate's final screening code of the interview's problem: {title, language, code}."""
    if interview.problem_slug is None:
        return None
    try:
        version = service.run_version(session, invitation, interview.problem_slug)
    except ApiError:
        return None
    found = service.final_code(session, invitation, version, None)
    if found is None:
        return {"title": version.title, "slug": version.slug, "language": None, "code": None}
    return {"title": version.title, "slug": version.slug, "language": found[0], "code": found[1]}


def for_report(session: Session, staff: Staff, invitation: Invitation) -> dict[str, Any]:
    assessment = session.get(Assessment, invitation.assessment_id)
    team_id = assessment.team_id if assessment is not None else None
    scorecards = [board.interview_review_out(session, r) for r in interview_reviews.visible(session, staff, invitation)]
    items = []
    for interview in service.for_invitation(session, invitation.id):
        over = service.is_over(interview)
        items.append({"interview": interview, "state": service.state(interview),
                      "interviewers": service.interviewers(session, interview), "over": over,
                      "screening": _screening_code(session, invitation, interview) if over else None,
                      "scorecards": [r for r in scorecards if r.interview_id == interview.id]})
    return {"scheduled": items, "may_schedule": staff.user_id is not None
            and allowed(session, staff, team_id, Action.SCHEDULE_INTERVIEW)}
