"""The output graders (exact, token, float) and graders/judge.py.

Docker tests run passing, failing and hostile programs in the real sandbox; the judge's own logic
(language check, CE, grader failures, the prepared-grader cache, progress) runs against a fake
sandbox so it is fast and exact.
"""

from __future__ import annotations

import hashlib
import threading

import pytest

from graders.base import Grader, Submission
from graders.judge import (
    LanguageNotAllowedError,
    clear_grader_cache,
    grade_submission,
    prepared_grader,
    run_custom,
)
from graders.results import TestCaseResult, Verdict
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase
from sandbox.models import CompileResult, RunResult
from sandbox.runner import pack_files
from sandbox.settings import SandboxSettings
from sandbox.verdicts import Verdict as SandboxVerdict

ADD = "a, b = map(int, input().split())\nprint(a + b)\n"


def make_package(
    grader: dict | None = None,
    groups: dict[str, list[tuple[bytes, bytes]]] | None = None,
    samples: list[tuple[bytes, bytes]] | None = None,
    scoring: list[dict] | None = None,
    files: dict[str, bytes] | None = None,
    **manifest: object,
) -> Package:
    """A Package in memory: groups map a name to (input, answer) pairs (default: one group 'main')."""
    groups = groups if groups is not None else {"main": [(b"1 2\n", b"3\n"), (b"20 22\n", b"42\n")]}
    scoring = scoring or [{"name": name, "points": 100 / len(groups)} for name in groups]
    document = {"schema": 1, "slug": "add-two", "title": "Add two", "grader": grader or {"kind": "token"},
                "scoring": {"groups": scoring}, **manifest}
    parsed = Manifest.model_validate(document)
    files = dict(files or {})
    cases = {name: [TestCase(group=name, name=f"{i:02d}", input=inp, answer=ans)
                    for i, (inp, ans) in enumerate(pairs, start=1)] for name, pairs in groups.items()}
    sample_cases = [TestCase(group="sample", name=f"{i:02d}", input=inp, answer=ans, sample=True)
                    for i, (inp, ans) in enumerate(samples or [], start=1)]
    digest = hashlib.sha256(repr((document, sorted(files.items()), groups, samples)).encode()).hexdigest()
    return Package(manifest=parsed, files=files, content_hash=digest, statement="", samples=sample_cases,
                   groups=cases)


def py(source: str) -> Submission:
    return Submission("python3", {"main.py": source.encode()})


# ====================================================================== judge logic, fake sandbox


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

docker = pytest.mark.docker


def by_name(result) -> dict[str, TestCaseResult]:
    return {f"{t.group}/{t.name}": t for t in result.tests}


@docker
def test_token_grader_pass_and_fail(sandbox):
    package = make_package({"kind": "token"}, samples=[(b"1 1\n", b"2\n")],
                           groups={"small": [(b"1 2\n", b"3\n"), (b"2 2\n", b"4\n")],
                                   "large": [(b"100 200\n", b"300\n")]},
                           scoring=[{"name": "small", "points": 40},
                                    {"name": "large", "points": 60, "require_pass": ["small"]}])
    good = grade_submission(package, py(ADD), sandbox)
    assert (good.verdict, good.points) == (Verdict.AC, 100)
    assert all(t.time_ms >= 0 and t.memory_kib > 0 and t.fraction == 1 for t in good.tests)
    assert good.tests[0].hidden is False and good.tests[1].hidden is True

    wrong = grade_submission(package, py("a, b = map(int, input().split())\nprint(a + b if a < 50 else 0)\n"),
                             sandbox)
    assert (wrong.verdict, wrong.points) == (Verdict.WA, 40)
    failed = by_name(wrong)["large/01"]
    assert failed.verdict == Verdict.WA and failed.fraction == 0
    assert failed.reviewer_message == "token 1: expected '300', got '0'"
    assert failed.candidate_message == "Wrong answer"  # nothing about the expected output
    assert failed.stdout_excerpt == "0\n"


@docker
def test_token_grader_case_insensitive(sandbox):
    package = make_package({"kind": "token", "case_sensitive": False}, groups={"main": [(b"", b"yes\n")]})
    assert grade_submission(package, py("print('YES')"), sandbox).verdict == Verdict.AC
    strict = make_package({"kind": "token"}, groups={"main": [(b"", b"yes\n")]})
    assert grade_submission(strict, py("print('YES')"), sandbox).verdict == Verdict.WA


@docker
def test_exact_grader(sandbox):
    package = make_package({"kind": "exact"}, groups={"main": [(b"", b"a b\nc\n")]})
    trailing = py("print('a b'); print('c', end='  \\n\\n')")
    assert grade_submission(package, trailing, sandbox).verdict == Verdict.AC
    result = grade_submission(package, py("print('a  b'); print('c')"), sandbox)
    assert result.verdict == Verdict.WA
    assert result.tests[0].reviewer_message == "line 1, column 3: expected 'a b', got 'a  b'"


@docker
def test_float_grader(sandbox):
    package = make_package({"kind": "float", "abs_tol": 1e-6, "rel_tol": 1e-6},
                           groups={"main": [(b"2\n", b"1.4142135623730951\n"), (b"0\n", b"inf\n")]})
    source = "import math\nx = int(input())\nprint(math.sqrt(x) if x else math.inf)\n"
    assert grade_submission(package, py(source), sandbox).verdict == Verdict.AC
    rounded = "import math\nx = int(input())\nprint(f'{math.sqrt(x):.7f}' if x else 'inf')\n"
    assert grade_submission(package, py(rounded), sandbox).verdict == Verdict.AC
    coarse = "import math\nx = int(input())\nprint(f'{math.sqrt(x):.3f}' if x else '-inf')\n"
    result = grade_submission(package, py(coarse), sandbox)
    assert [t.verdict for t in result.tests] == [Verdict.WA, Verdict.WA]
    assert "abs diff" in result.tests[0].reviewer_message
    assert "same infinity" in result.tests[1].reviewer_message


HOSTILE = {
    "spin": ("while True: pass\n", Verdict.TLE),
    "sleep": ("import time; time.sleep(60)\n", Verdict.TLE),
    "memory": ("x = bytearray(1 << 30); print(len(x))\n", Verdict.MLE),
    "crash": ("raise SystemExit(3)\n", Verdict.RE),
    "exception": ("1 / 0\n", Verdict.RE),
    "flood": ("import sys\nwhile True: sys.stdout.write('y' * 65536)\n", Verdict.OLE),
    "garbage": ("import sys; sys.stdout.buffer.write(bytes(range(256)) * 4)\n", Verdict.WA),
    "stderr": ("import sys; sys.stderr.write('e' * 100000); print(3)\n", Verdict.AC),
}


@docker
@pytest.mark.parametrize("kind", ["token", "exact", "float"])
def test_hostile_submissions(sandbox, kind):
    package = make_package({"kind": kind}, groups={"main": [(b"1 2\n", b"3\n")]},
                           limits={"time_limit_s": 0.5, "memory_limit_mib": 64, "output_limit_kib": 256})
    names = sorted(HOSTILE) if kind == "token" else ["crash", "garbage", "stderr"]
    for name in names:
        source, expected = HOSTILE[name]
        result = grade_submission(package, py(source), sandbox)
        test = result.tests[0]
        assert test.verdict == expected, (name, test)
        assert result.verdict == expected and result.points == (100 if expected == Verdict.AC else 0)
        assert len(test.stdout_excerpt.encode()) < 2048 * 3 + 100 and len(test.stderr_excerpt) < 2200
        if expected != Verdict.AC:
            assert test.candidate_message and test.reviewer_message, name


@docker
def test_program_cannot_find_the_expected_answer(sandbox):
    secret = "s3cr3t-answer-7f1c2e"
    snoop = (
        "import os\n"
        "found = []\n"
        f"needle = bytes.fromhex('{secret.encode().hex()}')  # not literally in this source or its .pyc\n"
        "for top in ['.', '/tmp', '/home', '/run', '/var', '/opt', '/srv', '/etc', '/']:\n"
        "    for root, dirs, files in os.walk(top):\n"
        "        skip = ('/proc', '/sys', '/usr', '/dev')\n"
        "        dirs[:] = [d for d in dirs if os.path.join(root, d) not in skip]\n"
        "        for f in files:\n"
        "            try:\n"
        "                with open(os.path.join(root, f), 'rb') as h:\n"
        "                    if needle in h.read(1 << 20): found.append(os.path.join(root, f))\n"
        "            except Exception: pass\n"
        "print('FOUND', found) if found else print('nothing')\n"
    )
    package = make_package({"kind": "token"}, groups={"main": [(b"x\n", secret.encode() + b"\n")]},
                           limits={"time_limit_s": 5})
    result = grade_submission(package, py(snoop), sandbox)
    test = result.tests[0]
    assert test.verdict == Verdict.WA, test
    assert test.stdout_excerpt.strip() == "nothing"


@docker
def test_real_compile_error(sandbox):
    result = grade_submission(make_package(), py("def f(:\n"), sandbox)
    assert result.verdict == Verdict.CE and result.points == 0
    assert "SyntaxError" in result.compile_message or "invalid syntax" in result.compile_message


@docker
def test_c_submission(sandbox):
    source = b'#include <stdio.h>\nint main(void){long a,b; scanf("%ld %ld",&a,&b); printf("%ld\\n",a+b);}\n'
    result = grade_submission(make_package(), Submission("c", {"main.c": source}), sandbox)
    assert (result.verdict, result.points) == (Verdict.AC, 100)


@docker
def test_run_custom(sandbox):
    out = run_custom(make_package(), py(ADD), b"5 6\n", sandbox)
    assert out.verdict == SandboxVerdict.OK and out.stdout == "11\n"
    out = run_custom(make_package(limits={"time_limit_s": 0.5}), py("while True: pass"), b"", sandbox)
    assert out.verdict == SandboxVerdict.TLE
