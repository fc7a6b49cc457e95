"""The embedded default: two lanes of submission ids (runs, gradings) served by a few threads in the
API process, as api/executor/lanes.py lays out: runs never wait behind a grading backlog, and gradings
keep a slot of their own.

The database row is the durable queue: a submission is stored as ``queued`` before anything else,
claimed with a conditional update (``queued -> running``), and finished with another
(``running -> graded``), so each gets exactly one final result. At start-up, rows left ``running`` by
a process that died go back to ``queued`` and everything queued is graded, oldest first in each lane.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable

from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.executor.base import Executor
from api.executor.lanes import GRADINGS, RUNS, lane_of, slot_groups
from api.models import Submission, SubmissionStatus

log = logging.getLogger("assay.executor")


class InProcessExecutor(Executor):
    def __init__(self, engine: Engine, grade: Callable[[str], object], *, concurrency: int = 2,
                 run_concurrency: int = 1) -> None:
        self.engine = engine
        self.grade = grade
        self.concurrency = concurrency
        self.run_concurrency = run_concurrency
        self._lanes: dict[str, deque[str]] = {RUNS: deque(), GRADINGS: deque()}
        self._ready = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._active = 0
        self.retry_delay_s = 5.0

    def start(self) -> None:
        with Session(self.engine) as session:
            session.exec(update(Submission).where(col(Submission.status) == SubmissionStatus.RUNNING)
                         .values(status=SubmissionStatus.QUEUED))
            session.commit()
            pending = session.exec(
                select(Submission.id, Submission.kind).where(col(Submission.status) == SubmissionStatus.QUEUED)
                .order_by(col(Submission.created_at))
            ).all()
        for submission_id, kind in pending:
            self._put(lane_of(kind), submission_id)
        if pending:
            log.info("resuming %d queued submission(s) from before the restart", len(pending))
        for group in slot_groups(self.concurrency, self.run_concurrency):
            for index in range(group.slots):
                thread = threading.Thread(target=self._work, args=(group.lanes,), name=f"{group.name}-{index}",
                                          daemon=True)
                thread.start()
                self._threads.append(thread)

    def submit(self, session: Session, submission_id: str) -> None:
        row = session.get(Submission, submission_id)  # just flushed by the caller: no query
        lane = lane_of(row.kind if row is not None else "submission")

        # Enqueue once the row is committed, so a grader never looks for a row that is not there yet.
        def after_commit(_session: Session) -> None:
            self._put(lane, submission_id)

        event.listen(session, "after_commit", after_commit, once=True)

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stopping.set()
        with self._ready:
            self._ready.notify_all()
        for thread in self._threads:
            thread.join(timeout=timeout_s / max(1, len(self._threads)))

    def queue_depth(self) -> int:
        with self._ready:
            return sum(len(lane) for lane in self._lanes.values())

    def queue_position(self, session: Session, submission: Submission) -> int | None:
        if submission.status != SubmissionStatus.QUEUED:
            return None
        with self._ready:
            lane = self._lanes[lane_of(submission.kind)]
            try:
                return lane.index(submission.id)
            except ValueError:  # not enqueued yet (commit under way) or waiting for a retry: last in line
                return len(lane)

    @property
    def active(self) -> int:
        return self._active

    def _put(self, lane: str, submission_id: str) -> None:
        with self._ready:
            self._lanes[lane].append(submission_id)
            self._ready.notify_all()

    def _take(self, lanes: tuple[str, ...]) -> tuple[str, str] | None:
        """The first waiting id of ``lanes`` in their order, and its lane; None once stopping."""
        with self._ready:
            while not self._stopping.is_set():
                for lane in lanes:
                    if self._lanes[lane]:
                        self._active += 1
                        return lane, self._lanes[lane].popleft()
                self._ready.wait()
            return None

    def _work(self, lanes: tuple[str, ...]) -> None:
        while (taken := self._take(lanes)) is not None:
            lane, submission_id = taken
            try:
                self.grade(submission_id)
            except Exception:  # released back to 'queued' by the grading service: try again shortly
                log.exception("grading %s failed; retrying in %.0f s", submission_id, self.retry_delay_s)
                if not self._stopping.is_set():
                    timer = threading.Timer(self.retry_delay_s, self._put, [lane, submission_id])
                    timer.daemon = True
                    timer.start()
            finally:
                with self._ready:
                    self._active -= 1
