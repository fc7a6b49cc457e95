"""The console's "My reviews" page (/ui/reviews): the candidates the signed-in person was asked to
review, with their due dates, the overdue first and the submitted ones below; ``?team=`` keeps one team
(another team's id answers 404). The header's "My reviews" link carries the count of open reviews.
And /ui/reviews/emails: which e-mails about reviewing the person gets (each e-mail links there).
Routes only: the list is api.services.review_queue's, the choices api.services.review_mail's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api.auth import Staff
from api.console import csrf
from api.console.pages import SECURITY_HEADERS, page, page_person
from api.deps import SessionDep, SettingsDep
from api.errors import NotFound
from api.people.models import Team, User
from api.people.teams import visible_team_ids
from api.services import review_mail, review_queue

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


@router.get("/ui/reviews/emails")
def emails_page(request: Request, session: SessionDep, settings: SettingsDep,
                done: Annotated[str | None, Query(max_length=10)] = None) -> Response:
    staff, user = page_person(request, session, settings)
    off = review_mail.turned_off(session, user)
    choices = [(kind, review_mail.KIND_NAMES[kind], kind not in off) for kind in review_mail.kinds_for(session, user)]
    return page(request, "my_emails.html", {"choices": choices, "saved": done == "saved", "me": user,
                                            "csrf": csrf.token_for(request, settings)}, staff=staff)


@router.post("/ui/reviews/emails")
def save_emails(request: Request, session: SessionDep, settings: SettingsDep,
                csrf_token: Annotated[str, Form(max_length=500)] = "",
                kind: Annotated[list[str] | None, Form(max_length=40)] = None) -> Response:
    _, user = page_person(request, session, settings)
    csrf.check(request, settings, csrf_token)
    review_mail.choose(session, user, kind or [])
    session.commit()
    return RedirectResponse("/ui/reviews/emails?done=saved", status_code=303, headers=SECURITY_HEADERS)
