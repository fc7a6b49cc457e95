"""The job queue's names and the one SQL call that defers a job inside the caller's transaction.

The distributed executor runs on procrastinate (PostgreSQL). The API defers through procrastinate's
own SQL function on the SQLAlchemy connection that stores the submission, so the job exists exactly
when the submission does: a crash before commit loses both, never one of them.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

GRADING_QUEUE = "grading"
WEBHOOK_QUEUE = "webhooks"
GRADE_TASK = "assay.grade"
DELIVER_TASK = "assay.deliver_webhooks"
SWEEP_TASK = "assay.webhook_sweep"
WEBHOOK_QUEUEING_LOCK = "assay.webhooks.pending"  # at most one delivery job waiting: deliveries are claimed in bulk

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, :priority, :lock, :queueing_lock,"
    " CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])"
)


_DEPTH = text("SELECT count(*) FROM procrastinate_jobs WHERE queue_name = :queue AND status = 'todo'")


def queue_depth(engine: Engine, queue: str = GRADING_QUEUE) -> int:
    """Jobs waiting in ``queue`` (the /metrics gauge, on the API and on workers)."""
    with engine.connect() as conn:
        return int(conn.execute(_DEPTH, {"queue": queue}).scalar_one())


def is_postgres(url: str | URL) -> bool:
    return make_url(str(url) if isinstance(url, URL) else url).get_backend_name() == "postgresql"


def libpq_conninfo(url: str | URL) -> str:
    """A SQLAlchemy PostgreSQL URL (``postgresql+psycopg://...``) as a libpq URI for procrastinate."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def defer(session: Session, task: str, queue: str, args: dict[str, Any], *, priority: int = 0,
          lock: str | None = None, queueing_lock: str | None = None) -> bool:
    """Insert a job in the session's transaction; False when ``queueing_lock`` already has one waiting."""
    params = {"queue": queue, "task": task, "priority": priority, "lock": lock, "queueing_lock": queueing_lock,
              "args": json.dumps(args)}
    if queueing_lock is None:
        session.connection().execute(_DEFER, params)
        return True
    try:
        with session.begin_nested():  # a savepoint: a duplicate must not abort the caller's transaction
            session.connection().execute(_DEFER, params)
        return True
    except IntegrityError:
        return False


def defer_grading(session: Session, submission_id: str, *, priority: int = 0) -> None:
    defer(session, GRADE_TASK, GRADING_QUEUE, {"submission_id": submission_id}, priority=priority)


def defer_delivery(session: Session) -> bool:
    return defer(session, DELIVER_TASK, WEBHOOK_QUEUE, {}, priority=10, queueing_lock=WEBHOOK_QUEUEING_LOCK)
