"""Input validators in the sandbox: the :class:`problemformat.verify.ValidateInputs` of ``assay problems
verify`` (the CLI, its composition root, hands :func:`input_validation` to ``verify_inputs``).

Each validator is compiled once, then runs over the test inputs in one container of its own (a
``Sandbox.submission`` unit: a fresh process per input, the agent cleaning up between them), ``jobs``
such containers at a time, each taking a share of the inputs. Per input it runs as

    <validator> [flags of the test's group...]  < the test input

with the Kattis protocol: exit 42 valid, 43 invalid; anything else (a crash, an uncaught assertion, a
time-out, a memory overrun, killed by a signal) is the validator's own failure, reported as such and
never as the input's. The validator's stdout and stderr are its message.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from graders.checker import checker_sources
from graders.output_grader import excerpt
from problemformat.input_validators import InputRun
from problemformat.package import InputValidator, Package
from problemformat.verify import InputCheck, InputProgress, InputVerdict, ValidateInputs
from sandbox import CompileResult, Language, Limits, RunResult, Sandbox, get_language
from sandbox import Verdict as SandboxVerdict

__all__ = ["EXIT_INVALID", "EXIT_VALID", "input_validation", "validate_inputs", "validator_sources"]

_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")
EXIT_VALID = 42
EXIT_INVALID = 43
VALIDATOR_MEMORY_MIB = 1024
MESSAGE_BYTES = 600


def validator_sources(package: Package, validator: InputValidator, language: Language) -> dict[str, bytes]:
    """What to compile: a one-file validator alone, a folder's main file with its headers and modules."""
    if not validator.folder:
        return {language.source_name: package.files[validator.program]}
    inside = {path: data for path, data in package.files.items() if path.startswith(validator.path)}
    return checker_sources(inside, validator.program, language)


def input_validation(sandbox: Sandbox, jobs: int = 1) -> ValidateInputs:
    """A :class:`ValidateInputs` running validators in ``sandbox``, ``jobs`` containers at a time."""

    def validate(package: Package, validators: Sequence[InputValidator], runs: Sequence[InputRun],
                 progress: InputProgress | None) -> list[InputCheck]:
        return validate_inputs(package, sandbox, validators, runs, progress=progress, jobs=jobs)

    return validate


def validate_inputs(package: Package, sandbox: Sandbox, validators: Sequence[InputValidator],
                    runs: Sequence[InputRun], *, progress: InputProgress | None = None,
                    jobs: int = 1) -> list[InputCheck]:
    """Each validator over each run: one check per (validator, run), or one per validator that cannot
    run (test ""). Progress counts runs done, a validator that cannot run counting all of its runs."""
    total = len(validators) * len(runs)
    done = 0
    lock = threading.Lock()

    def advance(count: int) -> None:
        nonlocal done
        if progress is None:
            return
        with lock:
            done += count
            progress(done, total)

    config = package.manifest.input_validation
    limits = Limits(time_limit_s=config.time_limit_s, memory_limit_mib=VALIDATOR_MEMORY_MIB)
    checks: list[InputCheck] = []
    work: list[tuple[InputValidator, Language, CompileResult, Sequence[InputRun]]] = []
    for validator in validators:
        language = get_language(validator.language)
        compiled = sandbox.compile(language, validator_sources(package, validator, language))
        if not compiled.ok:
            checks.append(InputCheck(validator=validator.path, test="", verdict=InputVerdict.VALIDATOR_FAILED,
                                     message="does not compile: " + compiled.message.strip()[:MESSAGE_BYTES]))
            advance(len(runs))
            continue
        shares = max(1, min(jobs, len(runs)))
        work.extend((validator, language, compiled, runs[i::shares]) for i in range(shares))

    def one_share(item: tuple[InputValidator, Language, CompileResult, Sequence[InputRun]]) -> list[InputCheck]:
        validator, language, compiled, share = item
        found = []
        with sandbox.submission(language, limits) as unit:
            for run in share:
                result = unit.run_job(compiled, language, run.input, limits, args=list(run.args))
                found.append(_check(validator, run, result))
                advance(1)
        return found

    if jobs <= 1 or len(work) <= 1:
        results = [one_share(item) for item in work]
    else:
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="input-validation") as pool:
            results = list(pool.map(one_share, work))
    order = {run.path: index for index, run in enumerate(runs)}
    for found in results:
        checks.extend(found)
    return sorted(checks, key=lambda c: (c.validator, order.get(c.test, -1)))


def _check(validator: InputValidator, run: InputRun, result: RunResult) -> InputCheck:
    exited = result.verdict in (SandboxVerdict.OK, SandboxVerdict.RE) and result.signal is None
    said = _said(result)
    if exited and result.exit_code == EXIT_VALID:
        return InputCheck(validator=validator.path, test=run.path, verdict=InputVerdict.VALID)
    if exited and result.exit_code == EXIT_INVALID:
        return InputCheck(validator=validator.path, test=run.path, verdict=InputVerdict.INVALID,
                          message=said or f"exit code {EXIT_INVALID} (no message)")
    if result.verdict in (SandboxVerdict.OK, SandboxVerdict.RE):
        how = f"killed by {result.signal}" if result.signal else f"exit code {result.exit_code}"
    else:
        how = f"{result.verdict}: {result.message}".rstrip(": ")
    message = how + (f"; {said}" if said else "")
    return InputCheck(validator=validator.path, test=run.path, verdict=InputVerdict.VALIDATOR_FAILED,
                      message=message)


def _said(result: RunResult) -> str:
    """What the validator wrote, on one line: its stdout, then stderr (of a traceback, its last line:
    the reason, e.g. ``AssertionError: n out of range``)."""
    parts = []
    out = excerpt(result.stdout, MESSAGE_BYTES).strip()
    if out:
        parts.append(" | ".join(line.strip() for line in out.splitlines() if line.strip()))
    lines = [line.strip() for line in excerpt(result.stderr[-MESSAGE_BYTES:]).splitlines() if line.strip()]
    if lines and any(line.startswith("Traceback (most recent call last)") for line in lines):
        starts = [i for i, line in enumerate(lines) if _EXCEPTION.match(line)]
        lines = lines[starts[-1]:] if starts else lines[-1:]
    if lines:
        parts.append(" | ".join(lines))
    return " | ".join(parts)[: 2 * MESSAGE_BYTES]
