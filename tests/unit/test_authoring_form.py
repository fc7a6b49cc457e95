"""The console's problem form (api.services.authoring_form) against every bundled problem: a version
opened in the form and saved untouched is the same package (every file kept byte for byte, so the
same content-hashed version), and each package problem is named beside its form field."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.services.authoring_form import (
    EDITABLE_BYTES,
    FileRow,
    ProblemForm,
    field_of,
    form_of,
    message_of,
    package_files,
    starter_path,
)
from problemformat.errors import PackageProblem
from problemformat.package_loader import build_package, load_package

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(p.name for p in (ROOT / "problems").iterdir() if (p / "problem.yaml").exists())


@pytest.mark.parametrize("slug", BUNDLED)
def test_a_bundled_problem_saved_untouched_from_the_form_is_the_same_problem(slug: str) -> None:
    package = load_package(ROOT / "problems" / slug)
    form = form_of(package, 1)
    files, errors = package_files(form, package)
    assert errors == []
    again = build_package(files)
    assert again.files == package.files and again.content_hash == package.content_hash  # the same version
    big = [k.path for k in form.kept]
    assert all(len(package.files[p]) > EDITABLE_BYTES or b"\0" in package.files[p] or _binary(package.files[p])
               for p in big)


def _binary(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_package_problems_are_named_beside_their_fields() -> None:
    form = ProblemForm(starters={"python3": "x"}, files=[FileRow("tests/sample/01.in", "1\n"),
                                                          FileRow("grader/checker.py", "")])
    cases = {
        PackageProblem("problem.yaml", "limits.time_limit_s", "must be > 0"): "time_limit_s",
        PackageProblem("problem.yaml", "grader.abs_tol", "must be >= 0"): "abs_tol",
        PackageProblem("problem.yaml", "grader", "unknown kind"): "grader_kind",
        PackageProblem("problem.yaml", "scoring.groups.0", "no tests"): "groups",
        PackageProblem("problem.yaml", "languages.1", "not supported"): "languages",
        PackageProblem("problem.yaml", "", "not valid YAML"): "form",
        PackageProblem("statement.md", "", "missing"): "statement",
        PackageProblem(starter_path("python3"), "", "bad"): "starter_python3",
        PackageProblem("tests/sample/01.in", "", "has no matching .ans"): "file-0",
        PackageProblem("submissions/nope", "", "not a verdict folder"): "files",
    }
    assert {problem: field_of(problem, form) for problem in cases} == cases
    assert message_of(PackageProblem("problem.yaml", "title", "is too long")) == "title: is too long"
    assert message_of(PackageProblem("tests/a.in", "", "no .ans")) == "tests/a.in: no .ans"


def test_values_that_are_not_numbers_and_groups_without_points() -> None:
    form = ProblemForm(slug="x-y-z", title="T", time_limit_s="soon", memory_limit_mib="1.5", groups="main\n\n")
    _, errors = package_files(form, None)
    assert {(e.field, e.message.split(" ")[0]) for e in errors} >= {("time_limit_s", "“soon”"),
                                                                    ("memory_limit_mib", "“1.5”")}
    assert any(e.field == "groups" and "main 100" in e.message for e in errors)  # "main" has no points
    files, errors = package_files(ProblemForm(slug="x-y-z", title="T", groups=""), None)
    assert errors == [] and b"scoring" not in files["problem.yaml"]  # empty: the default group
