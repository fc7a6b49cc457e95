"""problemformat/kattis/: Kattis packages (legacy, 2023-07, 2025-09) converted to Assay packages."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from support.gate import need

from problemformat.kattis.importer import (
    DEFAULT_TIME_LIMIT_S,
    KattisImportError,
    import_kattis,
    latex_statement,
    tex_to_markdown,
)
from problemformat.manifest import CheckerGrader, FloatGrader, Group, InteractiveGrader, TokenGrader
from problemformat.package_loader import load_package

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kattis"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode())
    return root


MINIMAL: dict[str, str | bytes] = {
    "problem.yaml": "name: Echo\n",
    "problem_statement/problem.en.md": "Print the input.\n",
    "data/sample/1.in": "a\n",
    "data/sample/1.ans": "a\n",
    "data/secret/1.in": "b\n",
    "data/secret/1.ans": "b\n",
    "submissions/accepted/echo.py": "print(input())\n",
}


def kattis(tmp_path: Path, changes: dict[str, str | bytes | None] | None = None, name: str = "echo") -> Path:
    files = dict(MINIMAL)
    for rel, data in (changes or {}).items():
        if data is None:
            files.pop(rel, None)
        else:
            files[rel] = data
    return write(tmp_path / "src" / name, files)


def failure(src: Path, dest: Path) -> list[str]:
    with pytest.raises(KattisImportError) as caught:
        import_kattis(src, dest)
    assert not dest.exists(), "nothing is written when the import fails"
    message = str(caught.value)
    assert "Traceback" not in message
    assert message.startswith(f"cannot import Kattis package {src}:")
    return caught.value.problems


def manifest_yaml(dest: Path) -> dict:
    return yaml.safe_load((dest / "problem.yaml").read_text())


def run_validator(
    program: Path, test_in: Path, test_ans: Path, feedback: Path, output: bytes, args: list[str]
) -> int:
    feedback.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, str(program), str(test_in), str(test_ans), f"{feedback}/", *args],
        input=output,
        capture_output=True,
        timeout=30,
    )
    return done.returncode


def run_solution(solution: Path, test_in: Path) -> bytes:
    return subprocess.run(
        [sys.executable, str(solution)],
        input=test_in.read_bytes(),
        capture_output=True,
        timeout=30,
        check=True,
    ).stdout


def interact(interactor: Path, solution: Path, test_in: Path, test_ans: Path, feedback: Path) -> int:
    """Connect the interactor and the solution by pipes, Kattis style; the interactor's exit code."""
    feedback.mkdir(parents=True, exist_ok=True)
    to_judge_r, to_judge_w = os.pipe()
    to_team_r, to_team_w = os.pipe()
    judge = subprocess.Popen(
        [sys.executable, str(interactor), str(test_in), str(test_ans), f"{feedback}/"],
        stdin=to_judge_r,
        stdout=to_team_w,
    )
    team = subprocess.Popen(
        [sys.executable, str(solution)], stdin=to_team_r, stdout=to_judge_w, stderr=subprocess.DEVNULL
    )
    for fd in (to_judge_r, to_judge_w, to_team_r, to_team_w):
        os.close(fd)
    code = judge.wait(timeout=30)
    team.wait(timeout=30)
    return code


# -- the three hand-written fixtures -------------------------------------------------------------


def test_legacy_pass_fail_with_float_tolerance_and_timelimit(tmp_path):
    dest = tmp_path / "out"
    report = import_kattis(FIXTURES / "hypotenuse", dest)

    assert report.format_version == "legacy"
    assert report.slug == "hypotenuse" and report.title == "Hypotenuse"  # from \problemname
    manifest = report.manifest
    assert manifest.grader == FloatGrader(
        abs_tol=1e-6, rel_tol=1e-6, case_sensitive=False, space_sensitive=False
    )
    assert manifest.limits.time_limit_s == 1.5  # from .timelimit
    assert manifest.limits.memory_limit_mib == 512
    assert manifest.scoring.groups == [Group(name="main", points=100)]
    assert manifest.authors == ["Ada Lovelace", "Charles Babbage"]
    assert manifest.tags == ["geometry", "easy"]
    assert (manifest.source, manifest.license) == ("Assay test fixtures", "cc by-sa")

    package = load_package(dest)
    assert package.content_hash == report.content_hash
    assert [(t.name, t.input, t.answer) for t in package.samples] == [("1", b"3 4\n", b"5.0\n")]
    assert [t.name for t in package.groups["main"]] == ["01", "02", "10"]
    assert package.groups["main"][1].answer == b"13\n"
    assert [(s.path, s.expected, s.language) for s in package.submissions] == [
        ("submissions/accepted/hypot.py", "accepted", "python3"),
        ("submissions/wrong_answer/rounded.py", "wrong_answer", "python3"),
    ]
    assert report.tests == {"main": 3} and report.samples == 1
    assert report.submissions == {"accepted": 1, "wrong_answer": 1}

    statement = package.statement
    assert "## Input" in statement and "## Output" in statement
    assert "*hypotenuse*" in statement and r"$\sqrt{a^2 + b^2}$" in statement
    assert "problemname" not in statement and "classic warm-up" not in statement  # comments dropped
    assert not any(path.startswith("grader/") for path in package.files)
    warnings = "\n".join(report.warnings)
    assert "converted from LaTeX to Markdown" in warnings
    assert "time_multiplier(s) not converted" in warnings
    assert "input_validators" not in warnings  # converted, not dropped
    assert [(v.path, v.language) for v in package.input_validators] == [
        ("input_validators/validate.py", "python3")]
    assert package.file("input_validators/validate.py") == (
        FIXTURES / "hypotenuse" / "input_validators" / "validate.py").read_bytes()
    assert manifest.input_validation.args == [] and manifest.input_validation.sample_args is None


def test_2023_07_scoring_with_groups_and_python_output_validator(tmp_path):
    dest = tmp_path / "out"
    report = import_kattis(FIXTURES / "pair_sum", dest)

    assert report.format_version == "2023-07"
    assert report.slug == "pair-sum"  # folder name, sanitised
    assert report.title == "Pair Sum"  # the English name of the map
    manifest = report.manifest
    assert manifest.grader == CheckerGrader(program="grader/validate.py", args=["one_based"])
    assert manifest.scoring.groups == [
        Group(name="group1", points=30),
        Group(name="group2", points=70, aggregate="sum", require_pass=["group1"]),
    ]
    assert manifest.limits.time_limit_s == 1.0 and manifest.limits.memory_limit_mib == 256
    assert manifest.languages == ["python3", "cpp"]  # cobol dropped (no sandbox language)
    assert manifest.authors == ["Grace Hopper"]

    written = manifest_yaml(dest)
    assert list(written) == [
        "schema",
        "slug",
        "title",
        "languages",
        "limits",
        "grader",
        "scoring",
        "authors",
        "source",
        "license",
        "tags",
    ]  # readable order
    assert written["grader"] == {"kind": "checker", "program": "grader/validate.py", "args": ["one_based"]}

    package = load_package(dest)
    assert (dest / "grader" / "validate.py").read_bytes() == (
        FIXTURES / "pair_sum" / "output_validator" / "validate.py"
    ).read_bytes()
    assert {name: [t.name for t in tests] for name, tests in package.groups.items()} == {
        "group1": ["01", "02"],
        "group2": ["01", "02", "10"],
    }
    subs = {s.path: s for s in package.submissions}
    assert set(subs) == {
        "submissions/accepted/pairs.py",
        "submissions/accepted/two_files",
        "submissions/time_limit_exceeded/spin.py",
        "submissions/wrong_answer/zero_based.py",
    }
    assert subs["submissions/accepted/two_files"].language == "python3"
    assert set(subs["submissions/accepted/two_files"].files) == {"main.py", "helper.py"}
    warnings = "\n".join(report.warnings)
    assert "cobol" in warnings and "problem.sv.md" in warnings

    # The converted checker speaks the Kattis protocol: 42 for the accepted solution, 43 for the wrong one.
    validator = dest / "grader" / "validate.py"
    for group, tests in package.groups.items():
        for test in tests:
            test_in = dest / "tests" / "secret" / group / f"{test.name}.in"
            test_ans = dest / "tests" / "secret" / group / f"{test.name}.ans"
            output = run_solution(dest / "submissions" / "accepted" / "pairs.py", test_in)
            assert run_validator(validator, test_in, test_ans, tmp_path / "fb", output, ["one_based"]) == 42
    test_in = dest / "tests" / "secret" / "group2" / "01.in"
    test_ans = dest / "tests" / "secret" / "group2" / "01.ans"
    wrong = run_solution(dest / "submissions" / "wrong_answer" / "zero_based.py", test_in)
    assert run_validator(validator, test_in, test_ans, tmp_path / "fb2", wrong, ["one_based"]) == 43
    assert "out of range" in (tmp_path / "fb2" / "judgemessage.txt").read_text()


def test_2025_09_interactive_with_python_interactor(tmp_path):
    dest = tmp_path / "out"
    report = import_kattis(FIXTURES / "guess", dest)

    assert report.format_version == "2025-09"
    assert report.title == "Guess the Number"
    manifest = report.manifest
    assert manifest.grader == InteractiveGrader(program="grader/interactor.py")
    assert manifest.limits.time_limit_s == DEFAULT_TIME_LIMIT_S  # no limit given: the default, with a warning
    assert manifest.limits.memory_limit_mib == 128
    assert manifest.scoring.groups == [Group(name="main", points=100)]
    assert manifest.authors == ["Alan Turing"]
    warnings = "\n".join(report.warnings)
    assert "no time limit in the package" in warnings
    assert "data/sample/: 1 interaction log(s) shown in statement.md as sample interactions" in warnings
    assert "{{nextsample}}" in warnings

    package = load_package(dest)
    assert "{{nextsample}}" not in package.statement
    assert "## Sample interaction\n" in package.statement and "\n```\n> " in package.statement
    assert [t.name for t in package.groups["main"]] == ["01", "02", "03"]
    assert [s.name for s in package.samples] == ["1"]
    assert [(s.expected, s.language) for s in package.submissions] == [
        ("accepted", "python3"),
        ("wrong_answer", "python3"),
    ]

    interactor = dest / "grader" / "interactor.py"
    secret = dest / "tests" / "secret" / "main"
    accepted = dest / "submissions" / "accepted" / "binary_search.py"
    wrong = dest / "submissions" / "wrong_answer" / "count_up.py"
    for name in ("01", "02", "03"):
        assert (
            interact(interactor, accepted, secret / f"{name}.in", secret / f"{name}.ans", tmp_path / name)
            == 42
        )
    assert interact(interactor, wrong, secret / "02.in", secret / "02.ans", tmp_path / "wrong") == 43


def test_import_from_a_zip_gives_the_same_package(tmp_path):
    archive = tmp_path / "hypotenuse.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in sorted((FIXTURES / "hypotenuse").rglob("*")):
            if path.is_file():
                handle.write(path, f"hypotenuse/{path.relative_to(FIXTURES / 'hypotenuse').as_posix()}")
    from_zip = import_kattis(archive, tmp_path / "a")
    from_folder = import_kattis(FIXTURES / "hypotenuse", tmp_path / "b")
    assert from_zip.slug == "hypotenuse"
    assert from_zip.content_hash == from_folder.content_hash


def test_summary_lists_what_was_not_converted(tmp_path):
    report = import_kattis(FIXTURES / "pair_sum", tmp_path / "out")
    summary = report.summary()
    assert (
        summary.splitlines()[0] == f"imported {FIXTURES / 'pair_sum'} (2023-07 format) -> {tmp_path / 'out'}"
    )
    assert "groups group1 (2), group2 (3)" in summary
    assert summary.splitlines()[-1] == f"  {len(report.warnings)} thing(s) not converted (see the warnings)"


# -- default validator flags, limits, names ------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "grader"),
    [
        ("", TokenGrader(case_sensitive=False, space_sensitive=False)),
        ("case_sensitive space_change_sensitive", TokenGrader(case_sensitive=True, space_sensitive=True)),
        ("float_absolute_tolerance 0.01", FloatGrader(abs_tol=0.01, rel_tol=0.0, case_sensitive=False)),
        ("float_relative_tolerance 1e-4 case_sensitive", FloatGrader(abs_tol=0.0, rel_tol=1e-4)),
        ("float_tolerance 1e-9", FloatGrader(abs_tol=1e-9, rel_tol=1e-9, case_sensitive=False)),
    ],
)
def test_default_validator_flags(tmp_path, flags, grader):
    src = kattis(tmp_path, {"problem.yaml": f"name: Echo\nvalidator_flags: {flags}\n"})
    assert import_kattis(src, tmp_path / "out").manifest.grader == grader


def test_2025_output_validator_args_for_the_default_validator(tmp_path):
    src = kattis(
        tmp_path,
        {
            "problem.yaml": "problem_format_version: 2025-09\nname: Echo\nuuid: x\n",
            "statement/problem.en.md": "Echo.\n",
            "problem_statement/problem.en.md": None,
            "data/secret/test_group.yaml": "output_validator_args: [float_tolerance, '0.5', ignore_me]\n",
        },
    )
    report = import_kattis(src, tmp_path / "out")
    assert report.manifest.grader == FloatGrader(abs_tol=0.5, rel_tol=0.5, case_sensitive=False)
    assert "validator flag 'ignore_me' of the default validator is not supported; ignored" in report.warnings


def test_slug_title_and_limits(tmp_path):
    src = kattis(
        tmp_path,
        {
            "problem.yaml": "name: {sv: Eko}\nlimits: {memory: 4096, output: 2, time_limit: 0.5, code: 64}\n",
        },
        name="Echo_Problem.v2",
    )
    report = import_kattis(src, tmp_path / "out")
    assert report.slug == "echo-problem-v2"
    assert report.title == "Eko"
    limits = report.manifest.limits
    assert (limits.time_limit_s, limits.memory_limit_mib, limits.output_limit_kib) == (0.5, 2048, 2048)
    assert "problem.yaml: limits.memory 4096 MiB is outside Assay's 16..2048; using 2048" in report.warnings
    assert "problem.yaml: limits.code not converted" in report.warnings


def test_no_time_limit_defaults_to_two_seconds(tmp_path):
    report = import_kattis(kattis(tmp_path), tmp_path / "out")
    assert report.manifest.limits.time_limit_s == 2.0
    assert report.manifest.grader == TokenGrader(case_sensitive=False)


def test_short_names_and_missing_title(tmp_path):
    report = import_kattis(kattis(tmp_path, {"problem.yaml": "source: X\n"}, name="A"), tmp_path / "out")
    assert report.slug == "a-problem"
    assert report.title == "A Problem"
    assert "problem.yaml: no problem name; the title is 'A Problem'" in report.warnings


# -- groups and points ---------------------------------------------------------------------------


def test_pass_fail_groups_are_merged_into_one(tmp_path):
    src = kattis(
        tmp_path,
        {
            "data/secret/1.in": None,
            "data/secret/1.ans": None,
            "data/secret/easy/1.in": "1\n",
            "data/secret/easy/1.ans": "1\n",
            "data/secret/hard/1.in": "2\n",
            "data/secret/hard/1.ans": "2\n",
            "data/secret/hard/big/2.in": "3\n",
            "data/secret/hard/big/2.ans": "3\n",
        },
    )
    dest = tmp_path / "out"
    report = import_kattis(src, dest)
    assert report.manifest.scoring.groups == [Group(name="main", points=100)]
    package = load_package(dest)
    assert [t.name for t in package.groups["main"]] == ["easy-1", "hard-1", "hard-big-2"]


def test_legacy_scoring_points_from_testdata_yaml(tmp_path):
    src = kattis(
        tmp_path,
        {
            "problem.yaml": "name: Echo\ntype: scoring\n",
            "data/secret/1.in": None,
            "data/secret/1.ans": None,
            "data/secret/g1/testdata.yaml": "range: 0 20\naccept_score: 20\ngrader_flags: min\n",
            "data/secret/g1/1.in": "1\n",
            "data/secret/g1/1.ans": "1\n",
            "data/secret/g2/testdata.yaml": "accept_score: 10\n",
            **{f"data/secret/g2/{i}.{ext}": f"{i}\n" for i in range(3) for ext in ("in", "ans")},
            "data/secret/G 3/1.in": "3\n",
            "data/secret/G 3/1.ans": "3\n",
        },
    )
    report = import_kattis(src, tmp_path / "out")
    assert report.manifest.scoring.groups == [
        Group(name="g-3", points=50, aggregate="sum"),
        Group(name="g1", points=20, aggregate="min"),
        Group(name="g2", points=30, aggregate="sum"),
    ]
    assert "groups without points share the remaining 50 points: g-3" in report.warnings


def test_scoring_without_points_splits_100_equally(tmp_path):
    changes: dict[str, str | None] = {
        "problem.yaml": "problem_format_version: 2025-09\ntype: scoring\nname: Echo\n",
        "data/secret/1.in": None,
        "data/secret/1.ans": None,
    }
    for group in ("a", "b", "c"):
        changes[f"data/secret/{group}/1.in"] = "1\n"
        changes[f"data/secret/{group}/1.ans"] = "1\n"
    report = import_kattis(kattis(tmp_path, changes), tmp_path / "out")
    assert [(g.name, g.points, g.aggregate) for g in report.manifest.scoring.groups] == [
        ("a", 33.33, "all"),
        ("b", 33.33, "all"),
        ("c", 33.34, "all"),
    ]
    assert report.manifest.scoring.max_points == pytest.approx(100)
    assert "no points given for the test groups; 100 points split equally" in report.warnings


def test_2025_group_settings(tmp_path):
    src = kattis(
        tmp_path,
        {
            "problem.yaml": "problem_format_version: 2025-09\ntype: scoring\nname: Echo\n",
            "data/secret/1.in": None,
            "data/secret/1.ans": None,
            "data/secret/test_group.yaml": "max_score: 50\n",
            "data/secret/a/test_group.yaml": "max_score: 10\n",
            "data/secret/a/1.in": "1\n",
            "data/secret/a/1.ans": "1\n",
            "data/secret/b/test_group.yaml": (
                "max_score: 40\nscore_aggregation: min\nrequire_pass: [sample, secret/a]\n"
            ),
            "data/secret/b/1.in": "1\n",
            "data/secret/b/1.ans": "1\n",
        },
    )
    report = import_kattis(src, tmp_path / "out")
    assert report.manifest.scoring.groups == [
        Group(name="a", points=10),
        Group(name="b", points=40, aggregate="min", require_pass=["a"]),
    ]
    assert any("require_pass 'sample' not converted" in w for w in report.warnings)


def test_scoring_without_groups_is_one_summed_group(tmp_path):
    src = kattis(
        tmp_path, {"problem.yaml": "problem_format_version: 2023-07-draft\ntype: scoring\nname: Echo\n"}
    )
    report = import_kattis(src, tmp_path / "out")
    assert report.manifest.scoring.groups == [Group(name="main", points=100, aggregate="sum")]


# -- validators ----------------------------------------------------------------------------------


def test_legacy_multi_file_cpp_validator_with_flags(tmp_path):
    src = kattis(
        tmp_path,
        {
            "problem.yaml": "name: Echo\nvalidation: custom\nvalidator_flags: float_tolerance 1e-3\n",
            "output_validators/checker/checker.cpp": "int main(int argc, char **argv) { return 42; }\n",
            "output_validators/checker/util.cpp": '#include "util.h"\nint helper() { return 1; }\n',
            "output_validators/checker/util.h": "int helper();\n",
            "output_validators/other/other.py": "import sys\nsys.exit(42)\n",
        },
    )
    dest = tmp_path / "out"
    report = import_kattis(src, dest)
    assert report.manifest.grader == CheckerGrader(
        program="grader/checker.cpp", args=["float_tolerance", "1e-3"]
    )
    assert sorted(p.name for p in (dest / "grader").iterdir()) == ["checker.cpp", "util.cpp", "util.h"]
    assert (
        "output_validators/: several validators (checker, other); only checker converted" in report.warnings
    )


def test_legacy_custom_interactive(tmp_path):
    src = kattis(
        tmp_path,
        {
            "problem.yaml": "name: Echo\nvalidation: custom interactive\n",
            "output_validators/interactor.py": "import sys\nsys.exit(42)\n",  # a single-file program
            "data/secret/2.in": "c\n",  # interactive: an answer file may be absent
        },
    )
    report = import_kattis(src, tmp_path / "out")
    assert report.manifest.grader == InteractiveGrader(program="grader/interactor.py")
    assert load_package(tmp_path / "out").groups["main"][1].answer == b""


def test_legacy_default_validation_ignores_output_validators(tmp_path):
    src = kattis(tmp_path, {"output_validators/v/v.py": "import sys\nsys.exit(42)\n"})
    dest = tmp_path / "out"
    report = import_kattis(src, dest)
    assert report.manifest.grader == TokenGrader(case_sensitive=False)
    assert not (dest / "grader").exists()
    assert any("present but problem.yaml says 'validation: default'" in w for w in report.warnings)


# -- malformed packages: clear errors, nothing written ------------------------------------------


def test_missing_problem_yaml_names_nested_problems(tmp_path):
    contest = tmp_path / "contest"
    write(contest / "hello", dict(MINIMAL))
    problems = failure(contest, tmp_path / "out")
    assert problems == [
        "problem.yaml: missing at the top of the package (problem folders found inside: hello). "
        "Fix: point the import at a problem folder, the one holding problem.yaml, data/ and submissions/"
    ]


def test_invalid_yaml(tmp_path):
    problems = failure(
        kattis(tmp_path, {"problem.yaml": "name: Echo\nlimits: {memory: 256\n"}), tmp_path / "out"
    )
    assert len(problems) == 1
    assert problems[0].startswith("problem.yaml: not valid YAML (")
    assert "at line 3, column 1" in problems[0]
    assert problems[0].endswith("Fix: correct the YAML syntax")


def test_problem_yaml_not_a_mapping(tmp_path):
    assert failure(kattis(tmp_path, {"problem.yaml": "- a\n- b\n"}), tmp_path / "out") == [
        "problem.yaml: must be a mapping of keys to values, found list. Fix: write it as 'key: value' lines"
    ]


def test_unsupported_type(tmp_path):
    problems = failure(
        kattis(tmp_path, {"problem.yaml": "name: Echo\ntype: [pass-fail, multi-pass]\n"}), tmp_path / "o"
    )
    assert problems == [
        "problem.yaml: type 'multi-pass' is not supported by Assay. "
        "Fix: convert the problem by hand to a pass-fail, scoring or interactive problem"
    ]


def test_several_errors_are_listed_together(tmp_path):
    src = kattis(
        tmp_path,
        {
            "problem.yaml": "name: Echo\ntype: interactive\nlimits: {memory: lots}\n",
            "problem_statement/problem.en.md": None,
            "data/secret/1.ans": None,  # interactive: fine
            "data/sample/1.ans": None,  # interactive: fine
            ".timelimit": "soon\n",
        },
    )
    problems = failure(src, tmp_path / "out")
    assert problems == [
        "statement/: no problem statement found. Fix: add statement/problem.en.md (or "
        "problem_statement/problem.en.tex in the legacy format)",
        ".timelimit: the time limit is 'soon', not a positive number. "
        "Fix: write a number of seconds, e.g. '2.0'",
        "problem.yaml: limits.memory is 'lots', not a positive number. Fix: write a number of MiB, e.g. "
        "'memory: 256'",
        "output_validator/: an interactive problem needs an interactor, none found. "
        "Fix: put the interactor in output_validator/ (2023-07+) or output_validators/<name>/ (legacy)",
    ]


def test_samples_only_are_also_the_tests(tmp_path):
    """DOMjudge's own example problems hold only data/sample: the samples are graded as the tests."""
    src = kattis(tmp_path, {"data/secret/1.in": None, "data/secret/1.ans": None,
                            "data/sample/2.in": "c\n", "data/sample/2.ans": "c\n"})
    dest = tmp_path / "out"
    report = import_kattis(src, dest)
    assert ("data/secret/: missing; the 2 sample test case(s) of data/sample/ are also used as the tests "
            "(as DOMjudge does): add hidden test cases to data/secret/") in report.warnings
    assert report.manifest.scoring.groups == [Group(name="main", points=100, path="tests/sample")]
    assert (report.samples, report.tests) == (2, {"main": 2})
    assert manifest_yaml(dest)["scoring"] == {"groups": [{"name": "main", "points": 100, "path": "tests/sample"}]}
    assert not (dest / "tests" / "secret").exists()
    package = load_package(dest)
    assert [(t.name, t.input, t.answer) for t in package.groups["main"]] == [
        (t.name, t.input, t.answer) for t in package.samples] == [("1", b"a\n", b"a\n"), ("2", b"c\n", b"c\n")]


def test_no_test_data_at_all_is_refused(tmp_path):
    src = kattis(tmp_path, {"data/secret/1.in": None, "data/secret/1.ans": None,
                            "data/sample/1.in": None, "data/sample/1.ans": None})
    assert failure(src, tmp_path / "out") == [
        "data/secret/: missing. Fix: put the hidden test cases in data/secret/ (.in and .ans files)"
    ]


def test_missing_answer_and_secret_data(tmp_path):
    problems = failure(kattis(tmp_path, {"data/secret/1.ans": None}), tmp_path / "out")
    assert problems == [
        "data/secret/1.in: test case has no .ans file. "
        "Fix: add data/secret/1.ans (Kattis requires one per .in)",
        "data/secret/: holds no test cases. Fix: add .in and .ans files to data/secret/",
    ]


def test_custom_validation_without_validator_and_bad_flag(tmp_path):
    src = kattis(tmp_path, {"problem.yaml": "name: Echo\nvalidation: custom\n"})
    assert failure(src, tmp_path / "out") == [
        "output_validators/: validation is custom but there is no output validator. "
        "Fix: add the validator program, or set 'validation: default'"
    ]
    src = kattis(tmp_path / "b", {"problem.yaml": "name: Echo\nvalidator_flags: float_tolerance\n"})
    assert failure(src, tmp_path / "out") == [
        "problem.yaml: validator flag float_tolerance needs a non-negative number, got None. "
        "Fix: write e.g. 'validator_flags: float_tolerance 1e-6'"
    ]


def test_ambiguous_validator_main(tmp_path):
    src = kattis(
        tmp_path,
        {
            "output_validator/a.cpp": "int main() { return 42; }\n",
            "output_validator/b.cpp": "int main() { return 43; }\n",
        },
    )
    assert failure(src, tmp_path / "out") == [
        "output_validator: cannot tell which file is the validator's main program "
        "(candidates: a.cpp, b.cpp). "
        "Fix: keep main() in exactly one file, or name it validate.cpp / validate.py"
    ]


def test_destination_must_be_new_or_empty(tmp_path):
    dest = write(tmp_path / "out", {"keep.txt": "mine\n"})
    with pytest.raises(KattisImportError) as caught:
        import_kattis(kattis(tmp_path), dest)
    assert caught.value.problems == [
        f"{dest}: the destination exists and is not an empty folder. Fix: choose a new folder or remove it"
    ]
    assert sorted(p.name for p in dest.iterdir()) == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert import_kattis(kattis(tmp_path / "again"), empty).slug == "echo"


def test_missing_source(tmp_path):
    assert failure(tmp_path / "nope", tmp_path / "out") == [
        f"{tmp_path / 'nope'}: no such file or folder. "
        "Fix: give the path of a Kattis problem folder (or .zip/.kpp)"
    ]


def test_symlink_out_of_the_source_is_refused(tmp_path):
    src = kattis(tmp_path)
    (tmp_path / "host.txt").write_text("secret\n")
    os.symlink(tmp_path / "host.txt", src / "data" / "secret" / "2.in")
    assert failure(src, tmp_path / "out") == [
        "data/secret/2.in: symbolic link points outside the package. Fix: remove or replace that file in the "
        "Kattis package"
    ]


# -- LaTeX to Markdown ---------------------------------------------------------------------------


def test_tex_to_markdown():
    tex = r"""\problemname{The \emph{Big} Sum}
% a comment
Compute $\sum_{i=1}^n a_i$ for \textbf{all}~inputs\ldots{} See \url{https://example.com}.
\begin{itemize}
\item first
\item second, with 50\% more
\end{itemize}
\illustration{0.3}{sum.png}{A sum}
\begin{Input}
Two lines.
\end{Input}
\section*{Output}
\begin{verbatim}
  keep \textbf{this}
\end{verbatim}
"""
    markdown, title = tex_to_markdown(tex)
    assert title == "The Big Sum"
    assert markdown == (
        r"Compute $\sum_{i=1}^n a_i$ for **all** inputs... See <https://example.com>."
        "\n\n"
        "- first\n"
        "- second, with 50% more\n\n"
        "![A sum](sum.png)\n\n"
        "## Input\n\n"
        "Two lines.\n\n"
        "## Output\n\n"
        "```\n"
        r"  keep \textbf{this}"
        "\n"
        "```\n"
    )


# -- real packages as published (tests/test_kattis_examples.py runs the real ones) -----------------


def test_pdf_symlinked_out_of_the_package_is_skipped_with_a_warning(tmp_path):
    """DOMjudge's examples link problem.pdf to their documentation: skipped, not refused."""
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    src = kattis(tmp_path, {"problem_statement/problem.en.md": None})
    os.symlink("../../doc.pdf", src / "problem.pdf")
    os.symlink("../../../doc.pdf", (src / "problem_statement").mkdir() or src / "problem_statement" / "problem.pdf")
    report = import_kattis(src, tmp_path / "out")
    text = "\n".join(report.warnings)
    assert "problem.pdf: a symbolic link to a file outside the package; skipped" in text
    assert "problem_statement/problem.pdf: a symbolic link to a file outside the package; skipped" in text
    assert "statement: none in the package" in text
    package = load_package(tmp_path / "out")
    assert package.statement.startswith("# Echo\n\nThe statement of this problem was not part of the imported")
    assert not any(path.endswith(".pdf") for path in package.files)


def test_a_pdf_in_the_package_is_the_statement_when_there_is_no_other(tmp_path):
    src = kattis(tmp_path, {"problem_statement/problem.en.md": None, "problem.pdf": b"%PDF-1.4\n"})
    report = import_kattis(src, tmp_path / "out")
    assert (tmp_path / "out" / "problem.pdf").read_bytes() == b"%PDF-1.4\n"
    assert "[problem.pdf](problem.pdf)" in load_package(tmp_path / "out").statement
    assert "only a PDF statement" in "\n".join(report.warnings)


def test_the_english_statement_is_chosen_over_markdown_in_another_language(tmp_path):
    src = kattis(tmp_path, {
        "problem_statement/problem.en.md": None,
        "statement/problem.sv.md": "Skriv ut indata.\n",
        "statement/problem.en.tex": "\\problemname{Echo}\nPrint the \\emph{input}.\n",
    })
    report = import_kattis(src, tmp_path / "out")
    statement = load_package(tmp_path / "out").statement
    assert statement.startswith("# Echo\n\nPrint the *input*.")
    assert "not kept: statement/problem.sv.md" in "\n".join(report.warnings)


def test_domjudge_submission_folders(tmp_path):
    src = kattis(tmp_path, {
        "submissions/compiler_error/broken.c": "int main( {\n",
        "submissions/no_output/silent.py": "pass\n",
        "submissions/wrong_answer/silent.py": "print('x')\n",
        "submissions/mixed/maybe.py": "print(1)\n",
        "submissions/check_manually/odd.py": "print(1)\n",
    })
    report = import_kattis(src, tmp_path / "out")
    paths = {s.path: s.expected for s in load_package(tmp_path / "out").submissions}
    assert paths == {
        "submissions/accepted/echo.py": "accepted",
        "submissions/compile_error/broken.c": "compile_error",
        "submissions/wrong_answer/no_output-silent.py": "wrong_answer",  # beside a program of the same name
        "submissions/wrong_answer/silent.py": "wrong_answer",
    }
    text = "\n".join(report.warnings)
    assert "submissions/mixed/: 1 submission(s) not copied: they may get any of several verdicts" in text
    assert "submissions/check_manually/: 1 submission(s) not copied" in text


def test_python2_reference_programs_are_skipped(tmp_path):
    src = kattis(tmp_path, {
        "submissions/accepted/old.py": "print raw_input()\n",
        "submissions/compile_error/bad.py": "def f(:\n",  # expected not to compile: kept
    })
    report = import_kattis(src, tmp_path / "out")
    assert report.submissions == {"accepted": 1, "compile_error": 1}
    assert ("submissions/accepted/old.py: not Python 3 (old.py line 1: " in "\n".join(report.warnings))


def test_java_main_class_gets_a_main_launcher(tmp_path):
    source = "import java.util.*;\npublic class Echo {\n  public static void main(String[] a) {\n" \
             "    System.out.println(new Scanner(System.in).nextLine());\n  }\n}\n"
    src = kattis(tmp_path, {
        "submissions/accepted/Echo.java": source,
        "submissions/accepted/Main.java": source.replace("class Echo", "class Main"),
        "submissions/accepted/multi/Echo.java": source,
        "submissions/accepted/multi/Util.java": "class Util {}\n",
    })
    report = import_kattis(src, tmp_path / "out")
    files = load_package(tmp_path / "out").files
    assert files["submissions/accepted/Echo/Echo.java"] == source.encode()  # unchanged
    launcher = files["submissions/accepted/Echo/Main.java"].decode()
    assert "public class Main" in launcher and "Echo.main(args);" in launcher
    assert "submissions/accepted/Main.java" in files  # already class Main: as it is
    assert {p for p in files if p.startswith("submissions/accepted/multi/")} == {
        "submissions/accepted/multi/Echo.java", "submissions/accepted/multi/Util.java",
        "submissions/accepted/multi/Main.java"}
    assert "Java main class Echo; Main.java calling Echo.main added" in "\n".join(report.warnings)


def test_latex_statement_through_pandoc():
    """problemtools' macros, figures, tables and math through pandoc (installed by scripts/setup-host.sh)."""
    import shutil

    if shutil.which("pandoc") is None:
        need("pandoc is not installed (scripts/setup-host.sh installs Debian's pandoc)")
    tex = r"""\problemname{Odd \emph{Echo}}
% a comment
Words $w_1, \ldots, w_N$ and \(1 \le N \le 10\).
\illustration{0.3}{cave.jpg}{A cave}
\begin{Input}
The first line holds $N$.
\end{Input}
\section*{Output}
\includegraphics[width=0.5\textwidth]{out.png}
\begin{tabular}{|l|l|}
\hline
Group & Points \\ \hline
$1$ & $1$ \\ \hline
\end{tabular}
\input{/etc/passwd}
"""
    markdown, title, how = latex_statement(tex)
    assert (title, how) == ("Odd Echo", "pandoc")
    assert r"Words $w_1, \ldots, w_N$ and $1 \le N \le 10$." in markdown
    assert "![A cave](cave.jpg)" in markdown and "![image](out.png)" in markdown
    assert "## Input\n\nThe first line holds $N$." in markdown and "## Output" in markdown
    assert "| Group | Points |" in markdown
    assert "root:" not in markdown and "comment" not in markdown  # --sandbox: no files read


def test_a_formula_that_is_not_valid_tex_is_named_in_the_warnings(tmp_path):
    """Issue 25: the statement's math is rendered as MathML; one that cannot be is named, not lost."""
    src = kattis(tmp_path, {"problem_statement/problem.en.md": "Sum $a_1 + a_2$ but $\\frac{1}{$ is broken.\n"})
    report = import_kattis(src, tmp_path / "out")
    warnings = "\n".join(report.warnings)
    assert "statement: the formula $\\frac{1}{$ is not valid TeX" in warnings
    assert "a_1 + a_2" not in warnings
