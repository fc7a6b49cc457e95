"""The comment tables: a thread on one line of one file of a submission, and its comments (the first
one starts the thread, the others are replies, in order)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from api.models import new_id, utcnow


class CommentThread(SQLModel, table=True):
    __tablename__ = "comment_threads"

    id: str = Field(default_factory=new_id, primary_key=True)
    submission_id: str = Field(foreign_key="submissions.id", index=True)
    invitation_id: str = Field(foreign_key="invitations.id", index=True)  # the candidate (scope, erasure)
    path: str  # a file of the submission
    line: int  # 1-based
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None  # None: open
    resolved_by: str = ""  # the name of who resolved it (a person's name, or a key's label)


class CodeComment(SQLModel, table=True):
    __tablename__ = "code_comments"

    id: str = Field(default_factory=new_id, primary_key=True)
    thread_id: str = Field(foreign_key="comment_threads.id", index=True)
    body: str  # plain text (line endings normalised), shown escaped
    author_user_id: str | None = Field(default=None, foreign_key="users.id")  # a person
    author_key_id: int | None = Field(default=None, foreign_key="api_keys.id")  # or an API key
    author_name: str  # the person's name or the key's label, as it was when they wrote it
    created_at: datetime = Field(default_factory=utcnow, index=True)
