"""Grading one stored submission or run: claim it, grade it in the sandbox, store one final result."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from api import metrics
from api.grade_record import StoredResult
from api.models import FINAL_STATUSES, PENDING_STATUSES, ProblemVersion, Submission, SubmissionStatus, utcnow
from api.services import group_results
from api.services import problems as problem_service
from api.webhooks import outbox as webhooks
from graders.base import Submission as GraderSubmission
from graders.judge import grade_submission, run_custom
from graders.quiz import grade_quiz, is_quiz, keep_text_scores
from graders.results import TestCaseResult
from graders.verdicts import Verdict
from problemformat.package import Package
from sandbox import EngineUnavailable, Sandbox

log = logging.getLogger("assay.grading")
MAX_ATTEMPTS = 3
# The Docker engine failing or restarting under a grading is retried here, in place, with back-off
# (about a minute in all); after that the claim is released (the attempt not counted) and the
# executor retries the job later. An engine fault never becomes a stored JE.
ENGINE_RETRY_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
SAMPLE_TEXT_LIMIT = 4096


@dataclass(frozen=True)
class Outcome:
    """A grading's final result: the submission's columns and its stored result."""

    verdict: str
    points: float | None
    max_points: float | None
    result: StoredResult


class GradingService:
    def __init__(self, engine: Engine, sandbox: Callable[[], Sandbox]) -> None:
        self.engine = engine
        self._sandbox = sandbox
        self.stopping = threading.Event()  # set by a worker stopping at once: results from now on are void
        # Called inside the transaction that stores the final result: webhooks (submission.graded...) first.
        self.on_graded: list[Callable[[Session, Submission], None]] = [webhooks.on_graded, group_results.store]

    @staticmethod
    def requeue(session: Session, submission_id: str) -> bool:
        """graded/error -> queued for a regrade (the caller submits it to the executor and commits); the
        next final result emits submission.regraded with the next revision."""
        result = session.exec(
            update(Submission)
            .where(col(Submission.id) == submission_id, col(Submission.kind) == "submission",
                   col(Submission.status).in_(FINAL_STATUSES))
            .values(status=SubmissionStatus.QUEUED, attempts=0)
        )
        return result.rowcount == 1

    def claim(self, submission_id: str, *, takeover: bool = False) -> bool:
        """queued -> running, atomically; False when someone else has it or it is finished. With
        ``takeover`` (a job queue that guarantees one holder per job, retrying a job whose worker died)
        a submission left ``running`` is taken over too; a final result is never touched."""
        states = PENDING_STATUSES if takeover else (SubmissionStatus.QUEUED,)
        with Session(self.engine) as session:
            result = session.exec(
                update(Submission)
                .where(col(Submission.id) == submission_id, col(Submission.status).in_(states))
                .values(status=SubmissionStatus.RUNNING, started_at=utcnow(), attempts=Submission.attempts + 1)
            )
            session.commit()
            return result.rowcount == 1

    def grade(self, submission_id: str, *, takeover: bool = False) -> bool:
        """Grade it unless someone else has it or it is final; True when this call stored the final result."""
        if not self.claim(submission_id, takeover=takeover):
            return False
        began = time.monotonic()
        with Session(self.engine) as session:
            submission = session.get(Submission, submission_id)
            assert submission is not None
            # the package bytes are read only when this process has not cached that content hash yet
            version = session.get(ProblemVersion, submission.problem_version_id,
                                  options=[problem_service.NO_PACKAGE])
            assert version is not None
            attempts = submission.attempts
            files = {name: content.encode() for name, content in submission.files.items()}
            kind, language, stdin = submission.kind, submission.language, submission.stdin
            previous = StoredResult.read(submission.result)  # a quiz's regrade keeps reviewers' points
            waited = (submission.started_at - submission.created_at).total_seconds() \
                if attempts == 1 and submission.started_at and submission.created_at else None
            try:
                package = problem_service.package_of(version)
            except Exception:
                log.exception("loading the package of %s failed", submission_id)
                package = None
        try:
            if package is None:
                raise RuntimeError("the problem package could not be loaded")
            payload = self._evaluate_retrying(submission_id, kind, package,
                                              GraderSubmission(language=language, files=files), stdin, previous)
            status = SubmissionStatus.GRADED
        except EngineUnavailable:
            log.warning("grading %s: the Docker engine is still unavailable; released for a later retry",
                        submission_id)
            self._release(submission_id, count_attempt=False)
            raise
        except Exception as exc:
            log.exception("grading %s failed (attempt %d)", submission_id, attempts)
            if attempts < MAX_ATTEMPTS:
                self._release(submission_id)
                raise
            payload = Outcome(verdict=Verdict.JE, points=0.0, max_points=None,
                              result=StoredResult.of_error(f"{type(exc).__name__}: {exc}"))
            status = SubmissionStatus.ERROR
        if self.stopping.is_set():  # the process is stopping at once: the sandbox went away under this
            log.warning("not storing the result of %s: stopping; its job is retried", submission_id)
            return False
        try:
            finished = self._finish(submission_id, status, payload)
        except Exception:  # the result could not be written: give the submission back to the queue
            log.exception("storing the result of %s failed; released for a retry", submission_id)
            try:
                self._release(submission_id)
            except Exception:
                log.exception("releasing %s failed too; a stalled-job sweep or restart picks it up", submission_id)
            raise
        if not finished:
            return False
        metrics.observe_grading(language, payload.verdict or "none", time.monotonic() - began, waited)
        return True

    def _evaluate_retrying(self, submission_id: str, kind: str, package: Package, submission: GraderSubmission,
                           stdin: str | None, previous: StoredResult | None = None) -> Outcome:
        """``_evaluate``, again after a back-off while the Docker engine fails or restarts under it."""
        delays = iter(ENGINE_RETRY_DELAYS_S)
        while True:
            try:
                return self._evaluate(kind, package, submission, stdin, previous)
            except EngineUnavailable as exc:
                delay = next(delays, None)
                if delay is None or self.stopping.is_set():
                    raise
                log.warning("grading %s: %s; retrying in %.0f s", submission_id, exc, delay)
                if self.stopping.wait(delay):
                    raise

    def _evaluate(self, kind: str, package: Package, submission: GraderSubmission, stdin: str | None,
                  previous: StoredResult | None = None) -> Outcome:
        if is_quiz(package):  # answers scored without a sandbox (a quiz has no runs: the API refuses them)
            grade = grade_quiz(package, submission)
            if previous is not None and previous.tests:  # a regrade: reviewers' points stay
                earlier = [TestCaseResult.model_validate(t.model_dump(mode="json")) for t in previous.tests]
                grade = keep_text_scores(package, grade, earlier)
            return Outcome(verdict=grade.verdict.value, points=grade.points, max_points=grade.max_points,
                           result=StoredResult.of_grade(grade))
        sandbox = self._sandbox()
        if kind == "run":  # someone waits at the screen: more CPU than gradings when the cores are contended
            sandbox = sandbox.interactive()
        if kind == "run" and stdin is not None:
            run = run_custom(package, submission, stdin.encode(), sandbox)
            return Outcome(verdict=run.verdict.value, points=None, max_points=None, result=StoredResult.of_run(run))
        if kind == "run":  # samples only
            package = dataclasses.replace(package, groups={name: [] for name in package.groups})
        grade = grade_submission(package, submission, sandbox)
        result = StoredResult.of_grade(grade)
        tests_by_key = {(t.group, t.name): t for t in package.samples}
        for test in result.tests:
            sample = tests_by_key.get((test.group, test.name)) if not test.hidden else None
            if sample is not None:  # samples are public: show them in full
                test.input = sample.input[:SAMPLE_TEXT_LIMIT].decode("utf-8", "replace")
                test.expected_output = sample.answer[:SAMPLE_TEXT_LIMIT].decode("utf-8", "replace")
        if kind == "run":
            return Outcome(verdict=grade.verdict.value, points=None, max_points=None, result=result)
        return Outcome(verdict=grade.verdict.value, points=grade.points, max_points=grade.max_points, result=result)

    def _release(self, submission_id: str, *, count_attempt: bool = True) -> None:
        """running -> queued, for a retry; an attempt lost to the engine does not count."""
        values: dict[str, Any] = {"status": SubmissionStatus.QUEUED}
        if not count_attempt:
            values["attempts"] = Submission.attempts - 1
        with Session(self.engine) as session:
            session.exec(update(Submission)
                         .where(col(Submission.id) == submission_id, col(Submission.status) == SubmissionStatus.RUNNING)
                         .values(**values))
            session.commit()

    def _finish(self, submission_id: str, status: SubmissionStatus, payload: Outcome) -> bool:
        with Session(self.engine) as session:
            result = session.exec(
                update(Submission)
                .where(col(Submission.id) == submission_id, col(Submission.status) == SubmissionStatus.RUNNING)
                .values(status=status, verdict=payload.verdict, points=payload.points,
                        max_points=payload.max_points, result=payload.result.to_json(), graded_at=utcnow())
            )
            if result.rowcount != 1:  # someone else finished it: keep theirs
                session.rollback()
                return False
            submission = session.get(Submission, submission_id)
            assert submission is not None
            for hook in self.on_graded:
                hook(session, submission)
            session.commit()
            return True
