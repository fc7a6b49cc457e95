"""Line comments on a candidate's code over REST (reviewer and admin keys; api.comments.threads)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from api.auth import Reviewer
from api.comments import threads
from api.comments.schemas import CommentIn, ReplyIn, ThreadList, ThreadOut
from api.deps import SessionDep

router = APIRouter(tags=["comments"])


@router.get("/v1/submissions/{submission_id}/comments", response_model=ThreadList,
            summary="the comment threads on a submission's code, by file and line (reviewer)")
def list_threads(submission_id: str, session: SessionDep, staff: Reviewer) -> ThreadList:
    submission, _ = threads.visible_submission(session, submission_id, staff.scope)
    return ThreadList(items=[ThreadOut.of(t) for t in threads.threads_of(session, [submission.id]).get(
        submission.id, [])])


@router.post("/v1/submissions/{submission_id}/comments", status_code=status.HTTP_201_CREATED,
             response_model=ThreadOut, summary="comment on a line of a submission's file: a new thread (reviewer)")
def start_thread(submission_id: str, body: CommentIn, request: Request, session: SessionDep,
                 staff: Reviewer) -> ThreadOut:
    submission, invitation = threads.visible_submission(session, submission_id, staff.scope)
    row = threads.start(session, staff, submission, invitation, body.path, body.line, body.body, request=request)
    session.commit()
    return ThreadOut.of(threads.one(session, row))


@router.post("/v1/comment-threads/{thread_id}/replies", status_code=status.HTTP_201_CREATED,
             response_model=ThreadOut, summary="reply in a thread; a resolved one opens again (reviewer)")
def reply(thread_id: str, body: ReplyIn, request: Request, session: SessionDep, staff: Reviewer) -> ThreadOut:
    row, invitation = threads.visible_thread(session, thread_id, staff.scope)
    threads.reply(session, staff, row, invitation, body.body, request=request)
    session.commit()
    return ThreadOut.of(threads.one(session, row))


@router.post("/v1/comment-threads/{thread_id}/resolve", response_model=ThreadOut,
             summary="mark a thread resolved (reviewer)")
def resolve(thread_id: str, request: Request, session: SessionDep, staff: Reviewer) -> ThreadOut:
    row, invitation = threads.visible_thread(session, thread_id, staff.scope)
    threads.set_resolved(session, staff, row, invitation, True, request=request)
    session.commit()
    return ThreadOut.of(threads.one(session, row))


@router.post("/v1/comment-threads/{thread_id}/reopen", response_model=ThreadOut,
             summary="open a resolved thread again (reviewer)")
def reopen(thread_id: str, request: Request, session: SessionDep, staff: Reviewer) -> ThreadOut:
    row, invitation = threads.visible_thread(session, thread_id, staff.scope)
    threads.set_resolved(session, staff, row, invitation, False, request=request)
    session.commit()
    return ThreadOut.of(threads.one(session, row))
