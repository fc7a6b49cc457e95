"""Shared base of the graders that run the program on each test input and judge what it printed.

Per test case: the candidate's program runs as a fresh process with the test's input on stdin, in
the submission's own container or a fresh container per test (``ASSAY_SANDBOX_ISOLATION``; the
expected answer never enters either); the sandbox's verdict maps onto the
grader's (OK -> judge the output -> AC/WA; TLE, MLE, RE, OLE as they are; JE -> JE); then
``judge()`` (a plain comparison here, a checker program in graders/checker.py) decides.
"""

from __future__ import annotations

from abc import abstractmethod
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypedDict

from graders.base import Grader, GradingContext
from graders.results import TestCaseResult
from graders.verdicts import CANDIDATE_MESSAGES, Verdict, from_sandbox
from problemformat.package import TestCase
from sandbox import EngineUnavailable, RunResult
from sandbox import Verdict as SandboxVerdict

EXCERPT_BYTES = 2048


@dataclass(frozen=True)
class Judgement:
    """What ``judge()`` decides about one output."""

    verdict: Verdict  # AC, WA or JE
    fraction: float = 0.0
    reviewer_message: str = ""
    candidate_message: str = ""  # "" -> the generic message for the verdict


def excerpt(data: bytes, limit: int = EXCERPT_BYTES) -> str:
    """The start of an output as text for reviewers, marked when cut."""
    text = data[:limit].decode("utf-8", errors="replace")
    return text + f"\n... [{len(data) - limit} more bytes]" if len(data) > limit else text


def judge_error(test: TestCase, message: str) -> TestCaseResult:
    """A JE result for a test case (the grader, not the candidate, failed)."""
    return TestCaseResult(
        group=test.group, name=test.name, verdict=Verdict.JE, fraction=0.0,
        candidate_message=CANDIDATE_MESSAGES[Verdict.JE], reviewer_message=message, hidden=not test.sample,
    )


class OutputGrader(Grader):
    """Runs the program on every test input, then judges each output with ``judge()``."""

    @abstractmethod
    def judge(self, context: GradingContext, test: TestCase, output: bytes) -> Judgement:
        """Decide whether ``output`` (the program's stdout on ``test.input``) is right."""

    def grade(self, context: GradingContext, tests: list[TestCase]) -> list[TestCaseResult]:
        """One result per test, in order; tests run in parallel up to the sandbox's setting."""
        workers = min(self.sandbox.settings.test_parallelism, len(tests))
        if workers <= 1:
            return [self.grade_one(context, test) for test in tests]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grade-test") as pool:
            return list(pool.map(lambda test: self.grade_one(context, test), tests))

    def grade_one(self, context: GradingContext, test: TestCase) -> TestCaseResult:
        """Run the program on one test and judge it; an exception (sandbox or grader) is a JE."""
        runner = context.runner or self.sandbox
        try:
            run = runner.run_job(context.compiled, context.submission.language, test.input, context.limits)
        except EngineUnavailable:  # the whole grading is retried once the engine answers again
            raise
        except Exception as exc:
            return judge_error(test, f"sandbox error running the program: {type(exc).__name__}: {exc}")
        try:
            return self.result(context, test, run)
        except EngineUnavailable:
            raise
        except Exception as exc:  # a grader bug must not become the candidate's verdict
            failed = judge_error(test, f"grader error: {type(exc).__name__}: {exc}")
            return failed.model_copy(update=_measurements(run))

    def result(self, context: GradingContext, test: TestCase, run: RunResult) -> TestCaseResult:
        """The TestCaseResult for one finished run."""
        if run.verdict == SandboxVerdict.OK:
            judged = self.judge(context, test, run.stdout)
        else:
            verdict = from_sandbox(run.verdict)
            message = run.message if verdict != Verdict.JE else f"sandbox failure: {run.message}"
            judged = Judgement(verdict=verdict, reviewer_message=message)
        return TestCaseResult(
            group=test.group,
            name=test.name,
            verdict=judged.verdict,
            fraction=min(1.0, max(0.0, judged.fraction)) if judged.verdict == Verdict.AC else 0.0,
            candidate_message=judged.candidate_message or CANDIDATE_MESSAGES[judged.verdict],
            reviewer_message=judged.reviewer_message,
            hidden=not test.sample,
            **_measurements(run),
        )


class Measurements(TypedDict):
    """A run's figures and output excerpts, as a test case result holds them."""

    time_ms: int
    wall_ms: int
    memory_kib: int
    stdout_excerpt: str
    stderr_excerpt: str


def _measurements(run: RunResult) -> Measurements:
    return Measurements(time_ms=run.time_ms, wall_ms=run.wall_ms, memory_kib=run.memory_kib,
                        stdout_excerpt=excerpt(run.stdout), stderr_excerpt=excerpt(run.stderr))


class ComparingGrader(OutputGrader):
    """An output grader whose judgement is a pure comparison with the expected answer."""

    @abstractmethod
    def compare(self, output: bytes, answer: bytes) -> tuple[bool, str]:
        """(ok, reviewer message) for one output against its answer."""

    def judge(self, context: GradingContext, test: TestCase, output: bytes) -> Judgement:
        ok, message = self.compare(output, test.answer)
        return Judgement(verdict=Verdict.AC if ok else Verdict.WA, fraction=1.0 if ok else 0.0,
                         reviewer_message=message)
