"""The embedded default: a FIFO of submission ids graded by a few threads in the API process.

The database row is the durable queue: a submission is stored as ``queued`` before anything else,
claimed with a conditional update (``queued -> running``), and finished with another
(``running -> graded``), so each gets exactly one final result. At start-up, rows left ``running`` by
a process that died go back to ``queued`` and everything queued is graded, oldest first.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.executor.base import Executor
from api.models import Submission, SubmissionStatus

log = logging.getLogger("assay.executor")


class InProcessExecutor(Executor):
    def __init__(self, engine: Engine, grade: Callable[[str], object], *, concurrency: int = 2) -> None:
        self.engine = engine
        self.grade = grade
        self.concurrency = concurrency
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._active = 0
        self._lock = threading.Lock()
        self.retry_delay_s = 5.0

    def start(self) -> None:
        with Session(self.engine) as session:
            session.exec(update(Submission).where(col(Submission.status) == SubmissionStatus.RUNNING)
                         .values(status=SubmissionStatus.QUEUED))
            session.commit()
            pending = session.exec(
                select(Submission.id).where(col(Submission.status) == SubmissionStatus.QUEUED)
                .order_by(col(Submission.created_at))
            ).all()
        for submission_id in pending:
            self._queue.put(submission_id)
        if pending:
            log.info("resuming %d queued submission(s) from before the restart", len(pending))
        for index in range(self.concurrency):
            thread = threading.Thread(target=self._work, name=f"grader-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, session: Session, submission_id: str) -> None:
        # Enqueue once the row is committed, so a grader never looks for a row that is not there yet.
        def after_commit(_session: Session) -> None:
            self._queue.put(submission_id)

        event.listen(session, "after_commit", after_commit, once=True)

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stopping.set()
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=timeout_s / max(1, len(self._threads)))

    def queue_depth(self) -> int:
        return self._queue.qsize()

    @property
    def active(self) -> int:
        return self._active

    def _work(self) -> None:
        while not self._stopping.is_set():
            submission_id = self._queue.get()
            if submission_id is None:
                return
            with self._lock:
                self._active += 1
            try:
                self.grade(submission_id)
            except Exception:  # released back to 'queued' by the grading service: try again shortly
                log.exception("grading %s failed; retrying in %.0f s", submission_id, self.retry_delay_s)
                if not self._stopping.is_set():
                    timer = threading.Timer(self.retry_delay_s, self._queue.put, [submission_id])
                    timer.daemon = True
                    timer.start()
            finally:
                with self._lock:
                    self._active -= 1
