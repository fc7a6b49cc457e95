"""The scale-out executor's API side: gradings become procrastinate jobs for ``assay worker`` processes.

``submit`` defers the job in the very transaction that stores the submission (see jobs.py): a run in
the ``runs`` queue, a grading in the ``grading`` queue; workers serve them as api/executor/lanes.py
lays out. Webhook
deliveries become jobs the same way: each event's transaction defers one delivery job (at most one
waits at a time; a delivery job sends everything that is due). Workers are in api/executor/worker.py.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.executor import jobs
from api.executor.base import Executor
from api.models import Submission, SubmissionStatus

log = logging.getLogger("assay.executor")

class ProcrastinateExecutor(Executor):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def start(self) -> None:  # the app's webhook outbox defers delivery jobs (create_app wires it)
        log.info("grading is deferred to `assay worker` processes (procrastinate on PostgreSQL)")

    def submit(self, session: Session, submission_id: str) -> None:
        row = session.get(Submission, submission_id)  # just flushed by the caller: no query
        jobs.defer_grading(session, submission_id, row.kind if row is not None else "submission")

    def stop(self, timeout_s: float = 30.0) -> None:
        pass

    def queue_depth(self) -> int:
        return jobs.queue_depth(self.engine)

    def queue_position(self, session: Session, submission: Submission) -> int | None:
        if submission.status != SubmissionStatus.QUEUED:
            return None
        return jobs.queue_position(session, submission.id)


def defer_webhook_delivery(session: Session) -> None:
    """Called by the outbox inside the transaction that stores an event; a delivery job already waiting
    (its queueing lock) makes this a no-op, as that job will send this event's deliveries too."""
    jobs.defer_delivery(session)
