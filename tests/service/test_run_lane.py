"""Runs ahead of the queue (api/executor/lanes.py), in the in-process executor: a run overtakes a
backlog of gradings, gradings still progress while runs keep coming, and every queued item knows its
place in its lane. No Docker: the grading function is a stand-in that records what started when."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from api.executor.inprocess import InProcessExecutor
from api.executor.lanes import GRADINGS, RUNS, SlotGroup, slot_groups
from api.executor.worker import worker_loops
from api.models import Submission, SubmissionStatus


class Grader:
    """Records the order in which items start; each takes ``seconds``, or until released."""

    def __init__(self, seconds: float = 0.0, hold: bool = False) -> None:
        self.seconds = seconds
        self.started: list[str] = []
        self.finished: list[str] = []
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.lock = threading.Lock()

    def __call__(self, submission_id: str) -> None:
        with self.lock:
            self.started.append(submission_id)
        self.release.wait(10)
        time.sleep(self.seconds)
        with self.lock:
            self.finished.append(submission_id)


@pytest.fixture
def engine() -> Iterator:
    # foreign keys are not enforced here (no PRAGMA): rows need no invitation or problem
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


def store(executor: InProcessExecutor, engine, kind: str, status: str = SubmissionStatus.QUEUED) -> str:
    with Session(engine) as session:
        row = Submission(kind=kind, invitation_id="inv", problem_version_id=1, language="python3", files={},
                         status=status)
        session.add(row)
        session.flush()
        executor.submit(session, row.id)
        session.commit()
        return row.id


def wait_until(predicate, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_slot_groups_keep_a_lane_for_runs_and_a_slot_for_gradings():
    assert slot_groups(2, 1) == [SlotGroup("run", (RUNS,), 1), SlotGroup("shared", (RUNS, GRADINGS), 1),
                                 SlotGroup("grading", (GRADINGS,), 1)]
    assert slot_groups(1, 2) == [SlotGroup("run", (RUNS,), 2), SlotGroup("grading", (GRADINGS,), 1)]
    assert sum(group.slots for group in slot_groups(4, 1)) == 5
    with pytest.raises(ValueError):
        slot_groups(2, 0)


def test_worker_loops_map_the_groups_onto_queues():
    everything = ["runs", "grading", "webhooks"]
    assert worker_loops(2, 1, everything) == [("run", ["runs"], 1), ("shared", ["runs", "grading", "webhooks"], 1),
                                              ("grading", ["grading", "webhooks"], 1)]
    # a worker dedicated to some queues keeps only the loops that take them
    assert worker_loops(2, 1, ["grading"]) == [("shared", ["grading"], 1), ("grading", ["grading"], 1)]
    assert worker_loops(3, 1, ["runs"]) == [("run", ["runs"], 1), ("shared", ["runs"], 2)]


@pytest.mark.parametrize("concurrency", [1, 2])
def test_a_run_overtakes_a_backlog_of_gradings(engine, concurrency):
    grader = Grader(hold=True)
    executor = InProcessExecutor(engine, grader, concurrency=concurrency, run_concurrency=1)
    executor.start()
    try:
        backlog = [store(executor, engine, "submission") for _ in range(8)]
        wait_until(lambda: len(grader.started) == concurrency)  # every grading slot busy, the rest wait
        run = store(executor, engine, "run")
        wait_until(lambda: run in grader.started)  # at once, though no grading has finished
        assert grader.finished == []
        assert set(grader.started[:concurrency]) == set(backlog[:concurrency]) and grader.started[-1] == run
    finally:
        grader.release.set()
        executor.stop()


def test_gradings_progress_while_runs_keep_coming(engine):
    """300 runs queued before 5 gradings: a FIFO would grade nothing until every run is done; the
    gradings' own slot grades them while runs still wait."""
    grader = Grader(seconds=0.02)
    executor = InProcessExecutor(engine, grader, concurrency=2, run_concurrency=1)
    runs = [store(executor, engine, "run") for _ in range(300)]
    gradings = [store(executor, engine, "submission") for _ in range(5)]
    executor.start()
    try:
        wait_until(lambda: set(gradings) <= set(grader.finished), timeout_s=60)
        with grader.lock:
            runs_done = len([r for r in grader.finished if r in set(runs)])
        # runs were still waiting when the last grading was done (how many runs were served meanwhile
        # depends on how the threads were scheduled on a busy machine, so it is not asserted)
        assert runs_done < len(runs) and executor.queue_depth() > 0
    finally:
        executor.stop()


def test_queue_position_counts_the_items_ahead_in_the_same_lane(engine):
    grader = Grader()
    executor = InProcessExecutor(engine, grader, concurrency=2)  # not started: everything waits
    gradings = [store(executor, engine, "submission") for _ in range(3)]
    runs = [store(executor, engine, "run") for _ in range(2)]
    running = store(executor, engine, "submission", status=SubmissionStatus.RUNNING)
    with Session(engine) as session:
        def position(submission_id: str) -> int | None:
            row = session.get(Submission, submission_id)
            assert row is not None
            return executor.queue_position(session, row)

        assert [position(s) for s in gradings] == [0, 1, 2]
        assert [position(r) for r in runs] == [0, 1]  # the gradings before them do not count
        assert position(running) is None
    assert executor.queue_depth() == 6
