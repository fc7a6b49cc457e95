"""The console's "My reviews" page (/ui/reviews): the candidates the signed-in person was asked to
review, with their due dates, the overdue first and the submitted ones below; ``?team=`` keeps one team
(another team's id answers 404). The header's "My reviews" link carries the count of open reviews.
Routes only: the list is api.services.review_queue's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from api.auth import Staff
from api.console.pages import page, page_person
from api.deps import SessionDep, SettingsDep
from api.errors import NotFound
from api.people.models import Team, User
from api.people.teams import visible_team_ids
from api.services import review_queue

router = APIRouter(include_in_schema=False)


def my_reviews_count(request: Request, staff: Staff | None) -> int | None:
    """For the header's "My reviews" link (a template global): the signed-in person's open reviews;
    None (no link) for an API key's session and for people who do not review."""
    if staff is None or staff.user_id is None:
        return None
    with Session(request.app.state.engine) as session:
        user = session.get(User, staff.user_id)
        return review_queue.open_count(session, user) if user is not None and user.active else None


@router.get("/ui/reviews")
def my_reviews(request: Request, session: SessionDep, settings: SettingsDep,
               team: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    staff, user = page_person(request, session, settings)
    chosen = None
    if team:
        chosen = session.get(Team, team)
        visible = visible_team_ids(session, user)
        if chosen is None or (visible is not None and chosen.id not in visible):
            raise NotFound("no such team of yours")
    return page(request, "my_reviews.html", {"queue": review_queue.queue(session, user, chosen), "me": user},
                staff=staff)
