"""Line comments in the console: a thread started on a line of a candidate's code, replies, resolve and
reopen. Every form posts and redirects back to the report at the thread (post/redirect/get); a refused
form comes back on the line's own page with the error beside the field and what was typed kept. That
page (GET /ui/submissions/{id}/comment?path=&line=) is also where the "+" of a line leads without
JavaScript; with it, static/comments.js opens the same form under the line on the report page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api.auth import Staff
from api.comments import threads
from api.comments.models import CommentThread
from api.console import comment_views, csrf
from api.console.pages import SECURITY_HEADERS, page, page_staff
from api.console.views import candidate_label
from api.deps import SessionDep, SettingsDep
from api.errors import ApiError, Unprocessable
from api.models import Assessment, Invitation, Submission
from api.settings import Settings

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]  # lengths are checked by the service, in plain words


def _staff(request: Request, session: Session, settings: Settings, token: str) -> Staff:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, token)
    return staff


def _to_thread(row: CommentThread, back: str) -> Response:
    """Back to the report at the thread, or to the attempt's own page where the form was (``back``)."""
    where = (f"/ui/submissions/{row.submission_id}" if back == "attempt"
             else f"/ui/invitations/{row.invitation_id}")
    return RedirectResponse(f"{where}#thread-{row.id}", status_code=303, headers=SECURITY_HEADERS)


def _line(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise Unprocessable(f"{value!r} is not a line number", errors=[{"field": "line", "message": "not a number"}]
                            ) from None


def _line_page(request: Request, session: Session, settings: Settings, staff: Staff, submission: Submission,
               invitation: Invitation, path: str, line: int, *, errors: dict[str, str] | None = None,
               typed: dict[str, Any] | None = None, status: int = 200, back: str = "") -> Response:
    if path not in submission.files:
        raise Unprocessable(f"the submission has no file {path!r}",
                            errors=[{"field": "path", "message": "no such file"}])
    here = [t for t in threads.threads_of(session, [submission.id]).get(submission.id, [])
            if t.row.path == path and t.row.line == line]
    code = comment_views.excerpt(submission.language, path, submission.files[path], line)
    if not 1 <= line <= code["count"]:
        raise Unprocessable(f"{path} has lines 1 to {code['count']}; there is no line {line}",
                            errors=[{"field": "line", "message": "out of range"}])
    assessment = session.get(Assessment, invitation.assessment_id)
    can = threads.may_comment(session, staff, invitation)
    return page(request, "comments/line.html", {
        "submission": submission, "invitation": invitation, "candidate": candidate_label(session, invitation),
        "assessment_title": assessment.title if assessment else "", "path": path, "line": line, "code": code,
        "file_index": sorted(submission.files).index(path),
        "here": here, "errors": errors or {}, "typed": typed or {},
        "comments": {"can_comment": can, "csrf": csrf.token_for(request, settings) if can else "",
                     "max_body": threads.MAX_BODY, "reply_to": (typed or {}).get("reply_to"),
                     "origin": "attempt" if back == "attempt" else ""},
    }, status=status, staff=staff)


def _field_errors(exc: ApiError) -> dict[str, str]:
    fields = {e.get("field", "body"): exc.detail for e in (exc.errors or [])}
    return fields or {"body": exc.detail}


@router.get("/ui/submissions/{submission_id}/comment")
def line_page(request: Request, submission_id: str, session: SessionDep, settings: SettingsDep,
              path: Annotated[str, Query(max_length=500)] = "", line: Annotated[str, Query(max_length=10)] = "1",
              back: Annotated[str, Query(max_length=10)] = "") -> Response:
    staff = page_staff(request, session, settings)
    submission, invitation = threads.visible_submission(session, submission_id, staff.scope)
    return _line_page(request, session, settings, staff, submission, invitation, path, _line(line), back=back)


@router.post("/ui/submissions/{submission_id}/comments")
def start_thread(request: Request, submission_id: str, session: SessionDep, settings: SettingsDep,
                 csrf_token: Text = "", path: Text = "", line: Text = "", body: Text = "", back: Text = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    submission, invitation = threads.visible_submission(session, submission_id, staff.scope)
    number = _line(line)
    try:
        row = threads.start(session, staff, submission, invitation, path, number, body, request=request,
                            via="console")
    except Unprocessable as exc:
        if exc.errors and exc.errors[0].get("field") in ("path", "line"):
            raise  # no line to show the form on: the error page says why
        session.rollback()
        return _line_page(request, session, settings, staff, submission, invitation, path, number,
                          errors=_field_errors(exc), typed={"body": body}, status=422, back=back)
    session.commit()
    return _to_thread(row, back)


def _thread(session: Session, staff: Staff, thread_id: str) -> tuple[CommentThread, Invitation, Submission]:
    row, invitation = threads.visible_thread(session, thread_id, staff.scope)
    submission = session.get(Submission, row.submission_id)
    assert submission is not None
    return row, invitation, submission


@router.post("/ui/comments/{thread_id}/replies")
def reply(request: Request, thread_id: str, session: SessionDep, settings: SettingsDep, csrf_token: Text = "",
          body: Text = "", back: Text = "") -> Response:
    staff = _staff(request, session, settings, csrf_token)
    row, invitation, submission = _thread(session, staff, thread_id)
    try:
        threads.reply(session, staff, row, invitation, body, request=request, via="console")
    except Unprocessable as exc:
        session.rollback()
        return _line_page(request, session, settings, staff, submission, invitation, row.path, row.line,
                          errors=_field_errors(exc), typed={"reply_to": row.id, "body": body}, status=422,
                          back=back)
    session.commit()
    return _to_thread(row, back)


def _set_resolved(request: Request, thread_id: str, session: Session, settings: Settings, token: str,
                  resolved: bool, back: str) -> Response:
    staff = _staff(request, session, settings, token)
    row, invitation, _ = _thread(session, staff, thread_id)
    threads.set_resolved(session, staff, row, invitation, resolved, request=request, via="console")
    session.commit()
    return _to_thread(row, back)


@router.post("/ui/comments/{thread_id}/resolve")
def resolve(request: Request, thread_id: str, session: SessionDep, settings: SettingsDep,
            csrf_token: Text = "", back: Text = "") -> Response:
    return _set_resolved(request, thread_id, session, settings, csrf_token, True, back)


@router.post("/ui/comments/{thread_id}/reopen")
def reopen(request: Request, thread_id: str, session: SessionDep, settings: SettingsDep,
           csrf_token: Text = "", back: Text = "") -> Response:
    return _set_resolved(request, thread_id, session, settings, csrf_token, False, back)
