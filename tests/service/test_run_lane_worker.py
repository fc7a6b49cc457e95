"""Runs ahead of the queue in the scale-out executor: `assay worker`'s procrastinate loops on a real
PostgreSQL (no Docker: the grading function is a stand-in). A run overtakes a backlog of gradings,
gradings still progress while runs keep coming, and a waiting job knows its place in its queue."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable, Iterator

import pytest
from sqlmodel import Session
from test_run_lane import Grader

from api import metrics
from api.executor import jobs
from api.executor.worker import GradingWorker
from api.settings import Settings


@pytest.fixture(autouse=True)
def process_globals() -> Iterator[None]:
    """A GradingWorker in this process sets the metrics' queue-depth source (a process global): put it
    back for the tests that follow. (Its outboxes are bound to its own engine: nothing to put back.)"""
    depth_source = metrics.QUEUE_DEPTH.source
    yield
    metrics.QUEUE_DEPTH.source = depth_source


def make_worker(postgres, tmp_path, grader: Grader) -> GradingWorker:
    settings = Settings(data_dir=tmp_path, database_url=postgres.create_database(at_head=True), worker_concurrency=2,
                        run_concurrency=1, worker_heartbeat_seconds=1, worker_maintenance_seconds=1,
                        worker_shutdown_seconds=5, webhook_worker=False)
    worker = GradingWorker(settings)
    worker.check_sandbox = lambda: None  # type: ignore[method-assign]  # no Docker: nothing is sandboxed here

    def grade(submission_id: str, *, takeover: bool = False) -> bool:
        grader(submission_id)
        return True

    worker.grading.grade = grade  # type: ignore[method-assign]  # the stand-in records the order
    return worker


def defer(worker: GradingWorker, kind: str, name: str) -> str:
    with Session(worker.engine) as session:
        jobs.defer_grading(session, name, kind)
        session.commit()
    return name


async def until(predicate: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def serve(worker: GradingWorker, scenario: Callable[[], object]) -> None:
    async def main() -> None:
        running = asyncio.create_task(worker.run())
        try:
            await scenario()  # type: ignore[misc]
        finally:
            worker._on_signal(signal.SIGTERM)  # as an operator stops it: running jobs finish first
            await asyncio.wait_for(running, 30)

    asyncio.run(main())


def test_a_run_overtakes_a_backlog_of_gradings(postgres, tmp_path):
    grader = Grader(hold=True)
    worker = make_worker(postgres, tmp_path, grader)
    backlog: list[str] = []

    async def scenario() -> None:
        for index in range(6):
            backlog.append(await asyncio.to_thread(defer, worker, "submission", f"grading-{index}"))
        await until(lambda: len(grader.started) == 2)  # both grading slots busy, four wait
        with Session(worker.engine) as session:
            assert [jobs.queue_position(session, name) for name in backlog[2:]] == [0, 1, 2, 3]
        run = await asyncio.to_thread(defer, worker, "run", "run-0")
        await until(lambda: run in grader.started)  # at once, though no grading has finished
        assert grader.finished == []
        grader.release.set()
        await until(lambda: len(grader.finished) == 7)

    serve(worker, scenario)
    assert set(grader.started[:2]) == set(backlog[:2]) and grader.started[2] == "run-0"


def test_gradings_progress_while_runs_keep_coming(postgres, tmp_path):
    """100 runs deferred before 4 gradings (runs also have the higher priority): the gradings' own
    slot grades them while runs still wait."""
    grader = Grader(seconds=0.05)
    worker = make_worker(postgres, tmp_path, grader)
    runs = [defer(worker, "run", f"run-{index}") for index in range(100)]
    gradings = [defer(worker, "submission", f"grading-{index}") for index in range(4)]
    waiting_runs: list[int] = []

    async def scenario() -> None:
        await until(lambda: set(gradings) <= set(grader.finished), timeout_s=60)
        waiting_runs.append(jobs.queue_depth(worker.engine, (jobs.RUN_QUEUE,)))
        grader.release.set()

    serve(worker, scenario)
    assert waiting_runs[0] > 0  # runs were still waiting when the last grading was done
    assert any(name in grader.finished for name in runs)  # and were served meanwhile
