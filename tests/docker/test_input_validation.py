"""`assay problems verify` runs the package's input validators over every test input in the sandbox
(runc): a malformed input fails verify naming the file and the validator's message; a validator that
crashes is reported as the validator's failure, not the input's. Kept small: no reference submissions,
one Python validator, five inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graders.input_validation import input_validation
from problemformat.package_loader import load_package
from problemformat.verify import InputVerdict, verify_inputs

ASSAY = [sys.executable, "-m", "api.cli"]

MANIFEST = """\
schema: 1
slug: pairs
title: Pairs
languages: [python3]
grader: {kind: token}
input_validation: {args: [max=100], sample_args: [max=10]}
scoring:
  groups:
    - {name: small, points: 40}
    - {name: large, points: 60, input_validator_args: [max=1000]}
"""
# The numbers of each input must not exceed the max= flag of its group; "crash" crashes the validator.
VALIDATOR = """\
import sys
limit = int(dict(flag.split("=") for flag in sys.argv[1:])["max"])
text = sys.stdin.read()
if text == "crash\\n":
    raise RuntimeError("the validator's own bug")
numbers = text.split()
if len(numbers) != 2 or not all(n.isdigit() for n in numbers):
    print(f"expected two natural numbers, got {text[:20]!r}")
    sys.exit(43)
if max(map(int, numbers)) > limit:
    print(f"{max(map(int, numbers))} exceeds max={limit}")
    sys.exit(43)
sys.exit(42)
"""


def write_package(root: Path, **changed: str) -> Path:
    files = {
        "problem.yaml": MANIFEST,
        "statement.md": "# Pairs\n\nPrint a + b.\n",
        "input_validators/validate.py": VALIDATOR,
        "tests/sample/01.in": "1 9\n", "tests/sample/01.ans": "10\n",
        "tests/secret/small/01.in": "1 2\n", "tests/secret/small/01.ans": "3\n",
        "tests/secret/small/02.in": "50 50\n", "tests/secret/small/02.ans": "100\n",
        "tests/secret/large/01.in": "700 200\n", "tests/secret/large/01.ans": "900\n",
        "tests/secret/large/02.in": "1000 1000\n", "tests/secret/large/02.ans": "2000\n",
        **changed,
    }
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def verify_json(path: Path) -> tuple[int, dict]:
    done = subprocess.run([*ASSAY, "problems", "verify", "--json", str(path)],
                          capture_output=True, text=True, timeout=300)
    return done.returncode, json.loads(done.stdout)


def test_malformed_input_fails_verify_naming_the_file_and_the_validators_message(tmp_path, docker_api):
    bad = write_package(tmp_path / "bad", **{"tests/secret/small/02.in": "50 500\n"})
    done = subprocess.run([*ASSAY, "problems", "verify", str(bad)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert ("FAIL pairs: input validators (input_validators/validate.py) over 5 test input(s): 1 problem(s)\n"
            "  - tests/secret/small/02.in: rejected by the input validator input_validators/validate.py: "
            "500 exceeds max=100\n") in done.stdout
    assert "verification failed: 0 ok, 0 failed, 0 skipped; 0 malformed package(s); 1 input validation problem(s)" in (
        done.stdout)
    code, report = verify_json(bad)
    assert code == 1
    [problem] = report["problems"]
    assert problem["ok"] is False
    assert problem["validators"] == ["input_validators/validate.py"]
    assert problem["inputs_checked"] == 5
    assert problem["input_failures"] == [{
        "validator": "input_validators/validate.py", "test": "tests/secret/small/02.in",
        "verdict": InputVerdict.INVALID.value, "message": "500 exceeds max=100",
    }]


def test_valid_inputs_pass_with_each_groups_flags(tmp_path, docker_api):
    """The large group's inputs exceed the default max=100 but not its own max=1000."""
    done = subprocess.run([*ASSAY, "problems", "verify", str(write_package(tmp_path / "ok"))],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "input validators (input_validators/validate.py) over 5 test input(s): every input valid" in done.stdout


def test_a_crashing_validator_is_the_validators_failure_not_the_inputs(tmp_path, sandbox):
    package = load_package(write_package(tmp_path / "crash", **{"tests/sample/01.in": "crash\n"}))
    checked, failures = verify_inputs(package, input_validation(sandbox))
    assert checked == 5
    [failure] = failures
    assert (failure.test, failure.verdict) == ("tests/sample/01.in", InputVerdict.VALIDATOR_FAILED)
    assert failure.message == "exit code 1; RuntimeError: the validator's own bug"
    assert "failed instead of exiting 42 (valid) or 43 (invalid)" in failure.describe()


def test_a_validator_that_does_not_compile_fails_verify(tmp_path, sandbox):
    package = load_package(write_package(tmp_path / "ce", **{
        "input_validators/check.c": "int main(void) { return 42 }\n"}))
    checked, failures = verify_inputs(package, input_validation(sandbox))
    by_validator = {f.validator: f for f in failures}
    assert checked == 5 and set(by_validator) == {"input_validators/check.c"}  # validate.py: all valid
    assert by_validator["input_validators/check.c"].test == ""
    assert by_validator["input_validators/check.c"].message.startswith("does not compile")
