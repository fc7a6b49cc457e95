"""`interactive`: the package's interactor talks to the candidate's program over pipes (Kattis protocol).

    grader: {kind: interactive, program: grader/interactor.py, args: []}

The interactor (Python, C or C++, chosen by its extension; files of the same folder that are
headers, or modules of an interpreted interactor, are compiled with it) is compiled once in
``prepare()``. Per test case the candidate's program and the interactor run in two fresh sandbox
containers, each one's stdout fed to the other's stdin by the host, the interactor as

    <interactor> input answer feedback/ [args...]

with the test's input and answer files beside it (they never enter the candidate's container). It
exits 42 to accept and 43 to reject; ``feedback/judgemessage.txt`` is shown to reviewers,
``feedback/teammessage.txt`` to the candidate, and ``feedback/score_multiplier.txt`` (a number in
[0, 1]) gives partial credit on an accept.

Verdict precedence, as problemtools' verifyproblem judges interactive problems:

1. the interactor crashed, hung, ran out of a limit or exited with anything but 42/43: JE (never
   the candidate's verdict, even if the candidate misbehaved too), with one exception: an
   interactor that ran out of time still behind on the output of a program that had already failed
   (TLE, RE, MLE, OLE) is the program's verdict (see below);
2. the interactor rejected (43) and finished before the candidate: WA, even if the candidate then
   timed out or crashed (it was talking to a judge that had already hung up);
3. the candidate exceeded its time limit: TLE;
4. the candidate crashed or exceeded its memory or output limit: RE, MLE, OLE;
5. otherwise the interactor's verdict: 43 WA, 42 AC (times score_multiplier.txt).

"Finished before" is observed in the interactor's container: the interactor runs under
graders/harness/interactor_wrapper.py, which passes the candidate's output through to the
interactor's stdin and records whether the interactor exited while that output was still open.
The interactor can only see the candidate's EOF through the wrapper, so the order is exact in the
cases that matter (a candidate that crashes on the EOF caused by a rejection is WA; an interactor
that rejects because the candidate died is the candidate's RE or TLE). Without that record (the
wrapper was killed), the two sides' wall times decide, with a margin of ``FIRST_MARGIN_MS``.

The exception to rule 1: the host relays the two streams with back-pressure (sandbox/interact.py),
so a program that floods the interactor without reading waits, as on a pipe, and gets its TLE; but
between the two programs there is far more buffer than a pipe's 64 KiB (the relay's queue, the
Docker engine's and both agents' buffers: a megabyte or more), and an interactor that handles each
query slowly (DOMjudge's boolfind sleeps 0.1 ms per query) can need longer than its slack to read
what a failed program left behind. Under Kattis it would read at most a pipe's worth and see the
end. So an interactor that ran out of time *without having seen the end of the program's output*
(no record: the wrapper was still passing that output on when it was killed) after a program that
failed first is not judged: the verdict is the program's. One that saw the end and still did not
finish (record "program") hung on its own: JE, as is any crash or wrong exit code.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, ClassVar

from graders.base import Grader, GradingContext
from graders.checker import checker_sources
from graders.harness import interactor_wrapper
from graders.output_grader import excerpt
from graders.results import TestCaseResult
from graders.verdicts import CANDIDATE_MESSAGES, Verdict, from_sandbox
from problemformat import manifest
from problemformat.package import TestCase
from sandbox import (
    MAX_TIME_LIMIT_S,
    CompileResult,
    EngineUnavailable,
    Language,
    Limits,
    RunResult,
    SandboxError,
    detect,
)
from sandbox import Verdict as SandboxVerdict

EXIT_AC = 42
EXIT_WA = 43
INTERACTOR_MEMORY_MIB = 512
INTERACTOR_SLACK_S = 5.0  # the interactor outlives the candidate by this much
FIRST_MARGIN_MS = 250
MESSAGE_BYTES = 8192
WRAPPER_NAME = ".assay-interact.py"
FIRST_RECORD = ".assay-first"
FEEDBACK = "feedback/"
# The program's own failures: ended first with one of these, it is judged, not an interactor left
# behind on its output (see the module docstring).
PROGRAM_FAILURES = (SandboxVerdict.TLE, SandboxVerdict.RE, SandboxVerdict.MLE, SandboxVerdict.OLE)

__all__ = ["InteractiveGrader", "interactor_language", "kattis_verdict"]


def interactor_language(program: str) -> Language | None:
    """The sandbox language of an interactor source by extension (headers are no program)."""
    return detect([program])


def _text(data: bytes | None, limit: int = MESSAGE_BYTES) -> str:
    if not data:
        return ""
    text = data[:limit].decode("utf-8", errors="replace")
    return text + "\n[...]" if len(data) > limit else text


def kattis_verdict(program: RunResult, interactor: RunResult, first: str | None = None) -> tuple[Verdict, str]:
    """(verdict, why) for one interaction; ``first`` is the side that ended first ("interactor" or
    "program") if known. See the module docstring for the precedence."""
    exit_code = interactor.exit_code if interactor.signal is None else None
    clean = interactor.verdict in (SandboxVerdict.OK, SandboxVerdict.RE) and exit_code in (EXIT_AC, EXIT_WA)
    if (not clean and interactor.verdict == SandboxVerdict.TLE and first is None
            and program.verdict in PROGRAM_FAILURES and program.wall_ms + FIRST_MARGIN_MS < interactor.wall_ms):
        return from_sandbox(program.verdict), (
            f"{program.message}; the interactor then ran out of time ({interactor.message}) still reading "
            "the output the program had left (far more is buffered between the two than a pipe holds): "
            "the program's verdict, not a judge error")
    if not clean:
        if interactor.verdict == SandboxVerdict.TLE:
            why = f"the interactor did not finish ({interactor.message})"
        elif interactor.signal is not None:
            why = f"the interactor crashed ({interactor.signal})"
        elif interactor.verdict in (SandboxVerdict.MLE, SandboxVerdict.OLE, SandboxVerdict.JE):
            why = f"the interactor failed: {interactor.verdict} ({interactor.message})"
        else:
            why = f"the interactor exited with {exit_code}, not {EXIT_AC} or {EXIT_WA}"
        return Verdict.JE, why
    if program.verdict == SandboxVerdict.JE:
        return Verdict.JE, f"sandbox failure running the program: {program.message}"
    if first in ("interactor", "program"):
        interactor_first = first == "interactor"
    else:
        interactor_first = interactor.wall_ms + FIRST_MARGIN_MS < program.wall_ms
    if exit_code == EXIT_WA and interactor_first:
        return Verdict.WA, "the interactor rejected the interaction (exit 43) before the program ended"
    if program.verdict in (SandboxVerdict.TLE, SandboxVerdict.RE, SandboxVerdict.MLE, SandboxVerdict.OLE):
        return from_sandbox(program.verdict), program.message
    if exit_code == EXIT_WA:
        return Verdict.WA, "the interactor rejected the interaction (exit 43)"
    return Verdict.AC, "the interactor accepted the interaction (exit 42)"


class InteractiveGrader(Grader):
    kind: ClassVar[str] = "interactive"
    config_model: ClassVar[type | None] = manifest.InteractiveGrader

    def __init__(self, config: Any, package: Any, sandbox: Any) -> None:
        super().__init__(config, package, sandbox)
        self.compiled: CompileResult | None = None
        self.language: Language | None = None
        self.wrapper = b""
        self.prepare_error = ""

    def prepare(self) -> None:
        """Compile the interactor once. A package problem (missing, unsupported, does not compile) is
        recorded and makes every test a judge error; a sandbox failure raises (try again later)."""
        program = self.config.program
        language = interactor_language(program)
        if program not in self.package.files:
            self.prepare_error = f"interactor {program!r} is not in the package"
            return
        if language is None:
            self.prepare_error = f"interactor {program!r}: no sandbox language for its extension"
            return
        compiled = self.sandbox.compile(language, checker_sources(dict(self.package.files), program, language))
        if not compiled.ok:
            self.prepare_error = f"interactor {program} does not compile ({compiled.verdict}):\n{compiled.message}"
            return
        self.compiled = compiled
        # The same language (and image), run under the wrapper that records who ended first.
        self.language = replace(language, run=("python3", "-I", "-S", "-B", WRAPPER_NAME, FEEDBACK, *language.run))
        self.wrapper = interactor_wrapper()

    def interactor_limits(self, context: GradingContext) -> Limits:
        wall = min(3 * MAX_TIME_LIMIT_S, context.limits.effective_wall_s + INTERACTOR_SLACK_S)
        return Limits(
            time_limit_s=min(MAX_TIME_LIMIT_S, wall),
            wall_limit_s=wall,
            memory_limit_mib=max(INTERACTOR_MEMORY_MIB, context.limits.memory_limit_mib),
            output_limit_bytes=max(context.limits.output_limit_bytes, 64 << 20),
        )

    def grade(self, context: GradingContext, tests: list[TestCase]) -> list[TestCaseResult]:
        workers = min(self.sandbox.settings.test_parallelism, len(tests))
        if workers <= 1:
            return [self.grade_one(context, test) for test in tests]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="interact") as pool:
            return list(pool.map(lambda test: self.grade_one(context, test), tests))

    def grade_one(self, context: GradingContext, test: TestCase) -> TestCaseResult:
        if self.compiled is None or self.language is None:
            return self._result(test, Verdict.JE, reviewer=self.prepare_error or "the interactor was not prepared")
        try:
            program, interactor = self.sandbox.interact(
                (context.compiled, context.submission.language, context.limits),
                (self.compiled, self.language, self.interactor_limits(context)),
                interactor_args=["input", "answer", FEEDBACK, *self.config.args],
                interactor_files={"input": test.input, "answer": test.answer, FEEDBACK: b"",
                                  WRAPPER_NAME: self.wrapper},
                collect=FEEDBACK.rstrip("/"),
            )
        except EngineUnavailable:  # the Docker engine failed, not the program: the grading is retried
            raise
        except (SandboxError, OSError) as exc:
            return self._result(test, Verdict.JE, reviewer=f"sandbox error: {type(exc).__name__}: {exc}")
        try:
            return self.judge(test, program, interactor)
        except Exception as exc:  # a grader bug must not become the candidate's verdict
            return self._result(test, Verdict.JE, reviewer=f"grader error: {type(exc).__name__}: {exc}")

    def judge(self, test: TestCase, program: RunResult, interactor: RunResult) -> TestCaseResult:
        feedback = dict(interactor.collected)
        first = _text(feedback.pop(FIRST_RECORD, b""), 20).strip() or None
        verdict, why = kattis_verdict(program, interactor, first)
        fraction = 1.0 if verdict == Verdict.AC else 0.0
        if verdict == Verdict.AC and "score_multiplier.txt" in feedback:
            raw = _text(feedback["score_multiplier.txt"], 100).strip()
            try:
                fraction = float(raw)
            except ValueError:
                fraction = math.nan
            if not math.isfinite(fraction) or not 0.0 <= fraction <= 1.0:
                verdict, why = Verdict.JE, f"score_multiplier.txt holds {raw!r}, not a number in [0, 1]"
                fraction = 0.0
        parts = [why]
        judge_message = _text(feedback.get("judgemessage.txt"))
        if judge_message:
            parts.append(f"--- judgemessage.txt ---\n{judge_message}")
        if verdict == Verdict.JE or interactor.stderr:
            parts.append(f"--- interactor: {interactor.verdict}, exit {interactor.exit_code}, "
                         f"signal {interactor.signal}, {interactor.wall_ms} ms wall ---\n"
                         f"{_text(interactor.stderr)}".rstrip())
        parts.append(f"--- program: {program.verdict}, exit {program.exit_code}, signal {program.signal}, "
                     f"{program.wall_ms} ms wall ---")
        team_message = _text(feedback.get("teammessage.txt"), 2048).strip()
        return self._result(
            test, verdict, fraction,
            reviewer="\n".join(parts),
            candidate=team_message,
            time_ms=program.time_ms, wall_ms=program.wall_ms, memory_kib=program.memory_kib,
            stdout=excerpt(program.stdout), stderr=excerpt(program.stderr),
        )

    def _result(self, test: TestCase, verdict: Verdict, fraction: float = 0.0, *, reviewer: str = "",
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
            candidate_message=candidate or CANDIDATE_MESSAGES.get(verdict, str(verdict)),
            reviewer_message=reviewer,
            hidden=not test.sample,
            stdout_excerpt=stdout,
            stderr_excerpt=stderr,
        )
