"""What changed between two versions of a problem (issue 25): its facts (title, limits, languages, grader,
scoring, ...) side by side, and its files (statement, tests, starter code, grader, reference
submissions) as text for a line diff (the console draws it: api.console.code_diff); binary or very large
files are compared by their bytes only."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from api.models import ProblemVersion
from api.services import problems as problem_service

TEXT_BYTES = 256 * 1024  # larger files are compared by their bytes, not line by line


@dataclass(frozen=True)
class Fact:
    name: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class VersionDiff:
    slug: str
    old: ProblemVersion
    new: ProblemVersion
    facts: list[Fact]
    old_text: dict[str, str] = field(default_factory=dict)  # path -> text, files compared line by line
    new_text: dict[str, str] = field(default_factory=dict)
    binary: list[tuple[str, str]] = field(default_factory=list)  # (path, "added" | "removed" | "changed")


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _facts(old: dict[str, Any], new: dict[str, Any]) -> list[Fact]:
    names = ("title", "limits", "languages", "grader", "scoring", "input_validation", "difficulty",
             "expected_minutes", "tags", "authors", "source", "license")
    return [Fact(name, _show(old.get(name)), _show(new.get(name))) for name in names]


def _as_text(data: bytes) -> str | None:
    if len(data) > TEXT_BYTES:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def diff(session: Session, slug: str, old_version: int, new_version: int) -> VersionDiff:
    """The changes from ``old_version`` to ``new_version`` (NotFound for an unknown one)."""
    old = problem_service.get_version(session, slug, old_version)
    new = problem_service.get_version(session, slug, new_version)
    old_package, new_package = problem_service.package_of(old), problem_service.package_of(new)
    result = VersionDiff(slug, old, new, _facts(old_package.manifest.model_dump(mode="json", by_alias=True),
                                                new_package.manifest.model_dump(mode="json", by_alias=True)))
    for path in sorted(set(old_package.files) | set(new_package.files)):
        before, after = old_package.files.get(path), new_package.files.get(path)
        if before == after:
            continue
        old_text = _as_text(before) if before is not None else ""
        new_text = _as_text(after) if after is not None else ""
        if old_text is None or new_text is None:
            result.binary.append((path, "added" if before is None else "removed" if after is None else "changed"))
            continue
        if before is not None:
            result.old_text[path] = old_text
        if after is not None:
            result.new_text[path] = new_text
    return result
