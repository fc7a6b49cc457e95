"""`assay problems verify`: reference submissions must get the verdict their folder names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from api.cli import main
from graders.results import GradeResult, Verdict
from problemformat.verify import expectation_problem, expected_text

MANIFEST = """\
schema: 1
slug: tiny-add
title: Tiny add
languages: [python3, c]
limits: {time_limit_s: 1, memory_limit_mib: 64}
grader: {kind: token}
scoring:
  groups:
    - {name: small, points: 40, aggregate: sum}
    - {name: large, points: 60}
"""
ADD_PY = "a, b = map(int, input().split())\nprint(a + b)\n"
SUBMISSIONS = {
    "accepted/add.py": ADD_PY,
    "accepted/add.c": '#include <stdio.h>\n'
                      'int main(void){long a,b; scanf("%ld %ld",&a,&b); printf("%ld\\n",a+b);}\n',
    "accepted/add.cob": "       PROCEDURE DIVISION.\n",  # COBOL: no sandbox language, skipped
    "wrong_answer/zero.py": "print(0)\n",
    "time_limit_exceeded/spin.py": "while True: pass\n",
    "run_time_error/crash.py": "import sys\nsys.exit(3)\n",
    "memory_limit_exceeded/hog.py": "x = bytearray(1 << 30)\nprint(len(x))\n",
    "compile_error/syntax.py": "def f(:\n",
    "partial/small_only.py": "a, b = map(int, input().split())\nprint(a + b if a < 50 else 0)\n",
}


def write_package(root: Path, submissions: dict[str, str] | None = None, **extra: str) -> Path:
    files = {
        "problem.yaml": MANIFEST,
        "statement.md": "# Tiny add\n\nPrint a + b.\n",
        "tests/sample/01.in": "1 1\n", "tests/sample/01.ans": "2\n",
        "tests/secret/small/01.in": "1 2\n", "tests/secret/small/01.ans": "3\n",
        "tests/secret/small/02.in": "5 5\n", "tests/secret/small/02.ans": "10\n",
        "tests/secret/large/01.in": "100 200\n", "tests/secret/large/01.ans": "300\n",
        **({"submissions.yaml": "partial/small_only.py: 40\n"} if submissions is None else {}),
        **{f"submissions/{path}": source for path, source in (submissions or SUBMISSIONS).items()},
        **extra,
    }
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def verify(*args: str) -> Result:
    """`assay problems verify`, in-process by click's test runner (the same command code)."""
    return CliRunner().invoke(main, ["problems", "verify", *args])


# ---------------------------------------------------------------------- expectations (no Docker)


def grade(verdict: Verdict, points: float, max_points: float = 100) -> GradeResult:
    return GradeResult(verdict=verdict, points=points, max_points=max_points)


@pytest.mark.parametrize(
    ("expected", "score", "result", "ok"),
    [
        ("accepted", None, grade(Verdict.AC, 100), True),
        ("accepted", None, grade(Verdict.AC, 99.5), False),  # AC on every test but not full points
        ("accepted", None, grade(Verdict.WA, 100), False),
        ("wrong_answer", None, grade(Verdict.WA, 40), True),
        ("wrong_answer", None, grade(Verdict.TLE, 0), False),
        ("time_limit_exceeded", None, grade(Verdict.TLE, 0), True),
        ("run_time_error", None, grade(Verdict.RE, 0), True),
        ("run_time_error", None, grade(Verdict.MLE, 0), True),  # out of memory: RTE to Kattis, DOMjudge
        ("run_time_error", None, grade(Verdict.TLE, 0), False),
        ("memory_limit_exceeded", None, grade(Verdict.MLE, 0), True),
        ("memory_limit_exceeded", None, grade(Verdict.RE, 0), False),
        ("compile_error", None, grade(Verdict.CE, 0), True),
        ("compile_error", None, grade(Verdict.JE, 0), False),
        ("partial", None, grade(Verdict.WA, 40), True),
        ("partial", None, grade(Verdict.WA, 0), False),
        ("partial", None, grade(Verdict.AC, 100), False),
        ("partial", 40, grade(Verdict.WA, 40), True),
        ("partial", 60, grade(Verdict.WA, 40), False),
        ("wrong_answer", 40, grade(Verdict.WA, 0), False),
    ],
)
def test_expectations(expected, score, result, ok):
    assert (expectation_problem(expected, score, result) == "") is ok


def test_expected_text():
    assert expected_text("accepted", None, 100) == "AC 100"
    assert expected_text("partial", 40, 100) == "partial 40"
    assert expected_text("time_limit_exceeded", None, 100) == "TLE"
    assert expected_text("run_time_error", None, 100) == "RE/MLE"


# ---------------------------------------------------------------------- the command


def test_verify_lists_every_package_problem(tmp_path):
    package = write_package(tmp_path / "broken", {"accepted/add.py": ADD_PY})
    (package / "statement.md").unlink()
    (package / "problem.yaml").write_text(MANIFEST.replace("slug: tiny-add", "slug: Tiny_Add"))
    proc = verify(str(package), "--json")
    assert proc.exit_code == 1
    errors = json.loads(proc.stdout)["problems"][0]["errors"]
    assert any("statement.md" in e for e in errors) and any("slug" in e for e in errors), errors
    proc = verify(str(package))
    assert proc.exit_code == 1
    assert "malformed" in proc.stdout and "statement.md" in proc.stdout and "Traceback" not in proc.stderr


def test_verify_usage_errors():
    assert verify().exit_code == 2
    proc = CliRunner().invoke(main, ["problems", "import-kattis", "/nonexistent-src", "/tmp/nonexistent-dest"])
    assert proc.exit_code == 2
    assert proc.stderr.startswith("assay problems import-kattis: ") and "Traceback" not in proc.stderr
