"""The candidate's files of a problem: the starter files per language (templates/<language>/), which of
them are read-only (the manifest's ``files.read_only`` patterns), and the cap on their number."""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase

from problemformat.package import Package


def read_only(package: Package, language: str) -> list[str]:
    """The starter files of ``language`` that the candidate cannot change, sorted."""
    patterns = package.manifest.files.read_only
    names = package.templates.get(language, {})
    return sorted(name for name in names if any(fnmatchcase(name, pattern) for pattern in patterns))


def with_read_only(package: Package, language: str, files: Mapping[str, str]) -> dict[str, str]:
    """``files`` with every read-only starter file as the package has it: changed, deleted or renamed
    away, it comes back as it was (what runs and is graded is always the problem's own)."""
    fixed = dict(files)
    templates = package.templates.get(language, {})
    for name in read_only(package, language):
        fixed[name] = templates[name].decode("utf-8", "replace")
    return fixed


def too_many(package: Package, files: Mapping[str, str]) -> str | None:
    """Why ``files`` are past the problem's cap on the number of files (None when they are not)."""
    cap = package.manifest.files.max_files
    if len(files) > cap:
        return f"{len(files)} files; this problem accepts at most {cap}: delete a file first"
    return None
