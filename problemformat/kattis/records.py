"""Typed records of a Kattis import: what each part of the converter hands the orchestrator, and how
it is written in problem.yaml (the orchestrator assembles the manifest from their ``as_yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def number(value: float) -> int | float:
    """30.0 -> 30, 33.333 -> 33.33 (readable YAML)."""
    return int(value) if float(value).is_integer() else round(float(value), 2)


@dataclass(frozen=True)
class Case:
    """One test case of the Kattis package: its flattened name, input and answer (None: interactive)."""

    name: str
    input: bytes
    answer: bytes | None


@dataclass(frozen=True)
class Limits:
    """problem.yaml limits; None where the Kattis package says nothing (Assay's default applies)."""

    time_limit_s: float
    memory_limit_mib: int | None = None
    output_limit_kib: int | None = None

    def as_yaml(self) -> dict[str, Any]:
        result: dict[str, Any] = {"time_limit_s": number(self.time_limit_s)}
        if self.memory_limit_mib is not None:
            result["memory_limit_mib"] = self.memory_limit_mib
        if self.output_limit_kib is not None:
            result["output_limit_kib"] = self.output_limit_kib
        return result


@dataclass(frozen=True)
class ProgramGrader:
    """A checker (Kattis output validator) or an interactor of the package."""

    kind: str  # "checker" or "interactive"
    program: str  # its main file, e.g. grader/validate.cpp
    args: tuple[str, ...] = ()

    def as_yaml(self) -> dict[str, Any]:
        result: dict[str, Any] = {"kind": self.kind, "program": self.program}
        if self.args:
            result["args"] = list(self.args)
        return result


@dataclass(frozen=True)
class DefaultValidator:
    """Kattis' default output validator as Assay's token grader, or float with a tolerance."""

    case_sensitive: bool = False
    space_sensitive: bool = False
    abs_tol: float | None = None
    rel_tol: float | None = None

    def as_yaml(self) -> dict[str, Any]:
        result: dict[str, Any]
        if self.abs_tol is not None or self.rel_tol is not None:
            result = {"kind": "float", "abs_tol": self.abs_tol or 0.0, "rel_tol": self.rel_tol or 0.0}
        else:
            result = {"kind": "token"}
        result["case_sensitive"] = self.case_sensitive
        result["space_sensitive"] = self.space_sensitive
        return result


Grader = ProgramGrader | DefaultValidator


@dataclass
class Group:
    """A scoring group of problem.yaml (points None while they are still to be shared out)."""

    name: str
    points: float | None
    aggregate: str = "all"
    require_pass: list[str] = field(default_factory=list)
    path: str | None = None  # another tests folder than tests/secret/<name>
    input_validator_args: list[str] | None = None  # None: input_validation.args of problem.yaml

    def as_yaml(self) -> dict[str, Any]:
        result: dict[str, Any] = {"name": self.name, "points": number(self.points or 0.0)}
        if self.path is not None:
            result["path"] = self.path
        if self.aggregate != "all":
            result["aggregate"] = self.aggregate
        if self.require_pass:
            result["require_pass"] = list(self.require_pass)
        if self.input_validator_args is not None:
            result["input_validator_args"] = list(self.input_validator_args)
        return result


@dataclass(frozen=True)
class Statement:
    """statement.md's text, the title found in a LaTeX statement, and the files it shows (images, PDF)."""

    text: str
    tex_title: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Validation:
    """The grader of problem.yaml and the files of grader/ (the validator or interactor copied)."""

    grader: Grader
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class TestData:
    """The scoring groups and the test files (tests/sample, tests/secret/<group>)."""

    __test__ = False

    groups: list[Group]
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Metadata:
    """Who wrote the problem, where it comes from, its license and tags."""

    authors: list[str] = field(default_factory=list)
    source: str | None = None
    license: str | None = None
    tags: list[str] = field(default_factory=list)

    def as_yaml(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.authors:
            result["authors"] = self.authors
        if self.source:
            result["source"] = self.source
        if self.license:
            result["license"] = self.license
        if self.tags:
            result["tags"] = self.tags
        return result
