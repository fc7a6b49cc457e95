"""A loaded problem package, held in memory (the API stores exactly these bytes, content-hashed).

The loader and validator (problemformat/package_loader.py) produce it from a folder, .zip or .tar.gz.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from problemformat.manifest import Manifest
from problemformat.questions import QuestionSet


@dataclass(frozen=True)
class TestCase:
    __test__ = False

    group: str  # "sample" for tests/sample, else the scoring group's name
    name: str  # file stem, e.g. "01"
    input: bytes
    answer: bytes
    sample: bool = False


@dataclass(frozen=True)
class ReferenceSubmission:
    expected: str  # folder name under submissions/: accepted, wrong_answer, ...
    path: str  # e.g. submissions/accepted/sol.py
    language: str | None  # None when the extension names no supported language
    files: Mapping[str, bytes]
    expected_score: float | None = None


@dataclass(frozen=True)
class InputValidator:
    """A program of input_validators/ (problemformat/input_validators.py): one file or one folder."""

    name: str  # validate (for input_validators/validate.py), format (for input_validators/format/)
    path: str  # input_validators/validate.py, or input_validators/format/ for a folder
    program: str  # its main file, e.g. input_validators/format/validator.cpp
    language: str

    @property
    def folder(self) -> bool:
        return self.path.endswith("/")


@dataclass(frozen=True)
class Package:
    manifest: Manifest
    files: Mapping[str, bytes]  # every file of the package, by relative POSIX path
    content_hash: str  # sha256 over sorted (path, bytes)
    statement: str
    samples: list[TestCase]
    groups: dict[str, list[TestCase]]  # scoring group name -> its test cases, in manifest order
    templates: dict[str, dict[str, bytes]] = field(default_factory=dict)  # language -> files
    submissions: list[ReferenceSubmission] = field(default_factory=list)
    input_validators: list[InputValidator] = field(default_factory=list)
    questions: QuestionSet | None = None  # a quiz's questions.yaml (grader kind quiz), hidden answers included

    @property
    def slug(self) -> str:
        return self.manifest.slug

    def file(self, path: str) -> bytes:
        return self.files[path]

    def files_under(self, prefix: str) -> dict[str, bytes]:
        """Files under a folder, keyed relative to it."""
        prefix = prefix.rstrip("/") + "/"
        return {p[len(prefix) :]: b for p, b in self.files.items() if p.startswith(prefix)}
