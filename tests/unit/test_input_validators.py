"""Input validators of a package (problemformat/input_validators.py): what the loader accepts and
refuses, which input runs with which flags, how verify reports failures (the sandbox runs are in
tests/docker/test_input_validation.py), and the Kattis import keeping them with their flags."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from problemformat.input_validators import input_runs, main_file
from problemformat.kattis.importer import import_kattis
from problemformat.package_loader import PackageError, PackageProblem, build_package, load_package
from problemformat.verify import InputCheck, InputVerdict, ProblemReport, input_checks_total, verify_inputs

MANIFEST = """\
schema: 1
slug: pairs
title: Pairs
grader: {kind: token}
scoring:
  groups:
    - {name: small, points: 40}
    - {name: large, points: 60, input_validator_args: [max=1000]}
"""
BASE: dict[str, bytes] = {
    "problem.yaml": MANIFEST.encode(),
    "statement.md": b"# Pairs\n",
    "tests/sample/1.in": b"1 2\n", "tests/sample/1.ans": b"3\n",
    "tests/secret/small/1.in": b"5 5\n", "tests/secret/small/1.ans": b"10\n",
    "tests/secret/large/1.in": b"500 500\n", "tests/secret/large/1.ans": b"1000\n",
    "tests/secret/large/2.in": b"900 1\n", "tests/secret/large/2.ans": b"901\n",
}
VALIDATE_PY = b"import sys\nsys.exit(42)\n"


def problems_of(files: dict[str, bytes]) -> list[PackageProblem]:
    with pytest.raises(PackageError) as caught:
        build_package(files)
    return caught.value.problems


def test_a_package_without_input_validators_has_none():
    package = build_package(BASE)
    assert package.input_validators == [] and input_checks_total(package) == 0


def test_one_file_and_one_folder_validator_are_found():
    package = build_package({
        **BASE,
        "input_validators/validate.py": VALIDATE_PY,
        "input_validators/format/validator.h": b"void run();\n",
        "input_validators/format/validator.cpp": b'#include "validator.h"\nint main() { return 42; }\n',
    })
    found = [(v.name, v.path, v.program, v.language, v.folder) for v in package.input_validators]
    assert found == [
        ("format", "input_validators/format/", "input_validators/format/validator.cpp", "cpp", True),
        ("validate", "input_validators/validate.py", "input_validators/validate.py", "python3", False),
    ]
    assert input_checks_total(package) == 2 * 4  # each validator over the sample and the 3 secret inputs


def test_a_validator_in_no_language_assay_runs_is_refused_naming_the_file():
    problems = problems_of({**BASE, "input_validators/format.ctd": b"INT(1, 10) NEWLINE\n"})
    assert [(p.file, p.field) for p in problems] == [("input_validators/format.ctd", "")]
    assert "a source file in a language Assay runs" in problems[0].reason and ".py" in problems[0].reason


def test_a_folder_without_one_main_program_is_refused_naming_the_folder():
    problems = problems_of({**BASE, "input_validators/checks/a.c": b"int f(void){return 1;}\n",
                            "input_validators/checks/b.c": b"int g(void){return 2;}\n",
                            "input_validators/scripts/run": b"#!/bin/sh\nexit 42\n"})
    assert [p.file for p in problems] == ["input_validators/checks/", "input_validators/scripts/"]
    assert all("cannot tell the validator's main program" in p.reason for p in problems)


def test_every_problem_is_listed_at_once():
    files = {**BASE, "input_validators/x.ctd": b"", "tests/secret/small/2.ans": b"1\n"}
    assert {p.file for p in problems_of(files)} == {"input_validators/x.ctd", "tests/secret/small/2.ans"}


def test_main_file_prefers_main_then_the_validate_name():
    assert main_file({"validator.h": b"", "validator.cpp": b"int main() {}"}) == "validator.cpp"
    assert main_file({"a.py": b"", "__main__.py": b""}) == "__main__.py"
    assert main_file({"lib.py": b"x = 1", "validate.py": b"import lib"}) == "validate.py"
    assert main_file({"a.py": b"", "b.py": b""}) is None
    assert main_file({"README": b""}) is None


def test_runs_carry_each_groups_flags_samples_first():
    manifest = MANIFEST.replace("grader:", "input_validation: {args: [max=100], sample_args: [max=10]}\ngrader:")
    package = build_package({**BASE, "problem.yaml": manifest.encode(), "input_validators/validate.py": VALIDATE_PY})
    assert [(run.path, run.args) for run in input_runs(package.manifest, package.samples, package.groups)] == [
        ("tests/sample/1.in", ("max=10",)),
        ("tests/secret/small/1.in", ("max=100",)),
        ("tests/secret/large/1.in", ("max=1000",)),
        ("tests/secret/large/2.in", ("max=1000",)),
    ]


def test_samples_take_the_default_flags_and_a_group_on_the_samples_is_checked_once():
    manifest = ("schema: 1\nslug: pairs\ntitle: Pairs\ninput_validation: {args: [n=1]}\n"
                "scoring: {groups: [{name: main, points: 100, path: tests/sample}]}\n")
    package = build_package({"problem.yaml": manifest.encode(), "statement.md": b"# P\n",
                             "tests/sample/1.in": b"1\n", "tests/sample/1.ans": b"1\n"})
    runs = input_runs(package.manifest, package.samples, package.groups)
    assert [(run.path, run.args) for run in runs] == [("tests/sample/1.in", ("n=1",))]


def test_verify_inputs_hands_the_runs_over_and_keeps_the_failures():
    package = build_package({**BASE, "input_validators/validate.py": VALIDATE_PY})
    seen = {}

    def validate(pkg, validators, runs, progress):
        seen.update(validators=[v.path for v in validators], runs=[r.path for r in runs])
        progress(len(runs), len(runs))
        return [InputCheck(validator=validators[0].path, test=run.path,
                           verdict=InputVerdict.INVALID if run.path.endswith("large/2.in") else InputVerdict.VALID,
                           message="1 is too small" if run.path.endswith("large/2.in") else "")
                for run in runs]

    reported = []
    checked, failures = verify_inputs(package, validate, progress=lambda done, total: reported.append((done, total)))
    assert seen["validators"] == ["input_validators/validate.py"] and len(seen["runs"]) == 4
    assert checked == 4 and reported == [(4, 4)]
    assert [f.describe() for f in failures] == [
        "tests/secret/large/2.in: rejected by the input validator input_validators/validate.py: 1 is too small"]
    report = ProblemReport(path="p", slug="pairs", input_failures=failures)
    assert not report.ok and ProblemReport(path="p", slug="pairs", inputs_checked=4).ok


def test_a_sandbox_failure_is_a_failure_of_the_check_not_a_crash():
    package = build_package({**BASE, "input_validators/validate.py": VALIDATE_PY})

    def validate(pkg, validators, runs, progress):
        raise ConnectionError("engine gone")

    checked, [failure] = verify_inputs(package, validate)
    assert checked == 0 and failure.verdict == InputVerdict.VALIDATOR_FAILED
    assert failure.describe() == ("the input validator input_validators/validate.py cannot run: "
                                  "the sandbox failed: ConnectionError: engine gone")


def test_kattis_import_keeps_the_validators_and_the_flags_problemtools_passes(tmp_path):
    """A legacy package: a Python validator, a folder one, a checktestdata file (left out), and
    input_validator_flags inherited from data/ down to each test group."""
    src = tmp_path / "src"
    files = {
        "problem.yaml": "name: Pairs\ntype: scoring\n",
        "problem_statement/problem.en.md": "Add.\n",
        "input_validators/validate.py": VALIDATE_PY.decode(),
        "input_validators/bounds/bounds.cpp": "int main() { return 42; }\n",
        "input_validators/bounds/bounds.h": "\n",
        "input_validators/format.ctd": "INT(1, 10)\n",
        "data/testdata.yaml": "input_validator_flags: max=100\n",
        "data/sample/testdata.yaml": "input_validator_flags: max=10\n",
        "data/sample/1.in": "1 2\n", "data/sample/1.ans": "3\n",
        "data/secret/small/1.in": "5 5\n", "data/secret/small/1.ans": "10\n",
        "data/secret/large/testdata.yaml": "input_validator_flags: max=1000 strict\n",
        "data/secret/large/1.in": "500 500\n", "data/secret/large/1.ans": "1000\n",
    }
    for path, text in files.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(text)
    report = import_kattis(src, tmp_path / "out")
    package = load_package(tmp_path / "out")
    assert [v.path for v in package.input_validators] == ["input_validators/bounds/", "input_validators/validate.py"]
    assert package.file("input_validators/bounds/bounds.h") == b"\n"
    assert any("input_validators/format.ctd: not converted" in w for w in report.warnings)
    assert not any(w.startswith("input_validators/: not converted") for w in report.warnings)
    written = yaml.safe_load((tmp_path / "out" / "problem.yaml").read_text())
    assert written["input_validation"] == {"args": ["max=100"], "sample_args": ["max=10"]}
    runs = input_runs(package.manifest, package.samples, package.groups)
    assert {run.path: run.args for run in runs} == {
        "tests/sample/1.in": ("max=10",),
        "tests/secret/small/1.in": ("max=100",),
        "tests/secret/large/1.in": ("max=1000", "strict"),
    }


def test_kattis_import_without_validators_writes_no_flags(tmp_path):
    src = tmp_path / "src"
    for path, text in {"problem.yaml": "name: Pairs\n", "problem_statement/problem.en.md": "Add.\n",
                       "data/testdata.yaml": "input_validator_flags: max=100\n",
                       "data/secret/1.in": "1 2\n", "data/secret/1.ans": "3\n"}.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(text)
    import_kattis(src, tmp_path / "out")
    written = yaml.safe_load((tmp_path / "out" / "problem.yaml").read_text())
    assert "input_validation" not in written
    assert load_package(Path(tmp_path / "out")).input_validators == []
