"""Validate a problem package and build the :class:`Package`, from a folder, a .zip or a .tar.gz.

    package = load_package(Path("problems/two-sum"))
    package = load_package(upload_bytes, filename="two-sum.zip")

The files are read by problemformat.archive (safely: no path escapes, sizes capped). Validation
never stops at the first mistake: every problem found is collected and raised at once as a
:class:`PackageError` listing each one as ``file: field: reason`` (``file: reason`` when no single
field is at fault). ``PackageError.problems`` holds the structured records for the API's 422 body.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from problemformat.archive import read_files
from problemformat.errors import PackageError, PackageProblem
from problemformat.input_validators import find_input_validators
from problemformat.manifest import (
    BUILTIN_KINDS,
    EXPECTED_VERDICTS,
    CheckerGrader,
    Group,
    InteractiveGrader,
    Manifest,
    QuizGrader,
    Scoring,
    SubmissionExpectation,
    UnitTestGrader,
)
from problemformat.package import Package, ReferenceSubmission, TestCase
from problemformat.questions import ANSWERS_LANGUAGE, QUESTIONS_FILE, QuestionSet, parse_questions
from sandbox import all_languages, detect

__all__ = [
    "MAX_TEST_CASES",
    "PackageError",
    "PackageProblem",
    "build_package",
    "content_hash",
    "load_package",
    "natural_key",
]

TEXT_SUFFIXES = (".md", ".yaml", ".yml")
MAX_TEST_CASES = 500  # per problem, samples included: a grading runs every one


# --------------------------------------------------------------------------------------------------
# Public entry points


def load_package(source: Path | str | bytes, *, filename: str | None = None) -> Package:
    """Read a package (folder, .zip or .tar.gz path, or archive bytes) and validate it.

    ``filename`` names uploaded bytes in messages (the format itself is recognised by content).
    Raises :class:`PackageError` listing every problem found.
    """
    files = read_files(source, filename=filename)
    return build_package(files)


def content_hash(files: Mapping[str, bytes]) -> str:
    """sha256 over the files sorted by path; each entry is ``path NUL length(8 bytes BE) bytes``."""
    digest = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        digest.update(path.encode("utf-8"))
        digest.update(b"\0")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def natural_key(name: str) -> tuple[Any, ...]:
    """Sort key putting ``2`` before ``10`` (digit runs compare as numbers)."""
    parts = re.split(r"(\d+)", name)
    return (tuple(int(p) if i % 2 else p.lower() for i, p in enumerate(parts)), name)


def build_package(files: Mapping[str, bytes]) -> Package:
    """Validate files already in memory (relative POSIX paths) and build the :class:`Package`."""
    return _Validator(dict(files)).run()


# --------------------------------------------------------------------------------------------------
# Validation


def _utf8_problem(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text: invalid byte 0x{data[exc.start]:02x} at offset {exc.start}"
    return None


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _safe_relative(path: str) -> str | None:
    """Normalised package-relative path, or None when it is absolute or climbs out with '..'."""
    if not path or path.startswith("/") or "\\" in path or re.match(r"^[A-Za-z]:", path):
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


class _Validator:
    """Collects every problem of a package held in memory, then builds the Package or raises."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.problems: list[PackageProblem] = []

    def problem(self, file: str, field: str, reason: str) -> None:
        self.problems.append(PackageProblem(file, field, reason))

    def run(self) -> Package:
        for path in sorted(self.files):
            if path.lower().endswith(TEXT_SUFFIXES):
                reason = _utf8_problem(self.files[path])
                if reason:
                    self.problem(path, "", reason)
        manifest = self._manifest()
        statement = self._statement()
        answers_optional = (
            isinstance(manifest.grader, UnitTestGrader | InteractiveGrader) if manifest else False
        )
        samples = self._tests("tests/sample", "sample", sample=True, answers_optional=answers_optional)
        groups: dict[str, list[TestCase]] = {}
        questions: QuestionSet | None = None
        if manifest is not None and isinstance(manifest.grader, QuizGrader):
            manifest, questions = self._quiz(manifest)
            groups = {g.name: [] for g in manifest.scoring.groups}
        elif manifest is not None:
            self._languages(manifest)
            self._grader(manifest)
            groups = self._groups(manifest, answers_optional)
        total = len(samples) + sum(len(tests) for tests in groups.values())
        if total > MAX_TEST_CASES:
            self.problem("tests/", "", f"{total} test cases; a problem has at most {MAX_TEST_CASES} "
                         "(samples included): each submission runs every one")
        templates = self._templates()
        submissions = self._submissions(manifest)
        input_validators, problems = find_input_validators(self.files)
        self.problems.extend(problems)
        if self.problems or manifest is None or statement is None or (
                isinstance(manifest.grader, QuizGrader) and questions is None):
            raise PackageError(self.problems)
        return Package(
            manifest=manifest,
            files=dict(sorted(self.files.items())),
            content_hash=content_hash(self.files),
            statement=statement,
            samples=samples,
            groups=groups,
            templates=templates,
            submissions=submissions,
            input_validators=input_validators,
            questions=questions,
        )

    # -- problem.yaml --------------------------------------------------------------------------

    def _yaml(self, path: str) -> tuple[bool, Any]:
        """(ok, document) of a YAML file of the package; problems recorded when not ok."""
        data = self.files[path]
        if _utf8_problem(data):
            return False, None  # already reported
        try:
            return True, yaml.safe_load(data.decode("utf-8"))
        except yaml.YAMLError as exc:
            where = ""
            mark = getattr(exc, "problem_mark", None)
            if mark is not None:
                where = f" at line {mark.line + 1}, column {mark.column + 1}"
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.problem(path, "", f"not valid YAML: {what}{where}")
            return False, None

    def _manifest(self) -> Manifest | None:
        if "problem.yaml" not in self.files:
            self.problem("problem.yaml", "", "missing: a package needs problem.yaml at its root")
            return None
        ok, document = self._yaml("problem.yaml")
        if not ok:
            return None
        if document is None:
            self.problem("problem.yaml", "", "is empty: it must be a mapping (schema, slug, title, ...)")
            return None
        if not isinstance(document, dict):
            self.problem(
                "problem.yaml", "", f"must be a mapping of keys to values, not {_describe(document)}"
            )
            return None
        try:
            return Manifest.model_validate(document)
        except ValidationError as exc:
            for error in exc.errors():
                self.problem("problem.yaml", _dotted(error["loc"]), _message(error))
        except Exception as exc:  # a plugin's config model misbehaving must not become a stack trace
            self.problem("problem.yaml", "grader", f"cannot be checked: {exc}")
        return None

    def _languages(self, manifest: Manifest) -> None:
        if manifest.languages is None:
            return
        supported = all_languages()
        if not manifest.languages:
            self.problem(
                "problem.yaml", "languages", "must list at least one language (or be left out for all)"
            )
        for index, name in enumerate(manifest.languages):
            if name not in supported:
                self.problem(
                    "problem.yaml",
                    f"languages.{index}",
                    f"language {name!r} is not supported by the sandbox; supported: "
                    f"{', '.join(sorted(supported))}",
                )

    def _grader(self, manifest: Manifest) -> None:
        grader = manifest.grader
        if isinstance(grader, CheckerGrader | InteractiveGrader):
            program = _safe_relative(grader.program)
            if program is None:
                self.problem(
                    "problem.yaml",
                    "grader.program",
                    f"{grader.program!r} must be a relative path inside the package",
                )
            elif any(p.startswith(program + "/") for p in self.files):
                self.problem("problem.yaml", "grader.program", f"{program} is a folder, not a program file")
            elif program not in self.files:
                self.problem("problem.yaml", "grader.program", f"{program} does not exist in the package")
        elif isinstance(grader, UnitTestGrader):
            for index, entry in enumerate(grader.tests):
                module = entry.test.split("::", 1)[0]
                path = _safe_relative(f"grader/{module}")
                if path is None or path not in self.files:
                    self.problem(
                        "problem.yaml",
                        f"grader.tests.{index}.test",
                        f"grader/{module} does not exist in the package",
                    )

    # -- a quiz: questions.yaml --------------------------------------------------------------

    def _quiz(self, manifest: Manifest) -> tuple[Manifest, QuestionSet | None]:
        """The question set, and the manifest scored by it: one scoring group per question, worth its
        points (a quiz's problem.yaml leaves ``scoring``, ``languages`` and test folders out)."""
        if manifest.languages is not None:
            self.problem("problem.yaml", "languages", "a quiz has no languages: its answers are not run")
        if "scoring" in self._manifest_keys():
            self.problem("problem.yaml", "scoring", "a quiz is scored by the points of its questions "
                         f"({QUESTIONS_FILE}): leave scoring out")
        for path in sorted(self.files):
            if path.startswith(("tests/", "templates/", "grader/")):
                self.problem(path, "", f"a quiz has no tests, templates or grader files; its questions are in "
                             f"{QUESTIONS_FILE}")
                break
        if QUESTIONS_FILE not in self.files:
            self.problem(QUESTIONS_FILE, "", "missing: a quiz (grader kind quiz) needs its questions in "
                         f"{QUESTIONS_FILE}")
            return manifest, None
        ok, document = self._yaml(QUESTIONS_FILE)
        if not ok:
            return manifest, None
        questions, problems = parse_questions(document)
        for field, reason in problems:
            self.problem(QUESTIONS_FILE, field, reason)
        if questions is None:
            return manifest, None
        scoring = Scoring(groups=[Group(name=q.id, points=q.points, aggregate="sum")
                                  for q in questions.questions])
        return manifest.model_copy(update={"scoring": scoring}), questions

    def _manifest_keys(self) -> set[str]:
        ok, document = self._yaml("problem.yaml") if "problem.yaml" in self.files else (False, None)
        return set(document) if ok and isinstance(document, dict) else set()

    # -- statement -----------------------------------------------------------------------------

    def _statement(self) -> str | None:
        data = self.files.get("statement.md")
        if data is None:
            self.problem(
                "statement.md", "", "missing: a package needs statement.md (Markdown shown to candidates)"
            )
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None  # reported with every text file

    # -- test data -----------------------------------------------------------------------------

    def _folder(self, folder: str) -> dict[str, bytes]:
        """Files directly inside a folder, by file name."""
        prefix = folder + "/"
        return {
            p[len(prefix) :]: b
            for p, b in self.files.items()
            if p.startswith(prefix) and "/" not in p[len(prefix) :]
        }

    def _tests(self, folder: str, group: str, *, sample: bool, answers_optional: bool) -> list[TestCase]:
        entries = self._folder(folder)
        inputs = {n[:-3] for n in entries if n.endswith(".in") and len(n) > 3}
        answers = {n[:-4] for n in entries if n.endswith(".ans") and len(n) > 4}
        for stem in sorted(inputs - answers, key=natural_key):
            if not answers_optional:
                self.problem(f"{folder}/{stem}.in", "", f"has no matching .ans file ({folder}/{stem}.ans)")
        for stem in sorted(answers - inputs, key=natural_key):
            self.problem(f"{folder}/{stem}.ans", "", f"has no matching .in file ({folder}/{stem}.in)")
        return [
            TestCase(
                group=group,
                name=stem,
                input=entries[f"{stem}.in"],
                answer=entries.get(f"{stem}.ans", b""),
                sample=sample,
            )
            for stem in sorted(inputs, key=natural_key)
        ]

    def _groups(self, manifest: Manifest, answers_optional: bool) -> dict[str, list[TestCase]]:
        unittest = isinstance(manifest.grader, UnitTestGrader)
        groups: dict[str, list[TestCase]] = {}
        for index, group in enumerate(manifest.scoring.groups):
            field = f"scoring.groups.{index}" + (".path" if group.path else "")
            folder = _safe_relative(group.tests_path)
            if folder is None:
                self.problem(
                    "problem.yaml",
                    field,
                    f"group {group.name!r}: {group.tests_path!r} must be a relative path inside the package",
                )
                groups[group.name] = []
                continue
            exists = any(p.startswith(folder + "/") for p in self.files)
            if not exists:
                if not unittest:
                    self.problem(
                        "problem.yaml", field, f"group {group.name!r}: tests folder {folder}/ does not exist"
                    )
                groups[group.name] = []
                continue
            tests = self._tests(folder, group.name, sample=False, answers_optional=answers_optional)
            if not tests and not unittest:
                self.problem(
                    "problem.yaml", field, f"group {group.name!r}: tests folder {folder}/ has no .in files"
                )
            groups[group.name] = tests
        return groups

    # -- templates and reference submissions ---------------------------------------------------

    def _templates(self) -> dict[str, dict[str, bytes]]:
        supported = all_languages()
        templates: dict[str, dict[str, bytes]] = {}
        reported: set[str] = set()
        for path in sorted(self.files):
            if not path.startswith("templates/"):
                continue
            rest = path[len("templates/") :]
            if "/" not in rest:
                self.problem(path, "", f"templates go in a language folder, e.g. templates/python3/{rest}")
                continue
            language, name = rest.split("/", 1)
            if language not in supported:
                if language not in reported:
                    reported.add(language)
                    self.problem(
                        f"templates/{language}",
                        "",
                        f"language {language!r} is not supported by the sandbox; supported: "
                        f"{', '.join(sorted(supported))}",
                    )
                continue
            templates.setdefault(language, {})[name] = self.files[path]
        return templates

    def _submissions(self, manifest: Manifest | None) -> list[ReferenceSubmission]:
        grouped: dict[tuple[str, str], dict[str, bytes]] = {}
        reported: set[str] = set()
        for path in sorted(self.files):
            if not path.startswith("submissions/"):
                continue
            parts = path.split("/")
            if len(parts) == 2:
                self.problem(
                    path,
                    "",
                    f"reference submissions go in a verdict folder, e.g. submissions/accepted/{parts[1]}",
                )
                continue
            verdict = parts[1]
            if verdict not in EXPECTED_VERDICTS:
                if verdict not in reported:
                    reported.add(verdict)
                    self.problem(
                        f"submissions/{verdict}",
                        "",
                        f"{verdict!r} is not a verdict folder; use one of: {', '.join(EXPECTED_VERDICTS)}",
                    )
                continue
            key = (verdict, parts[2])
            if len(parts) == 3:
                grouped[key] = {parts[2]: self.files[path]}
            else:
                grouped.setdefault(key, {})["/".join(parts[3:])] = self.files[path]
        expectations = self._expectations(manifest, {f"{v}/{n}": v for v, n in grouped})
        submissions = []
        for (verdict, name), files in sorted(
            grouped.items(), key=lambda item: (item[0][0], natural_key(item[0][1]))
        ):
            relative = f"{verdict}/{name}"
            expectation = expectations.get(relative)
            language = detect(files)
            quiz = manifest is not None and isinstance(manifest.grader, QuizGrader)
            submissions.append(
                ReferenceSubmission(
                    expected=verdict,
                    path=f"submissions/{relative}",
                    language=ANSWERS_LANGUAGE if quiz else language.name if language else None,
                    files=files,
                    expected_score=expectation.score if expectation else None,
                )
            )
        return submissions

    def _expectations(
        self, manifest: Manifest | None, known: dict[str, str]
    ) -> dict[str, SubmissionExpectation]:
        """submissions.yaml: ``<verdict>/<name>: {score, verdict}`` (a bare number is a score)."""
        path = "submissions.yaml"
        if path not in self.files:
            return {}
        ok, document = self._yaml(path)
        if not ok or document is None:
            return {}
        if not isinstance(document, dict):
            self.problem(
                path,
                "",
                f"must be a mapping of submission paths to {{score, verdict}}, not {_describe(document)}",
            )
            return {}
        found: dict[str, SubmissionExpectation] = {}
        for key, value in document.items():
            name = str(key).removeprefix("submissions/").strip("/")
            if name not in known:
                self.problem(path, str(key), f"no reference submission submissions/{name} in the package")
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = {"score": value}
            try:
                expectation = SubmissionExpectation.model_validate(value)
            except ValidationError as exc:
                for error in exc.errors():
                    self.problem(path, _dotted((str(key), *error["loc"])), _message(error))
                continue
            if expectation.verdict is not None and expectation.verdict != known[name]:
                self.problem(
                    path,
                    f"{key}.verdict",
                    f"{expectation.verdict!r} contradicts its folder submissions/{known[name]}/",
                )
            if expectation.score is not None:
                top = manifest.scoring.max_points if manifest else None
                if expectation.score < 0 or (top is not None and expectation.score > top):
                    self.problem(
                        path,
                        f"{key}.score",
                        f"{expectation.score:g} is outside 0..{top:g} (the problem's points)"
                        if top is not None
                        else "must not be negative",
                    )
            found[name] = expectation
        return found


def _dotted(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    # Discriminated unions add the tag to the location (grader.checker.program): drop it.
    if len(parts) > 2 and parts[0] == "grader" and parts[1] in BUILTIN_KINDS:
        del parts[1]
    return ".".join(parts)


def _message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", ""))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
