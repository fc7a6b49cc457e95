"""The bundled problem library (problems/): every package loads and is complete; any invalid package
fails. That every reference submission gets the verdict of its folder (in the sandbox):
tests/docker/test_problem_library_verdicts.py."""

from __future__ import annotations

import re

import pytest
from support.library import CODE, PACKAGES, PROBLEMS, QUIZZES, load

MIN_PROBLEMS = 30  # issue 25: a hiring team can start on day one
MAX_PACKAGE_BYTES = 4 << 20  # the library ships in the repository: keep test data small
OUTPUT_GRADERS = ("token", "exact", "float")  # the answer is THE answer (not one of several)


def allowed(package) -> list[str]:
    from sandbox.languages import all_languages

    languages = package.manifest.languages
    return list(languages) if languages is not None else sorted(all_languages())


# ------------------------------------------------------------------------------------ the library


def test_library_has_enough_problems():
    assert len(PACKAGES) >= MIN_PROBLEMS, f"problems/ has {len(PACKAGES)} packages: {PACKAGES}"


def test_library_covers_the_kinds_of_work_a_team_screens_for():
    """Backend, data and algorithm work, debugging an existing code base, SQL, and question sets."""
    tags = {name: set(load(name).manifest.tags or []) for name in PACKAGES}
    kinds = {name: load(name).manifest.grader.kind for name in PACKAGES}
    for tag in ("backend", "data", "algorithms", "debugging"):
        assert any(tag in t for t in tags.values()), f"no problem tagged {tag}"
    assert sum(kind == "sql" for kind in kinds.values()) >= 2
    assert sum(kind == "quiz" for kind in kinds.values()) >= 3
    frameworks = {load(name).manifest.grader.framework for name in PACKAGES if kinds[name] == "unittest"}
    assert frameworks >= {"pytest", "junit5", "node-test", "go-test"}, frameworks


def test_every_folder_is_a_package():
    stray = [name for name in PACKAGES if not (PROBLEMS / name / "problem.yaml").is_file()]
    assert not stray, f"folders of problems/ without problem.yaml: {stray}"


def test_slugs_are_unique_and_match_folders():
    slugs = {name: load(name).slug for name in PACKAGES}
    assert {name: slug for name, slug in slugs.items() if name != slug} == {}


def test_library_covers_every_grader_kind():
    kinds = {load(name).manifest.grader.kind for name in PACKAGES}
    assert kinds >= {"token", "float", "checker", "unittest", "interactive"}, kinds


def test_library_has_scoring_groups_and_partial_credit():
    with_groups = [name for name in PACKAGES if len(load(name).manifest.scoring.groups) > 1]
    partial = [name for name in PACKAGES if any(s.expected == "partial" for s in load(name).submissions)]
    assert with_groups and partial


def test_library_uses_input_validators():
    """Some packages check their test inputs (input_validators/, run by `assay problems verify`):
    tests/docker/test_problem_library_verdicts.py runs them."""
    python = [name for name in PACKAGES if any(v.language == "python3" for v in load(name).input_validators)]
    assert len(python) >= 1, python


# ------------------------------------------------------------------------------------ each package


@pytest.mark.parametrize("slug", PACKAGES)
def test_package_loads(slug):
    package = load(slug)
    assert package.slug == slug


@pytest.mark.parametrize("slug", CODE)
def test_statement(slug):
    package = load(slug)
    statement = package.statement
    assert statement.startswith("# "), "statement.md starts with the title as a level-1 heading"
    assert len(statement) > 500, "statement.md is too short to state a problem"
    for section in ("Constraints", "Example"):
        assert re.search(rf"^##+ .*{section}", statement, re.MULTILINE), f"statement.md lacks a {section} section"
    assert package.manifest.title in statement.splitlines()[0]


@pytest.mark.parametrize("slug", CODE)
def test_samples_are_in_the_statement(slug):
    package = load(slug)
    assert package.samples, "tests/sample/ is empty"
    grader = package.manifest.grader.kind
    if grader in ("unittest", "interactive"):
        return  # samples are placeholders or interactor input: the statement shows tests or a transcript
    for case in package.samples:
        text = case.input.decode().strip()
        if grader == "sql":  # the statement shows the schema and the sample's rows (not BEGIN; COMMIT;)
            rows = [line for line in text.splitlines() if line.startswith("INSERT")]
            assert rows and all(row in package.statement for row in rows), f"sample {case.name}.in's rows"
        else:
            assert text in package.statement, f"sample {case.name}.in is not shown in statement.md"
        if grader in (*OUTPUT_GRADERS, "sql"):
            answer = case.answer.decode().strip()
            assert answer in package.statement, f"sample {case.name}.ans is not shown in statement.md"


@pytest.mark.parametrize("slug", CODE)
def test_templates(slug):
    package = load(slug)
    languages = allowed(package)
    assert len(package.templates) >= min(2, len(languages)), f"templates for {sorted(package.templates)} only"
    for language, files in package.templates.items():
        assert language in languages, f"templates/{language}/ for a language the problem does not accept"
        assert files, f"templates/{language}/ is empty"


@pytest.mark.parametrize("slug", CODE)
def test_reference_submissions(slug):
    package = load(slug)
    languages = allowed(package)
    accepted = [s for s in package.submissions if s.expected == "accepted"]
    assert len(accepted) >= 2, "at least two accepted reference submissions"
    accepted_languages = {s.language for s in accepted}
    assert len(accepted_languages) >= min(2, len(languages)), f"accepted only in {accepted_languages}"
    assert any(s.expected != "accepted" for s in package.submissions), "no failing reference submission"
    for submission in package.submissions:
        assert submission.language in languages, f"{submission.path}: language {submission.language}"


@pytest.mark.parametrize("slug", CODE)
def test_secret_tests(slug):
    package = load(slug)
    if package.manifest.grader.kind == "unittest":
        return  # the hidden unit tests in grader/ are the tests
    for group in package.manifest.scoring.groups:
        assert package.groups.get(group.name), f"scoring group {group.name} has no test cases"


@pytest.mark.parametrize("slug", QUIZZES)
def test_question_set(slug):
    """A bundled question set: an introduction, several questions of both choice kinds, and reference
    answers for the full marks (or, with a text question, every choice right) and for wrong ones."""
    package = load(slug)
    assert package.questions is not None and package.manifest.grader.kind == "quiz"
    assert package.statement.startswith("# ") and len(package.statement) > 200
    kinds = {q.type for q in package.questions.questions}
    assert {"single", "multiple"} <= kinds and len(package.questions.questions) >= 8
    expected = {s.expected for s in package.submissions}
    assert expected & {"accepted", "partial"} and "wrong_answer" in expected, expected


def test_library_has_question_sets():
    assert len(QUIZZES) >= 3, QUIZZES


@pytest.mark.parametrize("slug", PACKAGES)
def test_package_size(slug):
    package = load(slug)
    size = sum(len(data) for data in package.files.values())
    assert size <= MAX_PACKAGE_BYTES, f"{size} bytes: generate smaller tests"


# ------------------------------------------------------------------------------------ in the sandbox
