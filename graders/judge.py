"""Grading one submission against one package: compile once, run the grader per group, score.

    result = grade_submission(package, Submission("python3", {"main.py": source}), sandbox)

Contract:
- a language the manifest does not allow raises ``LanguageNotAllowedError`` (the caller's input);
- the sandbox being unavailable while compiling (Docker down, image not built) raises
  ``SandboxError``, so a job runner can retry instead of recording a verdict; the Docker engine
  failing or restarting at any point of the grading raises ``EngineUnavailable`` (never a JE);
- one grading has a wall-clock budget (``grading_budget_s``): tests not started within it are JE;
- everything else is a GradeResult: a compile failure is CE (0 points, the compiler's message for
  the candidate), and a grader that fails to prepare or raises is JE on the tests it was grading,
  with the error for reviewers, never an exception.

Prepared graders (a compiled checker, say) are cached per package content hash in a small LRU, so
``prepare()`` runs once per package and sandbox, not once per submission.
"""

from __future__ import annotations

import threading
import traceback
import weakref
from collections import OrderedDict
from collections.abc import Callable

from pydantic import BaseModel

from graders.base import Grader, GradingContext, Submission
from graders.output_grader import excerpt, judge_error
from graders.quiz import grade_quiz, is_quiz
from graders.results import GradeResult, GroupResult, TestCaseResult
from graders.scoring import SAMPLE_GROUP, score
from graders.verdicts import Verdict, from_sandbox
from problemformat.grader_kinds import load_grader
from problemformat.languages import allowed_languages
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase
from sandbox import EngineUnavailable, Limits, PerTest, Sandbox, Session, SourceError, all_languages, get_language
from sandbox import Verdict as SandboxVerdict

Progress = Callable[[int, int], None]  # (test cases done, test cases in all)
CACHE_SIZE = 32
CUSTOM_OUTPUT_BYTES = 64 << 10

__all__ = [
    "CustomRunResult",
    "LanguageNotAllowedError",
    "allowed_languages",
    "check_language",
    "clear_grader_cache",
    "grade_submission",
    "grader_class",
    "limits_for",
    "prepared_grader",
    "run_custom",
]


class LanguageNotAllowedError(ValueError):
    """The submission's language is not one the problem accepts."""


def check_language(manifest: Manifest, language: str) -> None:
    """Raise LanguageNotAllowedError unless the problem accepts ``language`` and the sandbox has it."""
    allowed = [name for name in allowed_languages(manifest) if name in all_languages()]
    if language not in allowed:
        raise LanguageNotAllowedError(
            f"language {language!r} is not accepted for {manifest.slug}; accepted: {', '.join(allowed)}"
        )


def limits_for(manifest: Manifest) -> Limits:
    """The candidate's sandbox limits from problem.yaml."""
    return Limits(
        time_limit_s=manifest.limits.time_limit_s,
        memory_limit_mib=manifest.limits.memory_limit_mib,
        output_limit_bytes=manifest.limits.output_limit_kib * 1024,
    )


def grader_class(kind: str) -> type[Grader]:
    """The grader plugin for ``kind``; one broken plugin does not hide the others."""
    grader: type[Grader] = load_grader(kind)
    return grader


# ---------------------------------------------------------------------- prepared graders


class _GraderCache:
    """LRU of prepared graders keyed by (package content hash, sandbox). Thread-safe; a grader is
    prepared once even when several submissions of a new package arrive at the same time."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, int], tuple[weakref.ref[Sandbox], Grader]] = OrderedDict()
        self._lock = threading.Lock()
        self._preparing: dict[tuple[str, int], threading.Lock] = {}

    def _lookup(self, key: tuple[str, int], sandbox: Sandbox) -> Grader | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0]() is not sandbox:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def get(self, package: Package, sandbox: Sandbox) -> Grader:
        key = (package.content_hash, id(sandbox))
        found = self._lookup(key, sandbox)
        if found is not None:
            return found
        with self._lock:
            key_lock = self._preparing.setdefault(key, threading.Lock())
        with key_lock:
            found = self._lookup(key, sandbox)
            if found is not None:
                return found
            config = package.manifest.grader
            grader = grader_class(config.kind)(config, package, sandbox)
            grader.prepare()  # raises: not cached, the next submission tries again
            with self._lock:
                self._entries[key] = (weakref.ref(sandbox), grader)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
                self._preparing.pop(key, None)
            return grader

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_CACHE = _GraderCache()


def prepared_grader(package: Package, sandbox: Sandbox) -> Grader:
    """The package's grader, prepared (cached per content hash and sandbox)."""
    return _CACHE.get(package, sandbox)


def clear_grader_cache() -> None:
    _CACHE.clear()


# ---------------------------------------------------------------------- grading


BUDGET_SLACK_S = 60.0


def grading_budget_s(package: Package, sandbox: Sandbox, tests: int) -> float:
    """A whole grading's wall-clock budget after the compile: every test at its wall limit plus the
    host's grace, twice over (a checker or an interactor runs beside each), plus slack."""
    settings = getattr(sandbox, "settings", None)
    grace = float(getattr(settings, "host_grace_s", 5.0))
    return 2 * tests * (limits_for(package.manifest).effective_wall_s + grace) + BUDGET_SLACK_S


def execution_unit(sandbox: Sandbox, language: str, limits: Limits) -> Session | PerTest:
    """The submission's execution unit per the sandbox's isolation setting (a stand-in sandbox
    without ``submission()`` gets a container per job)."""
    opener = getattr(sandbox, "submission", None)
    if opener is None:
        return PerTest(sandbox, get_language(language))
    return opener(language, limits)


def _error_text(exc: BaseException) -> str:
    trace = "".join(traceback.format_exception(exc, limit=-3)).strip()
    return f"{type(exc).__name__}: {exc}\n{trace}"


def _grade_group(grader: Grader, context: GradingContext, tests: list[TestCase]) -> list[TestCaseResult]:
    """One group's results; a grader exception or a wrong result count is JE on every test."""
    try:
        results = list(grader.grade(context, tests))
    except EngineUnavailable:  # not the submission's verdict: the grading is retried
        raise
    except Exception as exc:
        return [judge_error(t, f"grader {grader.kind!r} raised {_error_text(exc)}") for t in tests]
    if tests and len(results) != len(tests):
        message = f"grader {grader.kind!r} returned {len(results)} results for {len(tests)} test cases"
        return [judge_error(t, message) for t in tests]
    return results


def _zero_groups(package: Package, verdict: Verdict) -> list[GroupResult]:
    return [GroupResult(name=g.name, points=0.0, max_points=g.points, verdict=verdict, aggregate=g.aggregate)
            for g in package.manifest.scoring.groups]


def grade_submission(
    package: Package,
    submission: Submission,
    sandbox: Sandbox,
    *,
    include_samples: bool = True,
    progress: Progress | None = None,
) -> GradeResult:
    """Compile the submission once, grade the samples (0 points) and every scoring group, score. A quiz
    is scored from its answers without a sandbox (graders.quiz)."""
    manifest = package.manifest
    if is_quiz(package):
        result = grade_quiz(package, submission)
        if progress is not None:
            progress(len(result.tests), len(result.tests))
        return result
    check_language(manifest, submission.language)
    # One execution unit per submission: its own container for the compile and every test
    # (isolation=submission) or a container per job (isolation=test); released when grading ends.
    with execution_unit(sandbox, submission.language, limits_for(manifest)) as runner:
        return _grade(package, submission, sandbox, runner, include_samples=include_samples, progress=progress)


def _grade(package: Package, submission: Submission, sandbox: Sandbox, runner: Session | PerTest, *,
           include_samples: bool, progress: Progress | None) -> GradeResult:
    manifest = package.manifest
    max_points = manifest.scoring.max_points
    try:
        compiled = runner.compile(dict(submission.files))
    except SourceError as exc:
        return GradeResult(verdict=Verdict.CE, points=0.0, max_points=max_points, compile_message=str(exc),
                           groups=_zero_groups(package, Verdict.CE))
    if not compiled.ok:
        verdict = from_sandbox(compiled.verdict, compiling=True)
        return GradeResult(verdict=verdict, points=0.0, max_points=max_points,
                           compile_message=compiled.message, groups=_zero_groups(package, verdict))

    plan: list[tuple[str, list[TestCase]]] = []
    if include_samples and package.samples:
        plan.append((SAMPLE_GROUP, list(package.samples)))
    plan.extend((g.name, list(package.groups.get(g.name, []))) for g in manifest.scoring.groups)
    total = sum(len(tests) for _, tests in plan)
    set_budget = getattr(runner, "set_budget", None)
    if set_budget is not None:
        set_budget(grading_budget_s(package, sandbox, total))
    context = GradingContext(package=package, sandbox=sandbox, submission=submission, compiled=compiled,
                             limits=limits_for(manifest), runner=runner)
    try:
        grader: Grader | None = prepared_grader(package, sandbox)
        failure = ""
    except EngineUnavailable:
        raise
    except Exception as exc:
        grader, failure = None, f"grader {manifest.grader.kind!r} could not be prepared: {_error_text(exc)}"

    results_by_group: dict[str, list[TestCaseResult]] = {}
    done = 0
    for name, tests in plan:
        if grader is None:
            results = [judge_error(t, failure) for t in tests]
        else:
            results = _grade_group(grader, context, tests)
        results_by_group[name] = results
        done += len(tests)
        if progress is not None:
            progress(done, total)
    points, groups, verdict = score(manifest.scoring, results_by_group)
    return GradeResult(
        verdict=verdict, points=points, max_points=max_points, compile_message=compiled.message,
        tests=[r for name, _ in plan for r in results_by_group[name]],
        groups=groups,
    )


# ---------------------------------------------------------------------- custom runs


class CustomRunResult(BaseModel):
    """An unscored run on the candidate's own input (what ``POST /v1/me/runs`` returns)."""

    verdict: SandboxVerdict  # OK, TLE, MLE, RE, OLE, CE or JE
    compile_message: str = ""
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    time_ms: int = 0
    wall_ms: int = 0
    memory_kib: int = 0
    message: str = ""


def run_custom(package: Package, submission: Submission, stdin: bytes, sandbox: Sandbox) -> CustomRunResult:
    """Compile and run the submission once on ``stdin`` with the problem's limits; nothing is judged."""
    if is_quiz(package):
        raise LanguageNotAllowedError(f"{package.slug} is a set of questions: there is nothing to run")
    check_language(package.manifest, submission.language)
    limits = limits_for(package.manifest)
    with execution_unit(sandbox, submission.language, limits) as runner:
        try:
            compiled = runner.compile(dict(submission.files))
        except SourceError as exc:
            return CustomRunResult(verdict=SandboxVerdict.CE, compile_message=str(exc))
        if not compiled.ok:
            return CustomRunResult(verdict=compiled.verdict, compile_message=compiled.message)
        run = runner.run_job(compiled, submission.language, stdin, limits)
    return CustomRunResult(
        verdict=run.verdict,
        compile_message=compiled.message,
        stdout=excerpt(run.stdout, CUSTOM_OUTPUT_BYTES),
        stderr=excerpt(run.stderr, CUSTOM_OUTPUT_BYTES),
        stdout_truncated=run.stdout_truncated or len(run.stdout) > CUSTOM_OUTPUT_BYTES,
        time_ms=run.time_ms,
        wall_ms=run.wall_ms,
        memory_kib=run.memory_kib,
        message=run.message,
    )

