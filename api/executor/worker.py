"""`assay worker`: a process that grades submissions and delivers webhooks from the procrastinate queue.

Runs on any host with a Docker engine and access to the database. What it guarantees:

- one holder per job (procrastinate), and one final result per submission (GradingService's
  conditional updates): a retried job never replaces a result that is already final;
- crash safety: a heartbeat every ``worker_heartbeat_seconds``; every worker looks for jobs held by a
  worker whose heartbeat is older than ``worker_stalled_seconds`` and puts them back in the queue
  (procrastinate's stalled-job mechanism); the new holder takes the submission over; sandbox
  containers of a dead worker on this host go in the start-up sweep (sandbox.labels);
- nothing lost: submissions that are queued or running with no live job (a job that failed all its
  retries during a database outage, say) get a new job from a periodic reconciliation;
- database outages: the worker loop restarts with back-off until PostgreSQL answers again;
- lanes: the process runs one procrastinate worker loop per slot group of api/executor/lanes.py --
  ``run_concurrency`` slots on the ``runs`` queue only; ``concurrency - 1`` slots on runs, webhooks and
  gradings (highest priority first: runs); one slot on webhooks and gradings only -- so a candidate's
  run never waits behind a grading backlog, and gradings always keep a slot;
- graceful stop: the first SIGTERM or SIGINT stops fetching and lets running gradings finish for up
  to ``worker_shutdown_seconds``; after that, or at a second SIGINT/SIGTERM, running jobs are put back
  in the queue at once, the sandboxes removed, and the process exits.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import signal
import socket
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import procrastinate
from procrastinate import RetryStrategy
from procrastinate.worker import Worker
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api import metrics, wiring
from api.db import make_engine
from api.executor import jobs
from api.executor.distributed import defer_webhook_delivery
from api.executor.lanes import GRADINGS, slot_groups
from api.migrate import upgrade
from api.models import SubmissionStatus
from api.sandbox_provider import LazySandbox
from api.services.grading import GradingService
from api.settings import Settings
from api.webhooks import outbox
from api.webhooks import runtime as webhook_runtime
from api.webhooks.worker import DeliveryWorker
from sandbox import common_languages

log = logging.getLogger("assay.worker")

RECONCILE_LOCK = 7355609  # pg advisory lock ids: one reconciliation, one webhook sweep at a time
SWEEP_LOCK = 7355610

_ORPHANS = text(f"""
SELECT s.id, s.kind FROM submissions s
 WHERE s.status IN ('{SubmissionStatus.QUEUED}', '{SubmissionStatus.RUNNING}') AND s.created_at < :before
   AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs j
                    WHERE j.task_name = '{jobs.GRADE_TASK}' AND j.status IN ('todo', 'doing')
                      AND j.args->>'submission_id' = s.id)
 ORDER BY s.created_at LIMIT 500
""")
def _utcnow() -> datetime:
    return datetime.now(UTC)


def worker_loops(concurrency: int, run_slots: int, queues: Sequence[str]) -> list[tuple[str, list[str], int]]:
    """(name, queues, slots) of the procrastinate worker loops of one process: the slot groups of
    lanes.py as queues (webhook deliveries ride with gradings), kept to the ``queues`` this worker takes."""
    loops = []
    for group in slot_groups(concurrency, run_slots):
        names = [jobs.QUEUE_OF_LANE[lane] for lane in group.lanes]
        if GRADINGS in group.lanes:
            names.append(jobs.WEBHOOK_QUEUE)
        names = [name for name in names if name in queues]
        if names:
            loops.append((group.name, names, group.slots))
    return loops


class GradingWorker:
    def __init__(self, settings: Settings, *, concurrency: int | None = None, queues: Iterable[str] | None = None,
                 name: str | None = None) -> None:
        if not jobs.is_postgres(settings.resolved_database_url):
            raise SystemExit("assay worker needs PostgreSQL: set ASSAY_DATABASE_URL=postgresql+psycopg://user:pw@host/"
                             "db (the embedded SQLite mode grades inside `assay serve`)")
        self.settings = settings
        self.concurrency = concurrency or settings.worker_concurrency
        self.queues = list(queues) if queues else list(jobs.QUEUES)
        self.run_slots = settings.run_concurrency
        self.loops = worker_loops(self.concurrency, self.run_slots, self.queues)
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.engine: Engine = make_engine(settings.resolved_database_url, pool_size=settings.database_pool_size,
                                          max_overflow=settings.database_max_overflow)
        upgrade(self.engine)
        # this worker's outboxes, bound to its engine: events written here defer their delivery job
        self.outboxes = wiring.build(self.engine, settings, on_pending=defer_webhook_delivery)
        self.sandbox = LazySandbox()
        self.grading = GradingService(self.engine, self.sandbox)
        self.delivery: DeliveryWorker = webhook_runtime.make_worker(self.engine, settings, self.outboxes.box,
                                                                    self.outboxes.webhooks)
        # grading threads, plus room for webhook jobs and the maintenance queries
        self.slots = sum(slots for _, _, slots in self.loops)
        self.threads = ThreadPoolExecutor(max_workers=self.slots + 2, thread_name_prefix="job")
        self.running: dict[int, str] = {}  # procrastinate job id -> what it is doing (for logs and retries)
        self.app = self._make_app()
        self._workers: dict[str, Worker] = {}  # the running procrastinate worker loop of each slot group
        self._stopping = asyncio.Event()
        self._signals = 0
        self._immediate: asyncio.Task[None] | None = None
        self.graded = 0  # jobs this process finished (benchmarks, tests)

    # ------------------------------------------------------------------ resources

    def check_sandbox(self) -> None:
        """Reach the Docker engine and find every common language's image, or exit with what to do: a
        worker without its images would fail every grading it takes (the others are built on demand)."""
        try:
            box = self.sandbox()
        except Exception as exc:
            raise SystemExit(f"assay worker: cannot use the Docker engine ({exc}); start it, or point DOCKER_HOST "
                             "at one (scripts/setup-host.sh prepares a Debian host)") from exc
        missing = []
        for language in common_languages():
            if not box.image_ready(language):
                missing.append(language.name)
        if missing:
            self.sandbox.close()
            raise SystemExit(f"assay worker: sandbox image(s) missing on this Docker engine for {', '.join(missing)}: "
                             "run `assay images build` on this host first")

    def _make_app(self) -> procrastinate.App:
        connector = procrastinate.PsycopgConnector(
            conninfo=jobs.libpq_conninfo(self.settings.resolved_database_url),
            min_size=1, max_size=self.slots + len(self.loops) + 5,  # one LISTEN connection held per loop
            reconnect_timeout=float(24 * 3600),  # keep trying through a database outage, never give up
        )
        app = procrastinate.App(connector=connector)
        app.task(name=jobs.GRADE_TASK, queue=jobs.GRADING_QUEUE, pass_context=True,
                 retry=RetryStrategy(max_attempts=20, exponential_wait=2))(self._grade)
        app.task(name=jobs.DELIVER_TASK, queue=jobs.WEBHOOK_QUEUE, pass_context=True,
                 retry=RetryStrategy(max_attempts=5, wait=5))(self._deliver)
        return app

    # ------------------------------------------------------------------ tasks

    async def _in_thread(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.threads, functools.partial(fn, *args, **kwargs))

    async def _grade(self, context: procrastinate.JobContext, submission_id: str) -> None:
        job_id = context.job.id
        assert job_id is not None
        self.running[job_id] = submission_id
        began = time.monotonic()
        try:
            # takeover: a job retried after its worker died finds the submission 'running'
            try:
                done = await self._in_thread(self.grading.grade, submission_id, takeover=True)
            finally:
                if self.grading.stopping.is_set():  # stop_now hands this job back: no status write from here
                    await asyncio.Event().wait()
            if done:
                self.graded += 1
                log.info("job %s: graded submission %s in %.2f s", job_id, submission_id, time.monotonic() - began)
            else:
                log.info("job %s: submission %s was already final or taken", job_id, submission_id)
        finally:
            self.running.pop(job_id, None)

    async def _deliver(self, context: procrastinate.JobContext, **_: Any) -> None:
        job_id = context.job.id
        assert job_id is not None
        self.running[job_id] = "webhooks"
        try:
            await self._in_thread(self.delivery.deliver_due)
        finally:
            self.running.pop(job_id, None)

    # ------------------------------------------------------------------ maintenance

    def reconcile(self, older_than_s: float = 60.0) -> int:
        """Give a job to every queued or running submission that has none (one worker at a time)."""
        before = datetime.fromtimestamp(time.time() - older_than_s, UTC)
        from sqlmodel import Session

        with Session(self.engine) as session:
            if not session.connection().exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({RECONCILE_LOCK})").scalar():
                return 0
            ids = [(row[0], row[1]) for row in session.connection().execute(_ORPHANS, {"before": before})]
            for submission_id, kind in ids:
                jobs.defer_grading(session, submission_id, kind)
            session.commit()
        if ids:
            log.warning("reconciliation: %d submission(s) had no grading job; deferred again", len(ids))
        return len(ids)

    def webhook_tick(self, sweep: bool) -> None:
        """Defer a delivery job when deliveries are due (retries after back-off), and run the outbox
        sweep (expiries, deadlines) on one worker at a time."""
        from sqlmodel import Session

        with Session(self.engine) as session:
            if self.delivery.has_due():
                jobs.defer_delivery(session)
            if sweep and session.connection().exec_driver_sql(
                    f"SELECT pg_try_advisory_xact_lock({SWEEP_LOCK})").scalar():
                counts = outbox.sweep(session, outbox=self.outboxes.webhooks)
                if any(counts.values()):
                    log.info("webhook sweep: %s", counts)
            session.commit()

    def queue_depth(self) -> int:
        return jobs.queue_depth(self.engine)

    async def _maintenance(self) -> None:
        settings = self.settings
        last_reconcile = last_sweep = 0.0
        while not self._stopping.is_set():
            try:
                stalled = await self.app.job_manager.get_stalled_jobs(
                    seconds_since_heartbeat=settings.worker_stalled_seconds)
                for job in stalled:
                    try:
                        await self.app.job_manager.retry_job(job)
                        log.warning("job %s (%s) of a stalled worker is back in the queue", job.id, job.call_string)
                    except Exception:  # another worker retried it first
                        log.debug("retrying stalled job %s", job.id, exc_info=True)
                await self.app.job_manager.prune_stalled_workers(settings.worker_stalled_seconds)
                now = time.monotonic()
                if now - last_reconcile >= 30:
                    last_reconcile = now
                    await self._in_thread(self.reconcile)
                sweep = now - last_sweep >= settings.webhook_sweep_seconds
                if sweep:
                    last_sweep = now
                await self._in_thread(self.webhook_tick, sweep)
            except Exception as exc:
                log.warning("maintenance: %s (database unreachable?); trying again", exc)
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=settings.worker_maintenance_seconds)
            except TimeoutError:
                pass

    # ------------------------------------------------------------------ run and stop

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._on_signal, sig)
        metrics.set_queue_depth_source(self.queue_depth)
        await self._in_thread(self.check_sandbox)  # the start-up sweep; refuse to start without images
        async with self.app.open_async():
            maintenance = asyncio.create_task(self._maintenance(), name="maintenance")
            log.info("worker %s ready", self.name)
            await asyncio.gather(*(self._serve(*loop) for loop in self.loops))
            self._stopping.set()
            maintenance.cancel()
            await asyncio.gather(maintenance, return_exceptions=True)
            if self._immediate is not None:  # it ends the process
                await self._immediate
        await self._in_thread(self.sandbox.close)
        self.threads.shutdown(wait=False, cancel_futures=True)
        log.info("worker %s stopped", self.name)

    async def _serve(self, group: str, queues: list[str], slots: int) -> None:
        """Run one slot group's procrastinate worker loop until stopping; start it again after a failure
        (a database outage), with back-off."""
        backoff = 1.0
        while not self._stopping.is_set():
            worker = self._workers[group] = Worker(
                self.app, queues=queues, name=f"{self.name}/{group}", concurrency=slots,
                install_signal_handlers=False, shutdown_graceful_timeout=None, delete_jobs="successful",
                update_heartbeat_interval=self.settings.worker_heartbeat_seconds,
                stalled_worker_timeout=self.settings.worker_stalled_seconds,
                fetch_job_polling_interval=2.0,
            )
            started = time.monotonic()
            try:
                await worker.run()
            except Exception as exc:
                if self._stopping.is_set():
                    break
                if time.monotonic() - started > 60:
                    backoff = 1.0
                log.warning("worker loop %s stopped (%s: %s); starting again in %.0f s", group, type(exc).__name__,
                            exc, backoff)
                try:
                    await asyncio.wait_for(self._stopping.wait(), timeout=backoff)
                except TimeoutError:
                    pass
                backoff = min(backoff * 2, 15.0)

    def _stop_loops(self) -> None:
        for worker in self._workers.values():
            worker.stop()

    def _on_signal(self, sig: signal.Signals) -> None:
        self._signals += 1
        if self._signals == 1:
            log.info("%s: finishing %d running job(s) (up to %.0f s); again to stop at once", sig.name,
                     len(self.running), self.settings.worker_shutdown_seconds)
            self._stopping.set()
            self._stop_loops()
            asyncio.get_running_loop().create_task(self._deadline())
        elif self._immediate is None:
            log.warning("%s again: stopping now; running jobs go back to the queue", sig.name)
            self._immediate = asyncio.get_running_loop().create_task(self.stop_now(130))

    async def _deadline(self) -> None:
        await asyncio.sleep(self.settings.worker_shutdown_seconds)
        if self.running and self._immediate is None:
            log.warning("%d job(s) still running after %.0f s: back to the queue", len(self.running),
                        self.settings.worker_shutdown_seconds)
            self._immediate = asyncio.get_running_loop().create_task(self.stop_now(1))

    async def stop_now(self, code: int) -> None:
        """Put this process's running jobs back in the queue, remove its sandboxes, exit."""
        held = list(self.running)
        self.grading.stopping.set()
        self._stop_loops()  # no new jobs, and no more status writes from this process
        for job_id in held:
            try:
                await asyncio.wait_for(self.app.job_manager.retry_job_by_id_async(job_id, retry_at=_utcnow()), 5)
            except Exception as exc:  # the stalled-job sweep of another worker will do it
                log.warning("could not requeue job %s: %s", job_id, exc)
        try:
            await asyncio.wait_for(asyncio.to_thread(self.sandbox.close, running_too=True), 20)
        except Exception:
            log.exception("removing sandboxes")
        logging.shutdown()
        os._exit(code)


def run_worker(settings: Settings, *, concurrency: int | None = None, queues: Iterable[str] | None = None,
               metrics_port: int | None = None) -> None:
    worker = GradingWorker(settings, concurrency=concurrency, queues=queues)
    port = settings.worker_metrics_port if metrics_port is None else metrics_port
    if port:
        metrics.start_metrics_server(port)
    loops = "; ".join(f"{name} x{slots}: {','.join(queues)}" for name, queues, slots in worker.loops)
    log.info("worker %s: concurrency %d + %d for runs (%s)%s", worker.name, worker.concurrency, worker.run_slots,
             loops, f", metrics on :{port}/metrics" if port else "")
    asyncio.run(worker.run())
