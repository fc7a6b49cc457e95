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

from api.executor import lanes

GRADING_QUEUE = "grading"
RUN_QUEUE = "runs"  # candidates' runs: their own lane (api/executor/lanes.py)
WEBHOOK_QUEUE = "webhooks"
QUEUES = (RUN_QUEUE, GRADING_QUEUE, WEBHOOK_QUEUE)
QUEUE_OF_LANE = {lanes.RUNS: RUN_QUEUE, lanes.GRADINGS: GRADING_QUEUE}
# procrastinate fetches the highest priority first across the queues a worker slot takes: runs before
# webhook deliveries (short) before gradings
RUN_PRIORITY = 20
WEBHOOK_PRIORITY = 10
GRADING_PRIORITY = 0
GRADE_TASK = "assay.grade"
DELIVER_TASK = "assay.deliver_webhooks"
SWEEP_TASK = "assay.webhook_sweep"
WEBHOOK_QUEUEING_LOCK = "assay.webhooks.pending"  # at most one delivery job waiting: deliveries are claimed in bulk

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, :priority, :lock, :queueing_lock,"
    " CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])"
)


_DEPTH = text("SELECT count(*) FROM procrastinate_jobs WHERE queue_name = ANY(:queues) AND status = 'todo'")
# the newest waiting job of a submission, and how many jobs of its queue procrastinate fetches first
_POSITION = text(f"""
WITH mine AS (SELECT id, queue_name, priority FROM procrastinate_jobs
               WHERE task_name = '{GRADE_TASK}' AND status = 'todo' AND args->>'submission_id' = :submission_id
               ORDER BY id DESC LIMIT 1)
SELECT (SELECT count(*) FROM procrastinate_jobs o
         WHERE o.queue_name = mine.queue_name AND o.status = 'todo'
           AND (o.priority > mine.priority OR (o.priority = mine.priority AND o.id < mine.id)))
  FROM mine
""")


def queue_depth(engine: Engine, queues: tuple[str, ...] = (GRADING_QUEUE, RUN_QUEUE)) -> int:
    """Jobs waiting in ``queues`` (the /metrics gauge, on the API and on workers): gradings and runs."""
    with engine.connect() as conn:
        return int(conn.execute(_DEPTH, {"queues": list(queues)}).scalar_one())


def queue_position(session: Session, submission_id: str) -> int:
    """Jobs of its queue fetched before this submission's waiting job; 0 when it has none waiting (a
    worker has just fetched it)."""
    found = session.connection().execute(_POSITION, {"submission_id": submission_id}).scalar()
    return int(found or 0)


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


def defer_grading(session: Session, submission_id: str, kind: str) -> None:
    """A grading job for a stored submission or run: ``kind`` ('run' or 'submission') picks its queue."""
    lane = lanes.lane_of(kind)
    priority = RUN_PRIORITY if lane == lanes.RUNS else GRADING_PRIORITY
    defer(session, GRADE_TASK, QUEUE_OF_LANE[lane], {"submission_id": submission_id}, priority=priority)


def defer_delivery(session: Session) -> bool:
    return defer(session, DELIVER_TASK, WEBHOOK_QUEUE, {}, priority=WEBHOOK_PRIORITY,
                 queueing_lock=WEBHOOK_QUEUEING_LOCK)
