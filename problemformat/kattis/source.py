"""The Kattis package being imported: its files in memory, read safely, and what is wrong with them.

Every part of the importer reads through :class:`KattisSource` and records there what it could not
convert (``warn``) or what makes the import fail (``error``, raised together as a
:class:`KattisImportError` by the orchestrator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from problemformat.archive import read_files
from problemformat.errors import PackageError

__all__ = ["KattisImportError", "KattisSource", "read_source", "tokens"]

MiB = 1024 * 1024
# A Kattis package carries more than we keep (generators, invalid inputs, PDFs): read it with room to spare;
# the converted package is held to the normal package limits.
_READ_MAX_FILES = 20_000
_READ_MAX_TOTAL_BYTES = 512 * MiB
_READ_MAX_MEMBER_BYTES = 256 * MiB


class KattisImportError(ValueError):
    """The Kattis package cannot be imported; ``problems`` says what, where and how to fix, one per item."""

    def __init__(self, source: Path, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"cannot import Kattis package {self.source}:\n{lines}"


def tokens(value: object) -> list[str]:
    """A YAML value that is a list or a space-separated string, as strings."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).split()


@dataclass
class KattisSource:
    """The Kattis package's files (relative POSIX path -> bytes) and the import's errors and warnings."""

    path: Path
    files: dict[str, bytes] = field(default_factory=dict)
    format_version: str = "legacy"  # legacy, 2023-07 or 2025-09
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_links: list[str] = field(default_factory=list)  # PDFs linked from outside the package, left out

    # -- what went wrong -----------------------------------------------------------------------

    def error(self, where: str, what: str, fix: str) -> None:
        self.errors.append(f"{where}: {what}. Fix: {fix}")

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def fail_if_errors(self) -> None:
        if self.errors:
            raise KattisImportError(self.path, self.errors)

    # -- reading -------------------------------------------------------------------------------

    def under(self, folder: str) -> dict[str, bytes]:
        prefix = folder.rstrip("/") + "/"
        return {p[len(prefix) :]: b for p, b in self.files.items() if p.startswith(prefix)}

    def exists_dir(self, folder: str) -> bool:
        prefix = folder.rstrip("/") + "/"
        return any(p.startswith(prefix) for p in self.files)

    def text(self, path: str) -> str | None:
        try:
            return self.files[path].decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.error(path, f"not UTF-8 text (invalid byte at offset {exc.start})", "save the file as UTF-8")
            return None

    def load_yaml(self, path: str) -> dict[str, Any]:
        """A YAML mapping file; {} when absent; errors recorded when malformed."""
        if path not in self.files:
            return {}
        text = self.text(path)
        if text is None:
            return {}
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.error(path, f"not valid YAML ({what}{where})", "correct the YAML syntax")
            return {}
        if document is None:
            return {}
        if not isinstance(document, dict):
            self.error(
                path,
                f"must be a mapping of keys to values, found {type(document).__name__}",
                "write it as 'key: value' lines",
            )
            return {}
        return document

    def group_config(self, folder: str) -> dict[str, Any]:
        for name in ("test_group.yaml", "testdata.yaml"):
            if f"{folder}/{name}" in self.files:
                return self.load_yaml(f"{folder}/{name}")
        return {}

    def config_path(self, folder: str) -> str:
        for name in ("test_group.yaml", "testdata.yaml"):
            if f"{folder}/{name}" in self.files:
                return f"{folder}/{name}"
        return f"{folder}/test_group.yaml"

    def positive(self, where: str, what: str, value: object, example: str) -> float | None:
        """``value`` as a positive number; None (and an error recorded) when it is not one."""
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            try:
                number = float(str(value).strip())
            except ValueError:
                number = -1.0
            if number <= 0:
                self.error(where, f"{what} is {value!r}, not a positive number", f"write {example}")
                return None
            return number
        return float(value)

    def base_name(self) -> str:
        """The package's name: its folder's, or its archive's without the extension."""
        name = self.path.resolve().name if self.path.is_dir() else self.path.name
        for suffix in (".tar.gz", ".tgz", ".zip", ".kpp", ".tar"):
            if name.lower().endswith(suffix):
                return name[: -len(suffix)]
        return name

    def _skip_link(self, rel: str) -> bool:
        """A PDF that is a symbolic link out of the package (DOMjudge's examples link problem.pdf to
        their documentation) is left out with a warning; any other such link is refused."""
        if not rel.lower().endswith(".pdf"):
            return False
        self.skipped_links.append(rel)
        self.warn(
            f"{rel}: a symbolic link to a file outside the package; skipped (only the package's own files "
            f"are imported)"
        )
        return True


def read_source(src: Path) -> KattisSource:
    """Read the Kattis package ``src`` (folder, .zip, .kpp or .tar.gz) into memory, safely; raises
    :class:`KattisImportError` when it is missing or unsafe."""
    source = KattisSource(src)
    if not src.exists():
        raise KattisImportError(
            src,
            [
                f"{src}: no such file or folder. "
                f"Fix: give the path of a Kattis problem folder (or .zip/.kpp)"
            ],
        )
    try:
        source.files = read_files(src, max_files=_READ_MAX_FILES, max_total_bytes=_READ_MAX_TOTAL_BYTES,
                                  max_member_bytes=_READ_MAX_MEMBER_BYTES, skip_outside=source._skip_link)
    except PackageError as exc:
        raise KattisImportError(
            src,
            [f"{p}. Fix: remove or replace that file in the Kattis package" for p in exc.problems],
        ) from None
    return source
