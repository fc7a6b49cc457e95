"""The console's "Verify" job (api.services.authoring_verify) in the real sandbox: a version whose
reference submissions all meet their folders passes; one whose "accepted" submission is wrong fails, the
table naming that submission and why, with the others still checked; progress ends at every test run
done; a test input refused by the package's input validator fails the run too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session
from support.reviewer_data import make_app

from api.services import authoring_verify
from api.services import problems as problem_service
from api.services.authoring_models import VerifyRun, VerifyStatus
from problemformat.package_loader import build_package

SOLUTION = b"a, b = map(int, input().split())\nprint(a + b)\n"
FILES = {
    "problem.yaml": b"schema: 1\nslug: add-two\ntitle: Add Two\nlanguages: [python3]\nlimits: {time_limit_s: 1}\n",
    "statement.md": b"# Add Two\n\nPrint $a+b$.\n",
    "tests/sample/01.in": b"1 2\n", "tests/sample/01.ans": b"3\n",
    "tests/secret/main/01.in": b"10 -4\n", "tests/secret/main/01.ans": b"6\n",
    "submissions/accepted/sol.py": SOLUTION,
    "submissions/wrong_answer/minus.py": b"a, b = map(int, input().split())\nprint(a - b)\n",
}


def _verify(tmp_path: Path, sandbox: Any, files: dict[str, bytes]) -> VerifyRun:
    app = make_app(tmp_path, webhook_worker=False)
    engine = app.state.engine
    with Session(engine) as session:
        version, _ = problem_service.store(session, build_package(files), None)
        run = authoring_verify.start(session, version, "Ada Author")
        session.commit()
        run_id = run.id
    authoring_verify.run_now(engine, lambda: sandbox, run_id)
    with Session(engine) as session:
        done = session.get(VerifyRun, run_id)
        assert done is not None
        return done


def test_a_version_whose_references_meet_their_folders_passes(tmp_path, sandbox):
    run = _verify(tmp_path, sandbox, FILES)
    assert run.status == VerifyStatus.PASSED and run.finished_at is not None
    assert run.done == run.total == 4  # 2 submissions x (1 sample + 1 hidden test)
    assert [(s["submission"], s["status"], s["verdict"]) for s in run.report["submissions"]] == [
        ("submissions/accepted/sol.py", "OK", "AC"), ("submissions/wrong_answer/minus.py", "OK", "WA")]


def test_a_wrong_accepted_submission_fails_the_run_and_says_why(tmp_path, sandbox):
    files = {**FILES, "submissions/accepted/off_by_one.py": b"a, b = map(int, input().split())\nprint(a + b + 1)\n",
             "input_validators/validate.py": b"import sys\nparts = sys.stdin.read().split()\n"
                                             b"sys.exit(42 if len(parts) == 2 and abs(int(parts[0])) < 10 else 43)\n"}
    run = _verify(tmp_path, sandbox, files)
    assert run.status == VerifyStatus.FAILED
    failed = [s for s in run.report["submissions"] if s["status"] == "FAIL"]
    assert [s["submission"] for s in failed] == ["submissions/accepted/off_by_one.py"]
    assert "expected AC with full points, got WA" in failed[0]["reason"]
    assert len(run.report["submissions"]) == 3  # the others are still checked
    assert [f["test"] for f in run.report["input_failures"]] == ["tests/secret/main/01.in"]  # 10 is not < 10
    assert authoring_verify.counts(run.report) == {"OK": 2, "FAIL": 1, "SKIP": 0}
