""""Verify" in the console: run a problem version's reference submissions in the sandbox as a background
job (Kattis' verifyproblem, the same checks as ``assay problems verify``), writing progress and each
submission's verdict to its :class:`VerifyRun` row as it goes. The author may leave the page: the run goes
on, and its page (or the problem's) shows where it is whenever they come back.

The job runs in a thread of the API process (one at a time: the sandbox's CPU is shared with grading). A
run whose process went away (a restart) stops being updated; after ``STALE`` it is shown as interrupted
and may be started again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.errors import NotFound
from api.models import ProblemVersion, utcnow
from api.services import problems as problem_service
from api.services.authoring_models import FINISHED, VerifyRun, VerifyStatus
from graders.input_validation import input_validation
from graders.reference_judge import reference_judge
from problemformat.package import Package
from problemformat.verify import (
    ProblemReport,
    Status,
    check_submission,
    input_checks_total,
    tests_per_submission,
    verify_inputs,
)
from sandbox import Sandbox

log = logging.getLogger("assay.authoring")
# a run not updated for this long is no longer running anywhere (a running one writes at least at every
# test; a queued one waits for the runs before it in its process)
STALE = {VerifyStatus.RUNNING: timedelta(minutes=5), VerifyStatus.QUEUED: timedelta(minutes=60)}
HEARTBEAT_S = 1.0  # progress is written at most this often (and at every finished submission)
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify")

SandboxProvider = Callable[[], Sandbox]


def start(session: Session, version: ProblemVersion, started_by: str) -> VerifyRun:
    """A new run of ``version`` (queued; the caller commits, then calls :func:`launch`)."""
    assert version.id is not None
    run = VerifyRun(problem_version_id=version.id, slug=version.slug, version=version.version,
                    started_by=started_by)
    session.add(run)
    session.flush()
    return run


def launch(engine: Engine, sandbox: SandboxProvider, run_id: str) -> None:
    """Run it in the background (after the row is committed)."""
    _POOL.submit(_run_safely, engine, sandbox, run_id)


def get(session: Session, run_id: str) -> VerifyRun:
    run = session.get(VerifyRun, run_id)
    if run is None:
        raise NotFound(f"verify run {run_id!r} does not exist")
    return run


def interrupted(run: VerifyRun) -> bool:
    """Whether a run that never finished stopped being updated (its process went away)."""
    updated = run.updated_at if run.updated_at.tzinfo else run.updated_at.replace(tzinfo=utcnow().tzinfo)
    return run.status not in FINISHED and utcnow() - updated > STALE.get(VerifyStatus(run.status), timedelta(0))


def latest_by_version(session: Session, slug: str) -> dict[int, VerifyRun]:
    """The newest run of each version of the problem."""
    runs = session.exec(select(VerifyRun).where(col(VerifyRun.slug) == slug)
                        .order_by(col(VerifyRun.created_at))).all()
    return {run.version: run for run in runs}


def _run_safely(engine: Engine, sandbox: SandboxProvider, run_id: str) -> None:
    try:
        run_now(engine, sandbox, run_id)
    except Exception as exc:  # the job must end in a state the page can show, never as a silent thread death
        log.exception("verify run %s failed", run_id)
        _update(engine, run_id, status=VerifyStatus.ERROR, error=f"{type(exc).__name__}: {exc}",
                finished_at=utcnow())


def _update(engine: Engine, run_id: str, **values: Any) -> None:
    with Session(engine) as session:
        run = session.get(VerifyRun, run_id)
        if run is None:
            return
        for name, value in values.items():
            setattr(run, name, value)
        run.updated_at = utcnow()
        session.add(run)
        session.commit()


class _Progress:
    """Counts what is done and writes it to the row, at most every HEARTBEAT_S."""

    def __init__(self, engine: Engine, run_id: str) -> None:
        self.engine, self.run_id = engine, run_id
        self.base = 0  # done by the steps that finished
        self.step = 0  # done in the step under way
        self.current = ""
        self.lock = threading.Lock()
        self.written = 0.0

    def advance(self, done: int) -> None:
        with self.lock:
            self.step = done
            if time.monotonic() - self.written < HEARTBEAT_S:
                return
            self.written = time.monotonic()
        _update(self.engine, self.run_id, done=self.base + self.step, current=self.current)

    def finish_step(self, size: int) -> None:
        with self.lock:
            self.base += size
            self.step = 0


def run_now(engine: Engine, sandbox: SandboxProvider, run_id: str) -> None:
    """The job: load the package, check its test inputs, then grade each reference submission."""
    with Session(engine) as session:
        run = get(session, run_id)
        version = session.get(ProblemVersion, run.problem_version_id)
        assert version is not None
        package = problem_service.package_of(version)
    per_submission = tests_per_submission(package)
    total = input_checks_total(package) + per_submission * len(package.submissions)
    report = ProblemReport(path=f"{package.slug} version {run.version}", slug=package.slug,
                           validators=[v.path for v in package.input_validators])
    _update(engine, run_id, status=VerifyStatus.RUNNING, total=total, report=report.model_dump(mode="json"))
    box = sandbox()
    progress = _Progress(engine, run_id)
    _check_inputs(package, box, report, progress)
    for ref in package.submissions:
        progress.current = ref.path
        check = check_submission(package, ref, box, reference_judge(box),
                                 lambda done, _total: progress.advance(done))
        progress.finish_step(per_submission)
        report.submissions.append(check)
        _update(engine, run_id, done=progress.base, current=ref.path, report=report.model_dump(mode="json"))
    _update(engine, run_id, status=VerifyStatus.PASSED if report.ok else VerifyStatus.FAILED, done=total,
            current="", report=report.model_dump(mode="json"), finished_at=utcnow())


def _check_inputs(package: Package, box: Sandbox, report: ProblemReport, progress: _Progress) -> None:
    if not package.input_validators:
        return
    size = input_checks_total(package)
    progress.current = "input validators"
    report.inputs_checked, report.input_failures = verify_inputs(
        package, input_validation(box), progress=lambda done, _total: progress.advance(done))
    progress.finish_step(size)


def counts(report: dict[str, Any]) -> dict[str, int]:
    """OK / FAIL / SKIP submissions of a stored report."""
    result = {status.value: 0 for status in Status}
    for check in report.get("submissions", []):
        result[check.get("status", "FAIL")] = result.get(check.get("status", "FAIL"), 0) + 1
    return result
