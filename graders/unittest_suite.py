"""`unittest`: the package's own test suite, run against the candidate's files in the sandbox.

The framework (``grader.framework``) is pytest (below), junit5, node-test or go-test: one module each
(graders/unittest_pytest.py, unittest_junit.py, unittest_node.py, unittest_go.py; docs/graders.md).
Whatever the framework, its harness prints the same signed report and everything below (placeholders,
points, verdicts, judge errors) applies; node ids are ``<test file>::<test>``.

A pytest package's author writes:

    problem.yaml
        languages: [python3]
        grader:
          kind: unittest
          time_limit_s: 20                   # the whole suite (wall), default 20
          tests:                             # optional: points per test (default 1 each)
            - {test: test_stack.py::test_push_pop, points: 3}
            - {test: test_stack.py::test_empty, points: 1}
            - {test: test_stack.py::TestBig, points: 5}    # a prefix: each test under it
        scoring:
          groups: [{name: main, points: 100, aggregate: sum}]
    grader/test_stack.py                     # the suite (conftest.py and helper modules allowed)
    tests/secret/main/01.in                  # a placeholder (empty): "this group's unit tests"
    tests/sample/01.in                       # optional placeholder: the tests marked sample
    templates/python3/stack.py
    submissions/accepted/stack.py

    # grader/test_stack.py
    import pytest
    from assay_unittest import stack          # the candidate's stack.py, in another process

    @pytest.mark.sample                       # its failure message is shown to the candidate
    def test_push_pop():
        s = stack.Stack()
        s.push(1)
        assert s.pop() == 1

    def test_empty():
        with pytest.raises(IndexError):
            stack.Stack().pop()

(graders/harness/assay_unittest.py says what test code can do with the candidate's objects.)

How results map onto Assay's scoring (graders/scoring.py, graders/judge.py):

- ``grade(context, tests)`` returns one result per given test case, as every grader does. Each
  test case of a unit-test package is a placeholder that selects unit tests: an empty ``.in``
  selects the unit tests of its group, i.e. those marked ``@pytest.mark.group("<name>")``, and
  the unmarked ones for the first scoring group; a placeholder under tests/sample/ selects the
  tests marked ``@pytest.mark.sample``. A non-empty ``.in`` lists node-id prefixes, one per line
  (``test_stack.py::test_empty``, ``test_stack.py``), to select exactly those: one placeholder per
  unit test gives one result row per unit test.
- A placeholder's credit: with ``aggregate: sum``, the points of its passed unit tests over the
  points of all its unit tests (manifest ``tests:`` points, default 1; a partial credit is an AC
  with that fraction, as Kattis does for partial scores); with ``all``/``min``, 1 if every one
  passed, else 0. Its verdict is AC when it earned credit, else the first failing unit test's:
  WA (assertion or other test failure), RE (the candidate's code raised or its process died),
  TLE (a call timed out), MLE. Skipped unit tests do not count either way.
- Without any placeholder and with a single scoring group, the judge's call with no test cases
  gets one result for that group ("unit-tests"). Several groups need placeholders.
- The whole suite runs once per submission (one fresh container, one process per unit test for
  the candidate); the later groups' calls reuse that report.
- A submission that is a single main.py (a candidate's ``source``; verify renames lone reference
  files so) is also placed under the module name the tests import: the python3 template's file
  name, else the one candidate module the suite imports.
- Limits: ``time_limit_s`` of the grader is the whole suite's budget (tests it leaves unrun are
  TLE); each call into the candidate's code may take the problem's wall limit (2 x time limit + 1 s
  unless set); each candidate process gets the problem's memory limit (plus the interpreter's own
  64 MiB) as its address space, so running out is a MemoryError and an MLE.
- Judge errors: a test module that does not import, a ``tests:`` entry or group marker that names
  nothing, a placeholder that selects nothing, no report from the harness for a reason that is not
  the candidate's (a sandbox failure). A harness the candidate killed is RE on everything; a suite
  that outlives its time budget is TLE on every test it did not finish.

The report is read from the harness's own stdout, never from exit codes or the candidate's output,
and only if it carries the HMAC-SHA256 of its body keyed by a random secret of this job, sent as the
harness's stdin (see graders/harness/harness.py): the candidate may manage to write to that stdout
(gVisor does not enforce non-dumpability for /proc/<pid>/fd), but cannot forge a report. A unit test
is credited only if the verified report lists it, under a test module of the suite.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import posixpath
import re
import secrets
import tarfile
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from graders.base import Grader, GradingContext
from graders.results import TestCaseResult
from graders.unittest_framework import WORK_CANDIDATE, WORK_HARNESS, WORK_SUITE, Framework
from graders.unittest_go import GO_TEST
from graders.unittest_junit import JUNIT5
from graders.unittest_node import NODE_TEST
from graders.unittest_pytest import CANDIDATE_ADDRESS_SPACE_MIB, HARNESS_LANGUAGE, PYTEST
from graders.verdicts import CANDIDATE_MESSAGES, Verdict
from problemformat import manifest
from problemformat.package import TestCase
from sandbox import (
    MAX_MEMORY_LIMIT_MIB,
    MAX_TIME_LIMIT_S,
    CompileResult,
    EngineUnavailable,
    Limits,
    RunResult,
    UnknownLanguageError,
    get_language,
)
from sandbox import Verdict as SandboxVerdict

SUITE_FOLDER = "grader"
REPORT_MARKER = b"ASSAY-UNITTEST-REPORT "
FRAMEWORKS: dict[str, Framework] = {f.name: f for f in (PYTEST, JUNIT5, NODE_TEST, GO_TEST)}
OUTPUT_LIMIT_BYTES = 32 << 20  # the report
STDERR_LIMIT_BYTES = 256 << 10  # pytest's own terminal output, for reviewers
SINGLE_GROUP_NAME = "unit-tests"
MESSAGE_CHARS = 20000
CANDIDATE_MESSAGE_CHARS = 4000
EXCERPT_CHARS = 2048
CACHE_SIZE = 16
_IMPORT_RE = re.compile(r"^\s*from\s+assay_unittest\s+import\s+(\([^)]*\)|[^\n#]+)", re.MULTILINE)
_CANDIDATE_RE = re.compile(r"""\bcandidate\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\)""")
_API_NAMES = frozenset({
    "CandidateCrash", "CandidateError", "CandidateFailure", "CandidateMemoryError", "CandidateModule",
    "CandidateOutput", "CandidateTimeout", "RemoteObject", "candidate", "output", "type_name",
})

_VERDICT_OF_KIND = {
    "assertion": Verdict.WA,
    "error": Verdict.WA,
    "candidate_error": Verdict.RE,
    "crash": Verdict.RE,
    "timeout": Verdict.TLE,
    "memory": Verdict.MLE,
}

__all__ = ["CANDIDATE_ADDRESS_SPACE_MIB", "FRAMEWORKS", "HARNESS_LANGUAGE", "WORK_CANDIDATE", "WORK_HARNESS",
           "WORK_SUITE", "UnitResult", "UnitTestGrader", "parse_report", "report_key"]


@dataclass(frozen=True)
class UnitResult:
    """One unit test's outcome, as the harness reported it, with its points from the manifest."""

    nodeid: str
    verdict: Verdict  # AC, WA, RE, TLE, MLE, SKIPPED or JE
    points: float
    sample: bool = False
    group: str | None = None  # the @pytest.mark.group marker, if any
    message: str = ""  # for reviewers: pytest's failure report
    short: str = ""  # the failure in a few lines (shown to the candidate on sample tests)
    cpu_ms: int = 0
    wall_ms: int = 0
    memory_kib: int = 0
    stdout: str = ""
    stderr: str = ""


@dataclass
class SuiteReport:
    """The whole suite's outcome for one submission, or why there is none."""

    units: list[UnitResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # judge errors: the package's, not the candidate's
    failure: Verdict | None = None  # no usable report: this verdict for everything
    failure_message: str = ""
    run: RunResult | None = None


def parse_report(stdout: bytes, key: bytes) -> dict[str, Any] | None:
    """The harness's report from the run's stdout: the first ``ASSAY-UNITTEST-REPORT <mac> <json>``
    line (anywhere: the candidate may have written bytes before it) whose MAC verifies with this
    job's ``key``; None if there is none. Lines without a valid MAC are the candidate's: ignored."""
    at = stdout.find(REPORT_MARKER)
    while at >= 0:
        end = stdout.find(b"\n", at)
        line = stdout[at + len(REPORT_MARKER) : end if end >= 0 else len(stdout)]
        mac, _, body = line.partition(b" ")
        expected = hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")
        if key and hmac.compare_digest(mac, expected):
            try:
                report = json.loads(body)
            except (ValueError, RecursionError):
                return None
            return report if isinstance(report, dict) and isinstance(report.get("tests"), list) else None
        at = stdout.find(REPORT_MARKER, at + 1)
    return None


def report_key() -> bytes:
    """A fresh per-job secret for the harness's report MAC."""
    return secrets.token_hex(32).encode("ascii")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 40] + f"\n[... {len(text) - limit + 40} more]"


def _text(value: object, limit: int = MESSAGE_CHARS) -> str:
    return _clip(value, limit) if isinstance(value, str) else ""


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


class UnitTestGrader(Grader):
    kind: ClassVar[str] = "unittest"
    config_model: ClassVar[type | None] = manifest.UnitTestGrader

    def __init__(self, config: Any, package: Any, sandbox: Any) -> None:
        super().__init__(config, package, sandbox)
        self.prepare_error = ""
        self.suite: dict[str, bytes] = {}
        self._reports: OrderedDict[int, tuple[weakref.ref[GradingContext], SuiteReport]] = OrderedDict()
        self._lock = threading.Lock()
        self._running: dict[int, threading.Lock] = {}
        self.framework: Framework = FRAMEWORKS[getattr(config, "framework", "pytest")]

    # ------------------------------------------------------------------ prepare

    def prepare(self) -> None:
        """Check the suite and the package layout once; a problem makes every test a judge error."""
        suite = {
            path: data
            for path, data in self.package.files_under(SUITE_FOLDER).items()
            if "__pycache__" not in path.split("/") and not path.endswith((".pyc", ".class"))
        }
        if not any(self.framework.is_test_file(p) for p in suite):
            self.prepare_error = f"{SUITE_FOLDER}/ has no {self.framework.test_noun} ({self.framework.test_files})"
            return
        groups = self.package.manifest.scoring.groups
        empty = [g.name for g in groups if not self.package.groups.get(g.name)]
        if len(groups) > 1 and empty:
            self.prepare_error = (
                "a unit-test package with several scoring groups needs a placeholder test case per group "
                f"(e.g. tests/secret/{empty[0]}/01.in, empty); missing for: {', '.join(empty)}"
            )
            return
        self.suite = suite

    # ------------------------------------------------------------------ grade

    def grade(self, context: GradingContext, tests: list[TestCase]) -> list[TestCaseResult]:
        placeholders = list(tests)
        if not placeholders:  # judge.py's call for a group without test cases
            groups = self.package.manifest.scoring.groups
            if len(groups) == 1 and not self.package.groups.get(groups[0].name):
                placeholders = [TestCase(group=groups[0].name, name=SINGLE_GROUP_NAME, input=b"", answer=b"")]
            elif self.prepare_error:  # which group is asked is unknown: say what is wrong, once per call
                return [self._judge_error(TestCase(group=self.kind, name="setup", input=b"", answer=b""),
                                          self.prepare_error)]
            else:
                return []
        if self.prepare_error:
            return [self._judge_error(t, self.prepare_error) for t in placeholders]
        if context.submission.language not in self.framework.languages:
            wanted = " or ".join(_language_name(name) for name in self.framework.languages)
            return [self._result(t, Verdict.CE, 0.0, reviewer=(
                f"the {self.framework.name} unit tests run against {wanted} code; the submission is "
                f"{context.submission.language}"),
                candidate=f"This problem's tests need a {wanted} submission") for t in placeholders]
        report = self.report(context)
        return [self._placeholder_result(context, report, t) for t in placeholders]

    def report(self, context: GradingContext) -> SuiteReport:
        """The suite's outcome for this grading context: run once, then reused by later calls."""
        key = id(context)
        with self._lock:
            found = self._cached(key, context)
            if found is not None:
                return found
            lock = self._running.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                found = self._cached(key, context)
            if found is not None:
                return found
            report = self._run_suite(context)
            with self._lock:
                for stale in [k for k, (ref, _) in self._reports.items() if ref() is None]:
                    del self._reports[stale]
                self._reports[key] = (weakref.ref(context), report)
                while len(self._reports) > CACHE_SIZE:
                    self._reports.popitem(last=False)
                self._running.pop(key, None)
            return report

    def _cached(self, key: int, context: GradingContext) -> SuiteReport | None:
        entry = self._reports.get(key)
        if entry is None or entry[0]() is not context:
            return None
        return entry[1]

    # ------------------------------------------------------------------ the sandbox run

    def job_limits(self, context: GradingContext) -> tuple[Limits, list[str]]:
        """The harness's container limits and its arguments."""
        budget = float(self.config.time_limit_s)
        cpu = min(MAX_TIME_LIMIT_S, budget + 10)
        limits = Limits(
            time_limit_s=cpu,
            wall_limit_s=min(3 * MAX_TIME_LIMIT_S, budget + 15),
            memory_limit_mib=min(MAX_MEMORY_LIMIT_MIB,
                                 context.limits.memory_limit_mib + self.framework.harness_memory_mib),
            output_limit_bytes=OUTPUT_LIMIT_BYTES,
            stderr_limit_bytes=STDERR_LIMIT_BYTES,
        )
        args = self.framework.args(context, self.config, budget, cpu)
        return limits, args

    def module_name(self) -> str | None:
        """The module a single-file submission stands for: the python3 template's only .py file,
        else the only candidate module the suite imports (``from assay_unittest import stack``)."""
        template = [n for n in self.package.templates.get("python3", {}) if n.endswith(".py") and "/" not in n]
        if len(template) == 1:
            return template[0][: -len(".py")]
        names: set[str] = set()
        for path, data in self.suite.items():
            if path.endswith(".py"):
                text = data.decode("utf-8", errors="replace")
                for match in _IMPORT_RE.finditer(text):
                    names.update(n.split(" as ")[0].strip() for n in match.group(1).strip("()").split(","))
                names.update(_CANDIDATE_RE.findall(text))
        names = {n for n in names if n.isidentifier() and n not in _API_NAMES}
        return names.pop() if len(names) == 1 else None

    def candidate_files(self, context: GradingContext) -> dict[str, bytes]:
        """The compiled submission's files; a lone main.py (a single ``source``, or a reference
        submission renamed by verify) also appears under the module name the tests import."""
        files: dict[str, bytes] = {}
        if context.compiled.artifact:
            with tarfile.open(fileobj=io.BytesIO(context.compiled.artifact), mode="r:") as source:
                for member in source.getmembers():
                    name = posixpath.normpath(member.name)
                    if member.isfile() and name not in (".", "") and not name.startswith(("/", "..")):
                        handle = source.extractfile(member)
                        files[name] = handle.read() if handle else b""
        sources = [n for n in context.submission.files if n.endswith(".py")]
        module = self.module_name()
        if sources == ["main.py"] and "main.py" in files and module and f"{module}.py" not in files:
            files[f"{module}.py"] = files["main.py"]
        return files

    def workdir_tar(self, context: GradingContext) -> bytes:
        """candidate/ (the compiled submission), .assay/ (the harness), .assay/suite/ (grader/)."""
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w") as tar:
            _add_dir(tar, WORK_CANDIDATE)  # parent folders of files are made by the agent's unpacker
            for name, data in sorted(self.candidate_files(context).items()):
                _add_file(tar, f"{WORK_CANDIDATE}/{name}", data)
            _add_dir(tar, WORK_HARNESS)
            for name, data in self.framework.harness_files().items():
                _add_file(tar, f"{WORK_HARNESS}/{name}", data)
            _add_dir(tar, WORK_SUITE)
            for path, data in sorted(self.suite.items()):
                _add_file(tar, f"{WORK_SUITE}/{path}", data)
        return out.getvalue()

    def _run_suite(self, context: GradingContext) -> SuiteReport:
        limits, args = self.job_limits(context)
        job = CompileResult(ok=True, verdict=SandboxVerdict.OK, artifact=self.workdir_tar(context))
        key = report_key()
        try:
            run = self.sandbox.run_job(job, self.framework.language(), key + b"\n", limits, args=args)
        except EngineUnavailable:  # the Docker engine failed, not the suite: the grading is retried
            raise
        except Exception as exc:
            return SuiteReport(failure=Verdict.JE,
                               failure_message=f"sandbox error running the suite: {type(exc).__name__}: {exc}")
        report = parse_report(run.stdout, key)
        if report is None:
            suite = self._no_report(run)
        else:
            suite = self._suite_report(report, run)
        suite.run = run.model_copy(update={"stdout": b"", "stderr": b""})  # measurements only (cached)
        return suite

    def _no_report(self, run: RunResult) -> SuiteReport:
        stderr = run.stderr.decode("utf-8", errors="replace")[-4000:]
        detail = f"--- harness stderr (end) ---\n{stderr}" if stderr else ""
        if run.verdict == SandboxVerdict.TLE:
            verdict, why = Verdict.TLE, f"the suite did not finish within its limits ({run.message})"
        elif run.verdict == SandboxVerdict.MLE:
            verdict, why = Verdict.MLE, f"the suite exceeded its memory limit ({run.message})"
        elif run.signal is not None or run.verdict in (SandboxVerdict.RE, SandboxVerdict.OLE):
            # The harness never exits without its report on its own: the candidate's code killed it
            # (same uid inside the container), or the sandbox's supervisor along with it.
            verdict = Verdict.RE
            why = f"the test harness was killed before it reported ({run.message}); the candidate's code killed it"
        else:
            verdict, why = Verdict.JE, f"the test harness gave no report ({run.verdict}: {run.message})"
        return SuiteReport(failure=verdict, failure_message=f"{why}\n{detail}".strip(), run=run)

    def _suite_report(self, report: dict[str, Any], run: RunResult) -> SuiteReport:
        result = SuiteReport(run=run)
        if report.get("harness_error"):
            return SuiteReport(failure=Verdict.JE, run=run,
                               failure_message=f"the test harness failed:\n{_text(report['harness_error'])}")
        if report.get("build_error"):  # the candidate's files and the suite do not compile together
            return SuiteReport(failure=Verdict.CE, run=run,
                               failure_message=f"the suite does not build with the submission:\n"
                                               f"{_text(report['build_error'])}")
        for error in report.get("collect_errors") or []:
            if isinstance(error, dict):
                result.problems.append(f"collecting {_text(error.get('nodeid'))!r} failed:\n"
                                       f"{_text(error.get('message'))}")
        exit_status = report.get("exit_status")
        if exit_status in (2, 3, 4):  # interrupted, internal error, usage error
            result.problems.append(f"pytest ended with exit status {exit_status}")
        groups = {g.name for g in self.package.manifest.scoring.groups}
        modules = {path for path in self.suite if self.framework.is_test_file(path)}
        points = self.config.tests
        used = [False] * len(points)
        seen: set[str] = set()
        for entry in report["tests"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("nodeid"), str):
                continue
            nodeid = entry["nodeid"]
            if nodeid in seen:
                continue
            seen.add(nodeid)
            if nodeid.split("::", 1)[0] not in modules:  # no test of the suite: credit nothing for it
                result.problems.append(f"the report names {nodeid!r}, which is in no test file of the suite")
                continue
            weight, index = _points_for(nodeid, points)
            if index is not None:
                used[index] = True
            group = entry.get("group") if isinstance(entry.get("group"), str) else None
            declared = points[index] if index is not None else None
            if declared is not None and declared.group is not None:
                group = declared.group
            if group is not None and group not in groups:
                result.problems.append(f"{nodeid} is marked group({group!r}), which is no scoring group "
                                       f"(groups: {', '.join(sorted(groups))})")
            result.units.append(UnitResult(
                nodeid=nodeid,
                verdict=_unit_verdict(entry),
                points=weight,
                sample=entry.get("sample") is True or (declared is not None and declared.sample),
                group=group,
                message=_text(entry.get("message")),
                short=_text(entry.get("short"), CANDIDATE_MESSAGE_CHARS),
                cpu_ms=_int(entry.get("cpu_ms")),
                wall_ms=_int(entry.get("duration_ms")),
                memory_kib=_int(entry.get("memory_kib")),
                stdout=_text(entry.get("stdout"), EXCERPT_CHARS * 4),
                stderr=_text(entry.get("stderr"), EXCERPT_CHARS * 4),
            ))
        for entry, was_used in zip(points, used, strict=True):
            if not was_used:
                result.problems.append(f"problem.yaml grader.tests names {entry.test!r}, which matches no "
                                       "collected test")
        if not result.units and not result.problems:
            result.problems.append("the suite collected no tests")
        return result

    # ------------------------------------------------------------------ results

    def select(self, report: SuiteReport, test: TestCase) -> list[UnitResult]:
        """The unit tests a placeholder test case stands for (see the module docstring)."""
        selectors = [line.strip() for line in test.input.decode("utf-8", errors="replace").splitlines()]
        selectors = [s for s in selectors if s and not s.startswith("#")]
        if selectors:
            return [u for u in report.units if any(_matches(u.nodeid, s) for s in selectors)]
        if test.group == "sample" or test.sample:
            return [u for u in report.units if u.sample]
        first = self.package.manifest.scoring.groups[0].name
        return [u for u in report.units if (u.group or first) == test.group]

    def _placeholder_result(self, context: GradingContext, report: SuiteReport, test: TestCase) -> TestCaseResult:
        if report.failure is not None:
            run = report.run
            return self._result(test, report.failure, 0.0, reviewer=report.failure_message,
                                time_ms=run.time_ms if run else 0, wall_ms=run.wall_ms if run else 0,
                                memory_kib=run.memory_kib if run else 0)
        units = self.select(report, test)
        table = _table(units)
        if report.problems:
            return self._judge_error(test, "\n\n".join(report.problems) + (f"\n\n{table}" if units else ""))
        counted = [u for u in units if u.verdict != Verdict.SKIPPED]
        if not units:
            return self._judge_error(test, f"placeholder {test.group}/{test.name} selects no unit test")
        if not counted:
            return self._judge_error(test, f"every unit test of {test.group}/{test.name} was skipped\n\n{table}")
        failed = [u for u in counted if u.verdict != Verdict.AC]
        total = sum(u.points for u in counted)
        earned = sum(u.points for u in counted if u.verdict == Verdict.AC)
        group = next((g for g in self.package.manifest.scoring.groups if g.name == test.group), None)
        if not failed:
            fraction = 1.0
        elif group is not None and group.aggregate == "sum" and total > 0:
            fraction = earned / total
        else:
            fraction = 0.0
        if fraction > 0:
            verdict = Verdict.AC
        elif any(u.verdict == Verdict.JE for u in failed):
            verdict = Verdict.JE
        else:
            verdict = failed[0].verdict
        passed = len(counted) - len(failed)
        summary = f"{passed} of {len(counted)} unit tests passed" + (
            f" ({_num(earned)} of {_num(total)} points)" if total != len(counted) or earned != passed else "")
        reviewer = summary + "\n\n" + table
        details = "\n\n".join(f"=== {u.nodeid} [{u.verdict}] ===\n{u.message}" for u in failed if u.message)
        if details:
            reviewer += "\n\n" + details
        shown = test.sample or test.group == "sample"
        if shown and failed:
            candidate = summary + "\n\n" + "\n\n".join(
                f"{u.nodeid}: {CANDIDATE_MESSAGES.get(u.verdict, str(u.verdict))}\n{u.short}".rstrip()
                for u in failed)
        elif failed:
            candidate = summary
        else:
            candidate = CANDIDATE_MESSAGES[Verdict.AC]
        return self._result(
            test, verdict, fraction, reviewer=reviewer, candidate=candidate,
            time_ms=sum(u.cpu_ms for u in units), wall_ms=sum(u.wall_ms for u in units),
            memory_kib=max((u.memory_kib for u in units), default=0),
            stdout=_outputs(units, "stdout"), stderr=_outputs(units, "stderr"),
        )

    def _result(self, test: TestCase, verdict: Verdict, fraction: float, *, reviewer: str = "",
                candidate: str = "", time_ms: int = 0, wall_ms: int = 0, memory_kib: int = 0,
                stdout: str = "", stderr: str = "") -> TestCaseResult:
        return TestCaseResult(
            group=test.group,
            name=test.name,
            verdict=verdict,
            fraction=max(0.0, min(1.0, fraction)) if verdict == Verdict.AC else 0.0,
            time_ms=time_ms,
            wall_ms=wall_ms,
            memory_kib=memory_kib,
            candidate_message=_clip(candidate or CANDIDATE_MESSAGES.get(verdict, str(verdict)),
                                    CANDIDATE_MESSAGE_CHARS * 2),
            reviewer_message=_clip(reviewer, MESSAGE_CHARS * 2),
            hidden=not (test.sample or test.group == "sample"),
            stdout_excerpt=stdout,
            stderr_excerpt=stderr,
        )

    def _judge_error(self, test: TestCase, message: str) -> TestCaseResult:
        return self._result(test, Verdict.JE, 0.0, reviewer=message)


# ---------------------------------------------------------------------- helpers


def _language_name(name: str) -> str:
    try:
        language = get_language(name)
    except UnknownLanguageError:
        return name
    return language.short_name or language.display_name


def _unit_verdict(entry: dict[str, Any]) -> Verdict:
    outcome = entry.get("outcome")
    if outcome in ("passed", "xpassed"):
        return Verdict.AC
    if outcome == "skipped":
        return Verdict.SKIPPED
    if outcome == "failed":
        return _VERDICT_OF_KIND.get(str(entry.get("kind")), Verdict.WA)
    return Verdict.JE  # collected but never run: pytest stopped early


def _matches(nodeid: str, selector: str) -> bool:
    """A node id matches itself, and a prefix ending at '::' or '[' (module, class, parametrized test)."""
    return nodeid == selector or (nodeid.startswith(selector) and nodeid[len(selector)] in ":[/")


def _points_for(nodeid: str, entries: list[Any]) -> tuple[float, int | None]:
    """Points of a test: the most specific matching ``tests:`` entry, else 1."""
    best: tuple[int, int] | None = None
    for index, entry in enumerate(entries):
        if _matches(nodeid, entry.test) and (best is None or len(entry.test) > best[0]):
            best = (len(entry.test), index)
    if best is None:
        return 1.0, None
    return float(entries[best[1]].points), best[1]


def _num(value: float) -> str:
    return f"{value:g}"


def _table(units: list[UnitResult]) -> str:
    lines = []
    for unit in units:
        earned = unit.points if unit.verdict == Verdict.AC else 0.0
        lines.append(f"{unit.verdict!s:8} {_num(earned):>5}/{_num(unit.points):<5} {unit.nodeid}")
    return "\n".join(lines)


def _outputs(units: list[UnitResult], stream: str) -> str:
    parts = [f"--- {u.nodeid} ---\n{getattr(u, stream)}" for u in units if getattr(u, stream)]
    return _clip("\n".join(parts), EXCERPT_CHARS * 2)


def _add_dir(tar: tarfile.TarFile, name: str) -> None:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = 0o755
    tar.addfile(info)


def _add_file(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))
