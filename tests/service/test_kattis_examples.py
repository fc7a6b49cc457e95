"""Real packages, as their authors publish them, through `assay problems import-kattis` and `verify`.

- The problemtools examples (hello, different, guess, oddecho): fetched at test time from the
  ``problemtools`` source distribution on PyPI (pip download, cached in ``$ASSAY_TEST_CACHE`` or the
  temp dir). Without a network the fetch skips locally and fails in CI.
- DOMjudge's example problems (hello, fltcmp, boolfind): in no package, so copied into
  tests/fixtures/domjudge/ (README.md there: source, commit and license of every file). Their
  problem.pdf is a symbolic link out of the package, as in DOMjudge's repository.

Every package imports; every reference submission in a language Assay runs gets its folder's verdict
in the real Docker sandbox (runc); the others are reported as skipped, with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest
from support.gate import need

from api.statements import to_html
from problemformat.kattis.importer import import_kattis
from problemformat.package_loader import load_package
from problemformat.statement_math import math_errors

PROBLEMTOOLS = "problemtools==1.20260907"
PROBLEMTOOLS_EXAMPLES = ("different", "guess", "hello", "oddecho")
DOMJUDGE = Path(__file__).resolve().parents[1] / "fixtures" / "domjudge"
DOMJUDGE_EXAMPLES = ("boolfind", "fltcmp", "hello")
ASSAY = [sys.executable, "-m", "api.cli"]
@pytest.fixture(scope="session")
def problemtools_examples() -> Path:
    """problemtools' examples/ folder, from its sdist on PyPI (downloaded once, then cached)."""
    cache = Path(os.environ.get("ASSAY_TEST_CACHE") or Path(tempfile.gettempdir()) / "assay-test-cache")
    folder = cache / PROBLEMTOOLS.replace("==", "-")
    examples = folder / "examples"
    if not (examples / "hello" / "problem.yaml").exists():
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", PROBLEMTOOLS, "--no-deps", "--no-binary", ":all:",
             "--dest", str(folder), "--quiet"],
            capture_output=True, text=True, timeout=300,
        )
        archives = sorted(folder.glob("problemtools-*.tar.gz"))
        if done.returncode != 0 or not archives:
            need(f"cannot download {PROBLEMTOOLS} from PyPI: {done.stderr.strip()[-500:]}")
        unpacked = Path(tempfile.mkdtemp(dir=folder))  # a run cut short leaves no half-made examples/
        with tarfile.open(archives[-1]) as archive:
            members = [m for m in archive.getmembers() if "/examples/" in m.name]
            archive.extractall(unpacked, members=members, filter="data")
        (next(unpacked.glob("problemtools-*")) / "examples").rename(examples)
        shutil.rmtree(unpacked, ignore_errors=True)
    return examples


@pytest.fixture(scope="session")
def imported(problemtools_examples, tmp_path_factory) -> dict[str, object]:
    """Every example imported once: name -> ImportReport."""
    out = tmp_path_factory.mktemp("imported")
    reports = {}
    for name in PROBLEMTOOLS_EXAMPLES:
        reports[f"problemtools/{name}"] = import_kattis(problemtools_examples / name, out / f"pt-{name}")
    for name in DOMJUDGE_EXAMPLES:
        reports[f"domjudge/{name}"] = import_kattis(DOMJUDGE / name, out / f"dj-{name}")
    return reports


def warnings(report) -> str:
    return "\n".join(report.warnings)


def test_problemtools_examples_import(imported):
    different = imported["problemtools/different"]
    assert (different.title, different.manifest.grader.kind) == ("A Different Problem", "checker")
    assert different.submissions == {"accepted": 16, "time_limit_exceeded": 1, "wrong_answer": 2}
    assert "not supported" not in warnings(different)  # C#, Haskell, Lisp, OCaml, PHP, Prolog... all run
    assert ("submissions/accepted/different_py2.py: not Python 3 (different_py2.py line 9: Missing "
            "parentheses in call to 'print'") in warnings(different)
    # Java's main class is Different, Assay runs Main: a launcher is added, the source is unchanged
    java = load_package(different.dest).files
    assert "submissions/accepted/Different/Main.java" in java
    assert b"Different.main(args)" in java["submissions/accepted/Different/Main.java"]

    guess = imported["problemtools/guess"]
    assert (guess.format_version, guess.manifest.grader.kind) == ("2023-07", "interactive")
    assert guess.submissions == {"accepted": 2, "run_time_error": 2, "time_limit_exceeded": 2,
                                 "wrong_answer": 6}
    assert "only statement/problem.en.tex converted; not kept: statement/problem.sv.md" in warnings(guess)

    oddecho = imported["problemtools/oddecho"]
    assert oddecho.tests == {"subtask1": 3, "subtask2": 13}
    assert oddecho.submissions == {"accepted": 2, "partial": 1}
    assert {g.name: g.points for g in oddecho.manifest.scoring.groups} == {"subtask1": 50, "subtask2": 50}

    hello = imported["problemtools/hello"]
    assert hello.title == "Hello World!" and hello.manifest.limits.memory_limit_mib == 512


def test_problemtools_input_validators_are_converted(imported):
    """Every example's input validators are kept (the checktestdata one of `different` is left out, with
    a warning), with the flags problemtools passes them (oddecho: nFive per test group)."""
    found = {name: [(v.path, v.language) for v in load_package(report.dest).input_validators]
             for name, report in imported.items() if name.startswith("problemtools/")}
    assert found == {
        "problemtools/different": [("input_validators/validate.py", "python3")],
        "problemtools/guess": [("input_validators/validate.py", "python3")],
        "problemtools/hello": [("input_validators/validate.py", "python3")],
        "problemtools/oddecho": [("input_validators/validator/", "cpp")],
    }
    assert "input_validators/different.ctd: not converted" in warnings(imported["problemtools/different"])
    oddecho = imported["problemtools/oddecho"].manifest
    assert oddecho.input_validation.sample_args == ["nFive=0"]
    assert {g.name: g.input_validator_args for g in oddecho.scoring.groups} == {
        "subtask1": ["nFive=1"], "subtask2": ["nFive=0"]}


def test_latex_statements_become_readable_markdown(imported):
    """problem.en.tex -> statement.md (pandoc when installed): title, sections, math, tables."""
    statement = load_package(imported["problemtools/oddecho"].dest).statement
    assert statement.startswith("# Odd Echo\n\nECHO! Echo! Ech")
    assert "## Input" in statement and "## Output" in statement and "## Scoring" in statement
    assert r"$1 \le N \le 10$" in statement  # \(...\) math kept as $...$ TeX
    assert "problemname" not in statement and "\\section" not in statement
    html = to_html(statement)
    assert ('<span class="math inline"><math display="inline"><mrow><mn>1</mn><mo>≤</mo><mi>N</mi><mo>≤</mo>'
            '<mn>10</mn></mrow></math></span>') in html  # rendered as MathML on the server (issue 25)
    if "pandoc" in warnings(imported["problemtools/oddecho"]):
        assert "<table>" in html and "No additional constraints" in html  # \begin{tabular}
    different = load_package(imported["problemtools/different"].dest).statement
    assert "$10^{15}$" in different and "\\problemname" not in different
    guess = load_package(imported["problemtools/guess"].dest).statement
    assert "## Interaction" in guess and "`lower`" in guess
    # data/sample/*.interaction (no .in/.ans samples): shown as sample interactions
    assert "## Sample interactions" in guess and "```\n> 792\n< higher\n" in guess


def test_every_examples_math_renders_as_mathml(imported):
    """Issue 25: the problemtools and DOMjudge examples' formulas all become MathML, none stays as TeX."""
    for name, report in imported.items():
        statement = load_package(report.dest).statement
        assert math_errors(statement) == [], name
        html = to_html(statement)
        assert "math-error" not in html, name
        if "$" in statement:
            assert "<math" in html, name


def test_domjudge_examples_import(imported):
    for name in DOMJUDGE_EXAMPLES:
        report = imported[f"domjudge/{name}"]
        text = warnings(report)
        assert "problem.pdf: a symbolic link to a file outside the package; skipped" in text, name
        assert "statement: none in the package (problem.pdf skipped)" in text
        assert not (report.dest / "problem.pdf").exists()
    boolfind = imported["domjudge/boolfind"]
    assert boolfind.manifest.grader.kind == "interactive"
    assert boolfind.submissions == {"accepted": 2, "time_limit_exceeded": 2, "wrong_answer": 3}
    assert "submissions/mixed/: 1 submission(s) not copied: they may get any of several verdicts" in (
        warnings(boolfind))
    fltcmp = imported["domjudge/fltcmp"]
    assert fltcmp.manifest.grader.kind == "float" and fltcmp.manifest.grader.abs_tol == 1e-6
    hello = imported["domjudge/hello"]
    # DOMjudge's compiler_error/ and no_output/ map onto compile_error/ and wrong_answer/
    assert hello.submissions == {"accepted": 6, "compile_error": 1, "time_limit_exceeded": 1,
                                 "wrong_answer": 2}
    # only data/sample, as in DOMjudge: the sample is the test too, and the warning says so
    assert (hello.samples, hello.tests) == (1, {"main": 1})
    assert [(g.name, g.path) for g in hello.manifest.scoring.groups] == [("main", "tests/sample")]
    assert ("data/secret/: missing; the 1 sample test case(s) of data/sample/ are also used as the tests"
            in warnings(hello))


def test_cli_shows_the_warnings(tmp_path):
    done = subprocess.run([*ASSAY, "problems", "import-kattis", str(DOMJUDGE / "boolfind"),
                           str(tmp_path / "boolfind")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "warning: problem.pdf: a symbolic link to a file outside the package; skipped" in done.stderr
    assert "warning: submissions/mixed/" in done.stderr
    assert "grader interactive" in done.stdout and "6 thing(s) not converted" in done.stdout
