"""`assay problems verify`: reference submissions must get the verdict their folder names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ASSAY = [sys.executable, "-m", "api.cli"]

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


def verify(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ASSAY, "problems", "verify", *args], capture_output=True, text=True, timeout=600)


# ---------------------------------------------------------------------- expectations (no Docker)


def test_verify_good_package(tmp_path, docker_api):
    package = write_package(tmp_path / "tiny-add")
    proc = verify(str(package), "--json", "--jobs", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    (problem,) = report["problems"]
    assert problem["slug"] == "tiny-add" and problem["errors"] == [] and problem["ok"] is True
    checks = {s["submission"]: s for s in problem["submissions"]}
    assert {k: (v["status"], v["verdict"]) for k, v in checks.items()} == {
        "submissions/accepted/add.c": ("OK", "AC"),
        "submissions/accepted/add.py": ("OK", "AC"),
        "submissions/accepted/add.cob": ("SKIP", None),
        "submissions/compile_error/syntax.py": ("OK", "CE"),
        "submissions/memory_limit_exceeded/hog.py": ("OK", "MLE"),
        "submissions/partial/small_only.py": ("OK", "WA"),
        "submissions/run_time_error/crash.py": ("OK", "RE"),
        "submissions/time_limit_exceeded/spin.py": ("OK", "TLE"),
        "submissions/wrong_answer/zero.py": ("OK", "WA"),
    }
    assert checks["submissions/partial/small_only.py"]["points"] == 40
    assert checks["submissions/accepted/add.py"]["points"] == 100
    assert "no supported language" in checks["submissions/accepted/add.cob"]["reason"]


def test_verify_fails_when_accepted_is_wrong(tmp_path, docker_api):
    wrong = "a, b = map(int, input().split())\nprint(a + b if a < 50 else a * b)\n"
    good = write_package(tmp_path / "good", {"accepted/add.py": ADD_PY, "accepted/add.cob": "       STOP RUN.\n"})
    bad = write_package(tmp_path / "bad", {"accepted/add.py": wrong, "wrong_answer/zero.py": ADD_PY})
    proc = verify(str(good), str(bad), "--jobs", "2")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAIL" in proc.stdout
    assert "expected AC with full points, got WA with 40/100 points" in proc.stdout
    assert "first failure large/01 WA: token 1: expected '300', got '20000'" in proc.stdout
    assert "expected WA, got AC" in proc.stdout
    assert "verification failed: 1 ok, 2 failed, 1 skipped; 0 malformed package(s)" in proc.stdout
    lines = proc.stdout.splitlines()
    assert lines[0].strip() == "Reference submissions"
    header = next(line for line in lines if "problem" in line)
    assert all(col in header for col in ("submission", "expected", "got", "score", "time", "result"))
    row = next(line for line in lines if "accepted/add.py" in line and "40/100" in line)
    assert "AC 100" in row and "WA" in row and "FAIL" in row
    assert any("accepted/add.cob" in line and "SKIP" in line for line in lines)

    proc = verify(str(bad), "--json", "--jobs", "2")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["ok"] is False and report["problems"][0]["ok"] is False
