"""graders/judge.py's own logic (language check, CE, grader failures, the prepared-grader cache,
progress) against a fake sandbox, so it is fast and exact. The output graders in the real sandbox:
tests/docker/test_graders_output.py."""

from __future__ import annotations

import threading

import pytest
from support.packages import make_package, py

from graders.base import Grader, Submission
from graders.judge import (
    LanguageNotAllowedError,
    clear_grader_cache,
    grade_submission,
    prepared_grader,
    run_custom,
)
from graders.results import Verdict
from sandbox.models import CompileResult, RunResult
from sandbox.runner import pack_files
from sandbox.settings import SandboxSettings
from sandbox.verdicts import Verdict as SandboxVerdict


class FakeSandbox:
    """Compiles anything except sources containing 'SYNTAX'; 'runs' by echoing stdin."""

    def __init__(self) -> None:
        self.settings = SandboxSettings(pool_size=0)
        self.compiles = 0
        self.runs = 0

    def compile(self, language, files) -> CompileResult:
        self.compiles += 1
        pack_files(files)  # the real name and size checks (SourceError)
        if any(b"SYNTAX" in data for data in files.values()):
            return CompileResult(ok=False, verdict=SandboxVerdict.CE, message="main.py:1: invalid syntax")
        return CompileResult(ok=True, verdict=SandboxVerdict.OK, message="")

    def run_job(self, compiled, language, stdin, limits, **kwargs) -> RunResult:
        self.runs += 1
        return RunResult(verdict=SandboxVerdict.OK, stdout=stdin, time_ms=5, memory_kib=1000)


ECHO = [(b"1\n", b"1\n"), (b"2\n", b"2\n")]


def test_judge_grades_samples_and_groups_with_progress():
    box = FakeSandbox()
    package = make_package(groups={"a": ECHO, "b": [(b"x\n", b"y\n")]}, samples=[(b"s\n", b"s\n")],
                           scoring=[{"name": "a", "points": 30}, {"name": "b", "points": 70}])
    seen = []
    result = grade_submission(package, py("echo"), box, progress=lambda *args: seen.append(args))
    assert seen == [(1, 4), (3, 4), (4, 4)]
    assert [(t.group, t.name, t.verdict, t.hidden) for t in result.tests] == [
        ("sample", "01", Verdict.AC, False), ("a", "01", Verdict.AC, True), ("a", "02", Verdict.AC, True),
        ("b", "01", Verdict.WA, True)]
    assert (result.verdict, result.points, result.max_points) == (Verdict.WA, 30, 100)
    assert [g.name for g in result.groups] == ["sample", "a", "b"]
    assert box.compiles == 1 and box.runs == 4
    result = grade_submission(package, py("echo"), box, include_samples=False)
    assert [t.group for t in result.tests] == ["a", "a", "b"]


def test_judge_compile_error_is_ce_with_zero_points():
    box = FakeSandbox()
    package = make_package(groups={"a": ECHO})
    result = grade_submission(package, py("SYNTAX"), box)
    assert result.verdict == Verdict.CE and result.points == 0 and result.max_points == 100
    assert "invalid syntax" in result.compile_message
    assert result.tests == [] and [(g.name, g.verdict) for g in result.groups] == [("a", Verdict.CE)]
    assert box.runs == 0


def test_judge_bad_file_name_is_ce():
    result = grade_submission(make_package(), Submission("python3", {"../main.py": b"x"}), FakeSandbox())
    assert result.verdict == Verdict.CE and "not a plain relative path" in result.compile_message


def test_judge_refuses_languages_the_problem_does_not_accept():
    package = make_package(languages=["python3"])
    with pytest.raises(LanguageNotAllowedError, match="accepted: python3"):
        grade_submission(package, Submission("c", {"main.c": b""}), FakeSandbox())
    with pytest.raises(LanguageNotAllowedError):
        grade_submission(make_package(), Submission("cobol", {"main.cob": b""}), FakeSandbox())
    with pytest.raises(LanguageNotAllowedError):
        run_custom(package, Submission("c", {"main.c": b""}), b"", FakeSandbox())


class Exploding(Grader):
    kind = "exploding"
    prepared = 0

    def prepare(self) -> None:
        type(self).prepared += 1

    def grade(self, context, tests):
        raise RuntimeError("grader bug")


class Miscounting(Grader):
    kind = "miscounting"

    def grade(self, context, tests):
        return []


class FailsToPrepare(Grader):
    kind = "unpreparable"
    attempts = 0

    def prepare(self) -> None:
        type(self).attempts += 1
        raise OSError("docker went away")

    def grade(self, context, tests):  # pragma: no cover - never reached
        raise AssertionError


@pytest.fixture
def fake_kind(monkeypatch):
    def use(cls):
        monkeypatch.setattr("graders.judge.grader_class", lambda kind: cls)
    clear_grader_cache()
    yield use
    clear_grader_cache()


def test_grader_exception_is_judge_error_not_a_crash(fake_kind):
    fake_kind(Exploding)
    result = grade_submission(make_package(groups={"a": ECHO}), py("x"), FakeSandbox())
    assert result.verdict == Verdict.JE and result.points == 0
    assert [t.verdict for t in result.tests] == [Verdict.JE, Verdict.JE]
    assert "RuntimeError: grader bug" in result.tests[0].reviewer_message
    assert "grader bug" not in result.tests[0].candidate_message


def test_grader_returning_wrong_count_is_judge_error(fake_kind):
    fake_kind(Miscounting)
    result = grade_submission(make_package(groups={"a": ECHO}), py("x"), FakeSandbox())
    assert result.verdict == Verdict.JE
    assert "returned 0 results for 2 test cases" in result.tests[0].reviewer_message


def test_prepare_failure_is_judge_error_and_retried(fake_kind):
    fake_kind(FailsToPrepare)
    FailsToPrepare.attempts = 0
    package = make_package(groups={"a": ECHO})
    for _ in range(2):
        result = grade_submission(package, py("x"), FakeSandbox())
        assert result.verdict == Verdict.JE
        assert "could not be prepared" in result.tests[0].reviewer_message
        assert "docker went away" in result.tests[0].reviewer_message
    assert FailsToPrepare.attempts == 2  # a failed prepare is not cached


def test_prepare_runs_once_per_package(fake_kind):
    fake_kind(Exploding)
    Exploding.prepared = 0
    box = FakeSandbox()
    first, second = make_package(groups={"a": ECHO}), make_package(groups={"b": ECHO})
    threads = [threading.Thread(target=grade_submission, args=(first, py("x"), box)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Exploding.prepared == 1
    grade_submission(second, py("x"), box)
    assert Exploding.prepared == 2
    assert prepared_grader(first, box) is prepared_grader(first, box)
    grade_submission(first, py("x"), FakeSandbox())  # another sandbox: prepared again
    assert Exploding.prepared == 3


def test_run_custom_with_fake_sandbox():
    out = run_custom(make_package(), py("echo"), b"hello\n", FakeSandbox())
    assert out.verdict == SandboxVerdict.OK and out.stdout == "hello\n"
    out = run_custom(make_package(), py("SYNTAX"), b"", FakeSandbox())
    assert out.verdict == SandboxVerdict.CE and "invalid syntax" in out.compile_message


# ====================================================================== real sandbox

