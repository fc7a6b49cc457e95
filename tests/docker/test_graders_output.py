"""The output graders (exact, token, float) and graders/judge.py with passing, failing and hostile
programs in the real sandbox. The judge's own logic against a fake sandbox:
tests/unit/test_judge_with_fake_sandbox.py."""

from __future__ import annotations

import pytest
from support.packages import ADD, make_package, py

from graders.base import Submission
from graders.judge import (
    grade_submission,
    run_custom,
)
from graders.results import TestCaseResult, Verdict
from sandbox.verdicts import Verdict as SandboxVerdict


def by_name(result) -> dict[str, TestCaseResult]:
    return {f"{t.group}/{t.name}": t for t in result.tests}


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


def test_token_grader_case_insensitive(sandbox):
    package = make_package({"kind": "token", "case_sensitive": False}, groups={"main": [(b"", b"yes\n")]})
    assert grade_submission(package, py("print('YES')"), sandbox).verdict == Verdict.AC
    strict = make_package({"kind": "token"}, groups={"main": [(b"", b"yes\n")]})
    assert grade_submission(strict, py("print('YES')"), sandbox).verdict == Verdict.WA


def test_exact_grader(sandbox):
    package = make_package({"kind": "exact"}, groups={"main": [(b"", b"a b\nc\n")]})
    trailing = py("print('a b'); print('c', end='  \\n\\n')")
    assert grade_submission(package, trailing, sandbox).verdict == Verdict.AC
    result = grade_submission(package, py("print('a  b'); print('c')"), sandbox)
    assert result.verdict == Verdict.WA
    assert result.tests[0].reviewer_message == "line 1, column 3: expected 'a b', got 'a  b'"


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


def test_real_compile_error(sandbox):
    result = grade_submission(make_package(), py("def f(:\n"), sandbox)
    assert result.verdict == Verdict.CE and result.points == 0
    assert "SyntaxError" in result.compile_message or "invalid syntax" in result.compile_message


def test_c_submission(sandbox):
    source = b'#include <stdio.h>\nint main(void){long a,b; scanf("%ld %ld",&a,&b); printf("%ld\\n",a+b);}\n'
    result = grade_submission(make_package(), Submission("c", {"main.c": source}), sandbox)
    assert (result.verdict, result.points) == (Verdict.AC, 100)


def test_run_custom(sandbox):
    out = run_custom(make_package(), py(ADD), b"5 6\n", sandbox)
    assert out.verdict == SandboxVerdict.OK and out.stdout == "11\n"
    out = run_custom(make_package(limits={"time_limit_s": 0.5}), py("while True: pass"), b"", sandbox)
    assert out.verdict == SandboxVerdict.TLE
