"""What staff do with line comments: start a thread on a line, reply, resolve, reopen, and read the
threads of submissions. Every change is checked (``api.permissions``: Action.COMMENT, which recruiters,
reviewers and hiring managers of the candidate's team have, and reviewer and admin keys) and audited in
the caller's transaction. A submission or thread of a team outside the caller's scope is answered as
missing (404). Comments are plain text: line endings normalised as the browser counts them, at most
``MAX_BODY`` characters, escaped wherever shown. Erasing a candidate's data deletes their threads
(``erase_candidate``, bound by api.wiring)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from fastapi import Request
from sqlalchemy import delete
from sqlmodel import Session, col, select

from api import audit
from api.auth import Staff
from api.comments.models import CodeComment, CommentThread
from api.errors import Conflict, NotFound, Unprocessable
from api.models import Assessment, Invitation, Submission, utcnow
from api.people.models import User
from api.people.teams import Action
from api.permissions import allowed, require
from api.scope import Scope
from api.services import invitations as invitation_service

MAX_BODY = 4000  # characters, after CRLF -> LF (what a textarea's maxlength counts)
MAX_COMMENTS_PER_THREAD = 200
MAX_THREADS_PER_SUBMISSION = 1000


@dataclass
class Thread:
    """A thread and its comments, oldest first."""

    row: CommentThread
    comments: list[CodeComment] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.row.id

    @property
    def resolved(self) -> bool:
        return self.row.resolved_at is not None


def normalise_body(text: str) -> str:
    """The comment as stored: line endings as LF (the browser counts a line break as one character),
    outer blank space trimmed; refused when empty or longer than MAX_BODY."""
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise Unprocessable("write a comment first: it is empty", errors=[{"field": "body", "message": "empty"}])
    if len(body) > MAX_BODY:
        raise Unprocessable(f"a comment may have at most {MAX_BODY} characters; this one has {len(body)}",
                            errors=[{"field": "body", "message": f"longer than {MAX_BODY} characters"}])
    return body


def team_of(session: Session, invitation: Invitation) -> str | None:
    assessment = session.get(Assessment, invitation.assessment_id)
    return assessment.team_id if assessment is not None else None


def visible_submission(session: Session, submission_id: str, scope: Scope) -> tuple[Submission, Invitation]:
    """The submission and its invitation, if in ``scope``; else 404 as for an id that exists nowhere."""
    submission = session.get(Submission, submission_id)
    try:
        if submission is None:
            raise NotFound("")
        invitation = invitation_service.get(session, submission.invitation_id, scope)
    except NotFound:
        raise NotFound(f"submission {submission_id!r} does not exist") from None
    return submission, invitation


def visible_thread(session: Session, thread_id: str, scope: Scope) -> tuple[CommentThread, Invitation]:
    row = session.get(CommentThread, thread_id)
    try:
        if row is None:
            raise NotFound("")
        invitation = invitation_service.get(session, row.invitation_id, scope)
    except NotFound:
        raise NotFound(f"comment thread {thread_id!r} does not exist") from None
    return row, invitation


def may_comment(session: Session, staff: Staff, invitation: Invitation) -> bool:
    return allowed(session, staff, team_of(session, invitation), Action.COMMENT)


def _author(session: Session, staff: Staff) -> tuple[str | None, int | None, str]:
    """(user id, key id, name shown): a person by their name, a key by its label."""
    if staff.user_id is not None:
        user = session.get(User, staff.user_id)
        return staff.user_id, None, user.name if user is not None else staff.name
    return None, staff.key_id, staff.name or f"API key {staff.key_id}"


def _audit(session: Session, staff: Staff, action: str, thread: CommentThread, invitation: Invitation,
           request: Request | None, via: str, **detail: object) -> None:
    team_id = team_of(session, invitation)  # before the record is added: audit_log rows are never updated
    event = audit.record(session, staff, action, "comment_thread", thread.id, request=request,
                         submission_id=thread.submission_id, invitation_id=thread.invitation_id, line=thread.line,
                         via=via, **detail)
    event.team_id = team_id


def _add(session: Session, staff: Staff, thread: CommentThread, body: str) -> CodeComment:
    user_id, key_id, name = _author(session, staff)
    comment = CodeComment(thread_id=thread.id, body=body, author_user_id=user_id, author_key_id=key_id,
                          author_name=name)
    session.add(comment)
    session.flush()
    return comment


def start(session: Session, staff: Staff, submission: Submission, invitation: Invitation, path: str, line: int,
          body: str, *, request: Request | None = None, via: str = "api") -> CommentThread:
    """A new thread on ``line`` of file ``path`` of ``submission``, with its first comment."""
    require(session, staff, team_of(session, invitation), Action.COMMENT)
    if not submission.files:
        raise Conflict("this submission's code was erased: there is no line to comment on")
    if path not in submission.files:
        raise Unprocessable(f"the submission has no file {path!r}; its files: {', '.join(sorted(submission.files))}",
                            errors=[{"field": "path", "message": "no such file"}])
    count = len(submission.files[path].replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n"))
    if not 1 <= line <= count:
        raise Unprocessable(f"{path} has lines 1 to {count}; there is no line {line}",
                            errors=[{"field": "line", "message": f"not between 1 and {count}"}])
    text = normalise_body(body)
    existing = session.exec(select(CommentThread.id).where(col(CommentThread.submission_id) == submission.id)).all()
    if len(existing) >= MAX_THREADS_PER_SUBMISSION:
        raise Conflict(f"this submission has {MAX_THREADS_PER_SUBMISSION} threads already: reply in one of them")
    thread = CommentThread(submission_id=submission.id, invitation_id=invitation.id, path=path, line=line)
    session.add(thread)
    session.flush()
    comment = _add(session, staff, thread, text)
    _audit(session, staff, "comment.created", thread, invitation, request, via, comment_id=comment.id)
    return thread


def reply(session: Session, staff: Staff, thread: CommentThread, invitation: Invitation, body: str, *,
          request: Request | None = None, via: str = "api") -> CodeComment:
    require(session, staff, team_of(session, invitation), Action.COMMENT)
    text = normalise_body(body)
    count = len(session.exec(select(CodeComment.id).where(col(CodeComment.thread_id) == thread.id)).all())
    if count >= MAX_COMMENTS_PER_THREAD:
        raise Conflict(f"this thread has {MAX_COMMENTS_PER_THREAD} comments already: start a new one")
    comment = _add(session, staff, thread, text)
    if thread.resolved_at is not None:  # a reply opens the conversation again
        thread.resolved_at, thread.resolved_by = None, ""
        session.add(thread)
    _audit(session, staff, "comment.replied", thread, invitation, request, via, comment_id=comment.id)
    return comment


def set_resolved(session: Session, staff: Staff, thread: CommentThread, invitation: Invitation, resolved: bool, *,
                 request: Request | None = None, via: str = "api") -> CommentThread:
    """Resolve or reopen ``thread`` (doing it again changes nothing and records nothing)."""
    require(session, staff, team_of(session, invitation), Action.COMMENT)
    if resolved == (thread.resolved_at is not None):
        return thread
    if resolved:
        thread.resolved_at, thread.resolved_by = utcnow(), _author(session, staff)[2]
    else:
        thread.resolved_at, thread.resolved_by = None, ""
    session.add(thread)
    session.flush()
    _audit(session, staff, "comment.resolved" if resolved else "comment.reopened", thread, invitation, request, via)
    return thread


def threads_of(session: Session, submission_ids: list[str]) -> dict[str, list[Thread]]:
    """submission id -> its threads (by file, line, then age), each with its comments oldest first."""
    if not submission_ids:
        return {}
    rows = session.exec(select(CommentThread).where(col(CommentThread.submission_id).in_(submission_ids))
                        .order_by(col(CommentThread.path), col(CommentThread.line),
                                  col(CommentThread.created_at), col(CommentThread.id))).all()
    threads = {row.id: Thread(row) for row in rows}
    if threads:
        comments = session.exec(select(CodeComment).where(col(CodeComment.thread_id).in_(list(threads)))
                                .order_by(col(CodeComment.created_at), col(CodeComment.id))).all()
        for comment in comments:
            threads[comment.thread_id].comments.append(comment)
    out: dict[str, list[Thread]] = defaultdict(list)
    for thread in threads.values():
        out[thread.row.submission_id].append(thread)
    return dict(out)


def one(session: Session, row: CommentThread) -> Thread:
    """``row`` with its comments, oldest first."""
    comments = session.exec(select(CodeComment).where(col(CodeComment.thread_id) == row.id)
                            .order_by(col(CodeComment.created_at), col(CodeComment.id))).all()
    return Thread(row, list(comments))


def erase_candidate(session: Session, invitation_id: str) -> None:
    """Retention's eraser: the comments on an erased candidate's code go with the code."""
    ids = list(session.exec(select(CommentThread.id).where(col(CommentThread.invitation_id) == invitation_id)).all())
    if ids:
        session.execute(delete(CodeComment).where(col(CodeComment.thread_id).in_(ids)))
        session.execute(delete(CommentThread).where(col(CommentThread.id).in_(ids)))
