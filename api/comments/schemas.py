"""The REST shapes of line comments (/v1/submissions/{id}/comments, /v1/comment-threads/{id}/...)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.comments.threads import Thread


class CommentIn(BaseModel):
    """A new thread: its first comment on ``line`` (1-based) of the submission's file ``path``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"path": "main.py", "line": 12, "body": "This loop is quadratic: a dict would make it linear."}]})
    path: str = Field(min_length=1, max_length=500)
    line: int = Field(ge=1, le=1_000_000)
    body: str = Field(description="plain text, at most 4000 characters (line breaks count as one)")


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"body": "Agreed; it times out."}]})
    body: str = Field(description="plain text, at most 4000 characters (line breaks count as one)")


class CommentOut(BaseModel):
    id: str
    body: str
    author: str  # a person's name, or an API key's label
    author_kind: Literal["person", "key"]
    created_at: datetime


class ThreadOut(BaseModel):
    id: str
    submission_id: str
    path: str
    line: int
    created_at: datetime
    resolved: bool
    resolved_at: datetime | None
    resolved_by: str | None
    comments: list[CommentOut]

    @classmethod
    def of(cls, thread: Thread) -> ThreadOut:
        row = thread.row
        return cls(id=row.id, submission_id=row.submission_id, path=row.path, line=row.line, created_at=row.created_at,
                   resolved=row.resolved_at is not None, resolved_at=row.resolved_at,
                   resolved_by=row.resolved_by or None,
                   comments=[CommentOut(id=c.id, body=c.body, author=c.author_name, created_at=c.created_at,
                                        author_kind="person" if c.author_user_id else "key")
                             for c in thread.comments])


class ThreadList(BaseModel):
    items: list[ThreadOut]
