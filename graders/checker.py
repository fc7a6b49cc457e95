"""`checker`: a program of the package judges each output, with the Kattis output-validator protocol.

The checker is compiled once per package (``prepare``). Per test case the candidate's program runs
first, in its own container; then the checker runs in ANOTHER fresh container as

    <checker> input answer feedback/ [config.args...]  < candidate's output

with the test's input and expected answer beside it (they never enter the candidate's container).
Exit code 42 accepts (credit from ``feedback/score_multiplier.txt`` if present, clamped to [0, 1]),
43 rejects; anything else, a checker crash, time-out or memory overrun included, is a judge error
and never the candidate's verdict. ``feedback/judgemessage.txt`` goes to reviewers and
``feedback/teammessage.txt`` to the candidate.
"""

from __future__ import annotations

import math
import posixpath
from typing import ClassVar

from graders.base import GradingContext
from graders.output_grader import Judgement, OutputGrader, excerpt
from graders.results import Verdict
from problemformat import manifest
from problemformat.package import TestCase
from sandbox import CompileResult, Language, Limits, RunResult, companion, detect
from sandbox import Verdict as SandboxVerdict

EXIT_AC = 42
EXIT_WA = 43
CHECKER_MEMORY_MIB = 512
MESSAGE_BYTES = 4096


def checker_language(program: str) -> Language | None:
    """The sandbox language of a checker source file, by its extension (None if unsupported)."""
    return detect([program])


def checker_sources(files: dict[str, bytes], program: str, language: Language) -> dict[str, bytes]:
    """The files to compile: the program under the language's main file name, plus the headers (and,
    for interpreted languages, the same-language modules) of its folder, e.g. testlib.h."""
    folder = posixpath.dirname(program)
    prefix = f"{folder}/" if folder else ""
    sources = {language.source_name: files[program]}
    for path, data in files.items():
        if path == program or not path.startswith(prefix) or "/" in path[len(prefix):]:
            continue
        name = path[len(prefix):]
        if companion(language, name) and name != language.source_name:
            sources[name] = data
    return sources


class CheckerGrader(OutputGrader):
    kind: ClassVar[str] = "checker"
    config_model: ClassVar[type | None] = manifest.CheckerGrader

    compiled: CompileResult | None = None
    language: Language | None = None
    prepare_error: str = ""

    def prepare(self) -> None:
        """Compile the checker once; any failure is recorded and makes every test a judge error."""
        program = self.config.program
        language = checker_language(program)
        if program not in self.package.files:
            self.prepare_error = f"checker program {program!r} is not in the package"
            return
        if language is None:
            self.prepare_error = f"checker {program!r}: no supported language for its file extension"
            return
        self.language = language
        sources = checker_sources(dict(self.package.files), program, language)
        try:
            compiled = self.sandbox.compile(language, sources)
        except Exception as exc:  # the sandbox failed, the package did not; retried on the next prepare
            self.prepare_error = f"could not compile the checker {program!r}: {type(exc).__name__}: {exc}"
            raise
        if not compiled.ok:
            self.prepare_error = f"the checker {program!r} does not compile:\n{compiled.message}"
            return
        self.compiled = compiled

    def judge(self, context: GradingContext, test: TestCase, output: bytes) -> Judgement:
        if self.compiled is None or self.language is None:
            return Judgement(Verdict.JE, reviewer_message=self.prepare_error or "checker not prepared")
        limits = Limits(time_limit_s=self.config.time_limit_s, memory_limit_mib=CHECKER_MEMORY_MIB)
        run = self.sandbox.run_job(
            self.compiled, self.language, output, limits,
            args=["input", "answer", "feedback/", *self.config.args],
            extra_files={"input": test.input, "answer": test.answer, "feedback/": b""},
            collect="feedback",
        )
        judge_message = _message(run.collected.get("judgemessage.txt", b""))
        team_message = _message(run.collected.get("teammessage.txt", b""))
        exited = run.verdict in (SandboxVerdict.OK, SandboxVerdict.RE) and run.signal is None
        if not exited or run.exit_code not in (EXIT_AC, EXIT_WA):
            return Judgement(Verdict.JE, reviewer_message=_failure(run, judge_message))
        if run.exit_code == EXIT_WA:
            return Judgement(Verdict.WA, reviewer_message=judge_message or "checker: wrong answer",
                             candidate_message=team_message)
        fraction, problem = _score_multiplier(run.collected.get("score_multiplier.txt"))
        if problem:
            return Judgement(Verdict.JE, reviewer_message=problem)
        default = "checker: accepted" + (f" with score multiplier {fraction:g}" if fraction < 1 else "")
        return Judgement(Verdict.AC, fraction=fraction, candidate_message=team_message,
                         reviewer_message=judge_message or default)


def _failure(run: RunResult, judge_message: str) -> str:
    """Why a checker run is a judge error, for reviewers."""
    if run.verdict in (SandboxVerdict.OK, SandboxVerdict.RE):
        how = f"checker killed by {run.signal}" if run.signal else f"checker exited with code {run.exit_code}"
    else:
        how = f"checker {run.verdict}: {run.message}"
    parts = [f"{how} (a checker must exit {EXIT_AC} or {EXIT_WA})"]
    if judge_message:
        parts.append(f"judgemessage: {judge_message}")
    if run.stderr:
        parts.append(f"checker stderr: {excerpt(run.stderr)}")
    return "\n".join(parts)


def _message(data: bytes) -> str:
    return excerpt(data, MESSAGE_BYTES).strip()


def _score_multiplier(data: bytes | None) -> tuple[float, str]:
    """(fraction, problem): 1.0 when the file is absent; a JE problem when it is not a number."""
    if data is None:
        return 1.0, ""
    text = data.decode("utf-8", errors="replace").strip()
    try:
        value = float(text)
    except ValueError:
        return 0.0, f"score_multiplier.txt is not a number: {text[:80]!r}"
    if math.isnan(value):
        return 0.0, "score_multiplier.txt is nan"
    return min(1.0, max(0.0, value)), ""
