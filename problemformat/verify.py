"""Verify a problem package: every reference submission must get the verdict its folder names.

Kattis' verifyproblem, for Assay packages. Folder -> expectation:

    accepted               AC with full points (also for scoring problems)
    wrong_answer           WA          time_limit_exceeded    TLE
    run_time_error         RE (or MLE) memory_limit_exceeded  MLE
    compile_error          CE
    partial                0 < points < max points

(running out of memory is a run-time error to Kattis and DOMjudge, whose reference submissions
Assay imports; memory_limit_exceeded/ asks for MLE itself) and, when submissions.yaml gives an
expected score for a submission, exactly those points. The verdict is the Kattis first-error
verdict (graders/scoring.py). A submission whose language the sandbox does not support (unknown
extension, image not built) or the problem does not accept is SKIPPED, not failed.

Before the submissions, every input validator of the package (input_validators/) checks every test
input, samples included (Kattis protocol: exit 42 valid, 43 invalid, anything else a failure of the
validator itself): :func:`verify_inputs`, with the runs handed to a :class:`ValidateInputs` the caller
gives (graders.input_validation), as with the judge.

The grading itself is not done here: the caller hands in a :class:`Judge` (the CLI, Assay's
composition root for this command, passes graders.reference_judge), so the problem format never
imports the graders; they depend on it, not the other way round.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, Field

from problemformat.input_validators import InputRun, input_runs
from problemformat.languages import allowed_languages
from problemformat.package import InputValidator, Package, ReferenceSubmission
from problemformat.questions import ANSWERS_LANGUAGE
from problemformat.verdicts import Verdict
from sandbox import Language, Sandbox, SandboxError, all_languages

SCORE_TOLERANCE = 1e-6
EXPECTED_VERDICT: dict[str, Verdict] = {
    "accepted": Verdict.AC,
    "wrong_answer": Verdict.WA,
    "time_limit_exceeded": Verdict.TLE,
    "run_time_error": Verdict.RE,
    "memory_limit_exceeded": Verdict.MLE,
    "compile_error": Verdict.CE,
}

# (submission path, test cases done, test cases in all)
VerifyProgress = Callable[[str, int, int], None]
# (test cases done, test cases in all) of one submission
JudgeProgress = Callable[[int, int], None]


class JudgedTest(Protocol):
    """One test case's outcome, as far as verify reads it (graders.results.TestCaseResult is one)."""

    @property
    def group(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def time_ms(self) -> int: ...
    @property
    def candidate_message(self) -> str: ...
    @property
    def reviewer_message(self) -> str: ...


class Judgement(Protocol):
    """A graded submission, as far as verify reads it (graders.results.GradeResult is one)."""

    @property
    def verdict(self) -> Verdict: ...
    @property
    def points(self) -> float: ...
    @property
    def max_points(self) -> float: ...
    @property
    def compile_message(self) -> str: ...
    @property
    def tests(self) -> Sequence[JudgedTest]: ...


class Judge(Protocol):
    """Grades one submission (language, files) of a package in the sandbox, reporting progress.

    Raises when the sandbox fails mid-way (verify records that as a failure of the submission).
    """

    def __call__(self, package: Package, language: str, files: Mapping[str, bytes],
                 progress: JudgeProgress | None) -> Judgement: ...


class Status(StrEnum):
    OK = "OK"
    FAIL = "FAIL"
    SKIP = "SKIP"


class InputVerdict(StrEnum):
    VALID = "valid"  # exit 42
    INVALID = "invalid"  # exit 43: the test input is malformed
    VALIDATOR_FAILED = "validator failed"  # anything else: the validator crashed, timed out, did not compile


class InputCheck(BaseModel):
    """One input validator on one test input (``test`` is "" when the validator could not run at all)."""

    validator: str  # its path in the package, e.g. input_validators/validate.py
    test: str  # e.g. tests/secret/small/01.in
    verdict: InputVerdict
    message: str = ""  # the validator's own words (stdout, stderr), or why it failed

    @property
    def ok(self) -> bool:
        return self.verdict == InputVerdict.VALID

    def describe(self) -> str:
        """One line for people: which file, which validator, what it said."""
        if self.verdict == InputVerdict.INVALID:
            text = f"{self.test}: rejected by the input validator {self.validator}"
        elif self.test:
            text = (f"{self.test}: the input validator {self.validator} failed instead of exiting 42 (valid) "
                    f"or 43 (invalid)")
        else:
            text = f"the input validator {self.validator} cannot run"
        return text + (f": {self.message}" if self.message else "")


# (test inputs checked, test inputs in all) of one package
InputProgress = Callable[[int, int], None]


class ValidateInputs(Protocol):
    """Runs each validator over the runs in the sandbox, one :class:`InputCheck` per (validator, run)
    (or one with test "" for a validator that cannot run), reporting progress in runs done.

    Raises when the sandbox fails (verify records that as a failure of the package's inputs).
    """

    def __call__(self, package: Package, validators: Sequence[InputValidator], runs: Sequence[InputRun],
                 progress: InputProgress | None) -> list[InputCheck]: ...


class SubmissionCheck(BaseModel):
    """The outcome of one reference submission."""

    problem: str
    submission: str  # path in the package, e.g. submissions/accepted/sol.py
    language: str | None
    expected: str  # folder name
    expected_score: float | None = None
    status: Status
    verdict: Verdict | None = None
    points: float | None = None
    max_points: float
    time_ms: int = 0  # slowest test case, CPU time
    reason: str = ""  # why it failed or was skipped


class ProblemReport(BaseModel):
    """One package: load errors, or a check per reference submission."""

    path: str
    slug: str | None = None
    errors: list[str] = Field(default_factory=list)
    validators: list[str] = Field(default_factory=list)  # paths of the input validators run
    inputs_checked: int = 0  # test inputs the validators ran over
    input_failures: list[InputCheck] = Field(default_factory=list)
    submissions: list[SubmissionCheck] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (not self.errors and not self.input_failures
                and all(s.status != Status.FAIL for s in self.submissions))


def expected_text(expected: str, expected_score: float | None, max_points: float) -> str:
    """The expectation in a table cell: 'AC 100', 'WA', 'partial', 'partial 40'."""
    if expected == "accepted":
        text = f"AC {_num(max_points)}"
    elif expected == "run_time_error":
        text = "RE/MLE"
    else:
        text = EXPECTED_VERDICT[expected].value if expected in EXPECTED_VERDICT else expected
    if expected_score is not None and expected != "accepted":
        text += f" {_num(expected_score)}"
    return text


def _num(value: float) -> str:
    return f"{value:g}"


def expectation_problem(expected: str, expected_score: float | None, result: Judgement) -> str:
    """Why ``result`` does not meet the expectation of its folder ("" when it does)."""
    got = f"{result.verdict.value} with {_num(result.points)}/{_num(result.max_points)} points"
    if expected == "accepted":
        if result.verdict != Verdict.AC or abs(result.points - result.max_points) > SCORE_TOLERANCE:
            return f"expected AC with full points, got {got}"
    elif expected == "partial":
        if not SCORE_TOLERANCE < result.points < result.max_points - SCORE_TOLERANCE:
            return f"expected partial points (0 < points < {_num(result.max_points)}), got {got}"
    elif expected == "run_time_error":
        if result.verdict not in (Verdict.RE, Verdict.MLE):
            return f"expected RE (or MLE), got {got}"
    elif expected in EXPECTED_VERDICT:
        if result.verdict != EXPECTED_VERDICT[expected]:
            return f"expected {EXPECTED_VERDICT[expected].value}, got {got}"
    else:
        return f"unknown expected verdict folder {expected!r}"
    if expected_score is not None and abs(result.points - expected_score) > SCORE_TOLERANCE:
        return f"expected {_num(expected_score)} points (submissions.yaml), got {got}"
    return ""


def _first_failure(result: Judgement) -> str:
    if result.compile_message and result.verdict in (Verdict.CE, Verdict.JE) and not result.tests:
        return "compiler: " + result.compile_message.strip()[:300]
    for test in result.tests:
        if test.verdict != Verdict.AC:
            detail = (test.reviewer_message or test.candidate_message).strip().splitlines()
            return f"first failure {test.group}/{test.name} {test.verdict.value}" + (
                f": {detail[0][:300]}" if detail else "")
    return ""


def submission_files(ref: ReferenceSubmission, language: Language) -> dict[str, bytes]:
    """The files as a candidate would submit them: a single source file is renamed to the
    language's main file (sol.py -> main.py); several files keep their names."""
    files = dict(ref.files)
    if len(files) == 1:
        (name, data), = files.items()
        if posixpath.splitext(name)[1] in language.extensions and name != language.source_name:
            return {language.source_name: data}
    return files


def skip_reason(package: Package, ref: ReferenceSubmission, sandbox: Sandbox) -> str:
    """Why this submission cannot be run here ("" when it can)."""
    if ref.language is None or ref.language not in all_languages():
        return f"no supported language for {posixpath.basename(ref.path)!r}"
    if ref.language not in allowed_languages(package.manifest):
        return f"language {ref.language} is not in problem.yaml's languages"
    return ""


def check_submission(package: Package, ref: ReferenceSubmission, sandbox: Sandbox, judge: Judge,
                     progress: JudgeProgress | None = None) -> SubmissionCheck:
    """Grade one reference submission with ``judge`` and compare with its folder's expectation."""
    max_points = package.manifest.scoring.max_points
    base: dict[str, Any] = {"problem": package.slug, "submission": ref.path, "language": ref.language,
            "expected": ref.expected, "expected_score": ref.expected_score, "max_points": max_points}
    if package.questions is not None:  # a quiz: answers.json, scored without a sandbox
        language_name, files = ANSWERS_LANGUAGE, dict(ref.files)
    else:
        reason = skip_reason(package, ref, sandbox)
        if reason:
            return SubmissionCheck(status=Status.SKIP, reason=reason, **base)
        language = all_languages()[ref.language]  # type: ignore[index]  # checked by skip_reason
        try:  # a missing image is built now; one that cannot be is a failure to fix, never a quiet skip
            sandbox.ensure_image(language)
        except SandboxError as exc:
            return SubmissionCheck(status=Status.FAIL, reason=str(exc), **base)
        language_name, files = language.name, submission_files(ref, language)
    try:
        result = judge(package, language_name, files, progress)
    except Exception as exc:  # the sandbox failed mid-way: a failure of this run, not a crash
        return SubmissionCheck(status=Status.FAIL, reason=f"grading failed: {type(exc).__name__}: {exc}",
                               **base)
    problem = expectation_problem(ref.expected, ref.expected_score, result)
    if problem:
        detail = _first_failure(result)
        problem += f"; {detail}" if detail else ""
    return SubmissionCheck(
        status=Status.FAIL if problem else Status.OK,
        verdict=result.verdict,
        points=result.points,
        time_ms=max((t.time_ms for t in result.tests), default=0),
        reason=problem,
        **base,
    )


def tests_per_submission(package: Package) -> int:
    """Test cases graded per submission (samples included)."""
    return len(package.samples) + sum(len(package.groups.get(g.name, []))
                                      for g in package.manifest.scoring.groups)


def input_checks_total(package: Package) -> int:
    """Validator runs of a package (progress totals): each validator over each test input."""
    if not package.input_validators:
        return 0
    return len(package.input_validators) * len(input_runs(package.manifest, package.samples, package.groups))


def verify_inputs(package: Package, validate: ValidateInputs,
                  progress: InputProgress | None = None) -> tuple[int, list[InputCheck]]:
    """Run every input validator over every test input: (inputs checked, the checks that failed)."""
    validators = package.input_validators
    if not validators:
        return 0, []
    runs = input_runs(package.manifest, package.samples, package.groups)
    try:
        checks = validate(package, validators, runs, progress)
    except Exception as exc:  # the sandbox failed mid-way: a failure of this check, not a crash
        return 0, [InputCheck(validator=", ".join(v.path for v in validators), test="",
                              verdict=InputVerdict.VALIDATOR_FAILED,
                              message=f"the sandbox failed: {type(exc).__name__}: {exc}")]
    return len(runs), [check for check in checks if not check.ok]


def verify_package(package: Package, sandbox: Sandbox, *, judge: Judge, progress: VerifyProgress | None = None,
                   jobs: int = 1) -> list[SubmissionCheck]:
    """Check every reference submission of the package with ``judge`` (``jobs`` of them at a time)."""

    def one(ref: ReferenceSubmission) -> SubmissionCheck:
        report = None if progress is None else (lambda done, total: progress(ref.path, done, total))
        check = check_submission(package, ref, sandbox, judge, report)
        if progress is not None and check.status == Status.SKIP:
            progress(ref.path, tests_per_submission(package), tests_per_submission(package))
        return check

    if jobs <= 1 or len(package.submissions) <= 1:
        return [one(ref) for ref in package.submissions]
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="verify") as pool:
        return list(pool.map(one, package.submissions))


__all__ = [
    "EXPECTED_VERDICT",
    "InputCheck",
    "InputProgress",
    "InputVerdict",
    "Judge",
    "JudgeProgress",
    "JudgedTest",
    "Judgement",
    "ProblemReport",
    "Status",
    "SubmissionCheck",
    "ValidateInputs",
    "check_submission",
    "expectation_problem",
    "expected_text",
    "input_checks_total",
    "skip_reason",
    "submission_files",
    "tests_per_submission",
    "verify_inputs",
    "verify_package",
]
