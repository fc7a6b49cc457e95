"""Load and validate a problem package from a folder, a .zip or a .tar.gz, entirely into memory.

    package = load_package(Path("problems/two-sum"))
    package = load_package(upload_bytes, filename="two-sum.zip")

Reading is defensive: no path may escape the package (``..``, absolute names, symbolic links that
point outside a folder; links and device files are refused outright in archives), and the number of
files and unpacked bytes are capped, both from the sizes archives declare and by counting the bytes
actually read, so a zip bomb with lying headers is stopped early.

Validation never stops at the first mistake: every problem found is collected and raised at once as
a :class:`PackageError` listing each one as ``file: field: reason`` (``file: reason`` when no single
field is at fault). ``PackageError.problems`` holds the structured records for the API's 422 body.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml
from pydantic import ValidationError

from problemformat.manifest import (
    BUILTIN_KINDS,
    EXPECTED_VERDICTS,
    CheckerGrader,
    InteractiveGrader,
    Manifest,
    SubmissionExpectation,
    UnitTestGrader,
)
from problemformat.package import Package, ReferenceSubmission, TestCase
from sandbox import all_languages, detect

__all__ = [
    "IGNORED_NAMES",
    "MAX_FILES",
    "MAX_MEMBER_BYTES",
    "MAX_TOTAL_BYTES",
    "PackageError",
    "PackageProblem",
    "build_package",
    "content_hash",
    "load_package",
    "natural_key",
    "read_files",
]

MiB = 1024 * 1024
MAX_FILES = 2000
MAX_TOTAL_BYTES = 64 * MiB
MAX_MEMBER_BYTES = 32 * MiB
# Path components skipped wherever they appear (editor, VCS and OS litter).
IGNORED_NAMES = frozenset({"__pycache__", ".DS_Store", ".git", "__MACOSX"})
TEXT_SUFFIXES = (".md", ".yaml", ".yml")
_CHUNK = 1 << 16

MAX_TEST_CASES = 500  # per problem, samples included: a grading runs every one


@dataclass(frozen=True)
class PackageProblem:
    """One thing wrong with a package: where (file, dotted field or "") and why."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}" if self.field else f"{self.file}: {self.reason}"

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form (the API's 422 body lists these)."""
        return {"file": self.file, "field": self.field, "reason": self.reason}


class PackageError(ValueError):
    """A package was refused; ``problems`` lists every reason, ``str()`` one per line."""

    def __init__(self, problems: Iterable[PackageProblem]) -> None:
        self.problems: list[PackageProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class _Fatal(Exception):
    """Reading cannot go on (a limit is exceeded or the archive is unreadable)."""

    def __init__(self, problem: PackageProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class _Limits:
    max_files: int
    max_total_bytes: int
    max_member_bytes: int


# --------------------------------------------------------------------------------------------------
# Public entry points


def load_package(source: Path | str | bytes, *, filename: str | None = None) -> Package:
    """Read a package (folder, .zip or .tar.gz path, or archive bytes) and validate it.

    ``filename`` names uploaded bytes in messages (the format itself is recognised by content).
    Raises :class:`PackageError` listing every problem found.
    """
    files = read_files(source, filename=filename)
    return build_package(files)


def read_files(
    source: Path | str | bytes,
    *,
    filename: str | None = None,
    max_files: int = MAX_FILES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    skip_outside: Callable[[str], bool] | None = None,
) -> dict[str, bytes]:
    """Every file of a folder or archive, by relative POSIX path, with the safety checks of this module.

    An archive whose files all sit in one top-level folder holding ``problem.yaml`` is unwrapped.
    Raises :class:`PackageError` for unsafe or oversized content. A folder's symbolic link pointing
    outside it is refused, unless ``skip_outside(relative path)`` says to leave it out (it is then
    neither read nor refused; the caller says why).
    """
    limits = _Limits(max_files, max_total_bytes, max_member_bytes)
    problems: list[PackageProblem] = []
    archive = True
    if isinstance(source, bytes | bytearray | memoryview):
        name = filename or "upload"
        files = _read_archive(bytes(source), name, limits, problems)
    else:
        path = Path(source)
        name = filename or path.name or str(path)
        if path.is_dir():
            archive = False
            files = _read_folder(path, limits, problems, skip_outside)
        elif path.is_file():
            size = path.stat().st_size
            if size > limits.max_total_bytes:
                raise PackageError(
                    [
                        PackageProblem(
                            name,
                            "",
                            f"archive is {_mib(size)}, more than the {_mib(limits.max_total_bytes)} allowed",
                        )
                    ]
                )
            files = _read_archive(path.read_bytes(), name, limits, problems)
        else:
            raise PackageError([PackageProblem(str(path), "", "no such file or folder")])
    if problems:
        raise PackageError(problems)
    return _unwrap_single_folder(files) if archive else files


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
# Reading: folders


def _read_folder(
    root: Path,
    limits: _Limits,
    problems: list[PackageProblem],
    skip_outside: Callable[[str], bool] | None = None,
) -> dict[str, bytes]:
    root_real = os.path.realpath(root)
    files: dict[str, bytes] = {}
    total = 0

    def inside(real: str) -> bool:
        return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)

    def walk(folder: str, prefix: str, seen: frozenset[str]) -> None:
        nonlocal total
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(PackageProblem(prefix.rstrip("/") or ".", "", f"cannot be read: {exc.strerror}"))
            return
        for entry in entries:
            if entry.name in IGNORED_NAMES:
                continue
            rel = prefix + entry.name
            real = os.path.realpath(entry.path)
            if not inside(real):
                if skip_outside is not None and skip_outside(rel):
                    continue
                problems.append(PackageProblem(rel, "", "symbolic link points outside the package"))
                continue
            if entry.is_dir(follow_symlinks=True):
                if real in seen:
                    problems.append(PackageProblem(rel, "", "symbolic link loop"))
                    continue
                walk(entry.path, rel + "/", seen | {real})
            elif entry.is_file(follow_symlinks=True):
                if len(files) >= limits.max_files:
                    raise _Fatal(PackageProblem(rel, "", f"too many files: more than {limits.max_files}"))
                size = os.stat(real).st_size
                _check_sizes(rel, size, total, limits)
                with open(real, "rb") as handle:
                    data = _read_capped(handle, rel, total, limits)
                total += len(data)
                files[rel] = data
            else:
                problems.append(PackageProblem(rel, "", "not a regular file (device, pipe or socket)"))

    try:
        walk(str(root), "", frozenset({root_real}))
    except _Fatal as fatal:
        problems.append(fatal.problem)
    return files


# --------------------------------------------------------------------------------------------------
# Reading: archives


def _read_archive(
    data: bytes, name: str, limits: _Limits, problems: list[PackageProblem]
) -> dict[str, bytes]:
    if len(data) > limits.max_total_bytes:
        problems.append(
            PackageProblem(
                name,
                "",
                f"archive is {_mib(len(data))}, more than the {_mib(limits.max_total_bytes)} allowed",
            )
        )
        return {}
    try:
        if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
            return _read_zip(data, name, limits, problems)
        if _looks_like_tar(data):
            return _read_tar(data, name, limits, problems)
    except _Fatal as fatal:
        problems.append(fatal.problem)
        return {}
    problems.append(PackageProblem(name, "", "not a folder, .zip or .tar.gz archive"))
    return {}


def _looks_like_tar(data: bytes) -> bool:
    if data[:2] == b"\x1f\x8b" or data[:3] == b"BZh" or data[:6] == b"\xfd7zXZ\x00":
        return True
    return len(data) >= 512 and data[257:262] == b"ustar"


def _member_path(raw: str, problems: list[PackageProblem]) -> str | None:
    """A safe relative POSIX path for an archive member, None to skip it (problem recorded if unsafe)."""
    name = raw.replace("\\", "/")
    if "\0" in name:
        problems.append(PackageProblem(raw.replace("\0", "\\0"), "", "name contains a NUL byte"))
        return None
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        problems.append(PackageProblem(raw, "", "absolute path escapes the package"))
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        problems.append(PackageProblem(raw, "", "path with '..' escapes the package"))
        return None
    if not parts or any(p in IGNORED_NAMES for p in parts):
        return None
    return "/".join(parts)


def _read_zip(data: bytes, name: str, limits: _Limits, problems: list[PackageProblem]) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _Fatal(PackageProblem(name, "", f"not a readable .zip archive: {exc}")) from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > limits.max_files:
            raise _Fatal(
                PackageProblem(name, "", f"too many files: {len(members)}, more than {limits.max_files}")
            )
        declared = sum(info.file_size for info in members)
        if declared > limits.max_total_bytes:
            raise _Fatal(
                PackageProblem(
                    name,
                    "",
                    f"unpacks to {_mib(declared)}, more than the {_mib(limits.max_total_bytes)} allowed",
                )
            )
        files: dict[str, bytes] = {}
        total = 0
        for info in members:
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if kind == stat.S_IFLNK:
                problems.append(
                    PackageProblem(info.filename, "", "symbolic link: links are not allowed in archives")
                )
                continue
            if kind not in (0, stat.S_IFREG):
                problems.append(
                    PackageProblem(info.filename, "", "not a regular file (device, pipe or socket)")
                )
                continue
            path = _member_path(info.filename, problems)
            if path is None:
                continue
            if info.flag_bits & 0x1:
                problems.append(PackageProblem(path, "", "encrypted archive members are not supported"))
                continue
            if path in files:
                problems.append(PackageProblem(path, "", "appears twice in the archive"))
                continue
            _check_sizes(path, info.file_size, total, limits)
            try:
                with archive.open(info) as handle:
                    content = _read_capped(handle, path, total, limits)
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                NotImplementedError,
                RuntimeError,
                OSError,
            ) as exc:
                raise _Fatal(
                    PackageProblem(
                        path,
                        "",
                        f"corrupt archive member (its data does not match its declared size or "
                        f"checksum: {exc})",
                    )
                ) from None
            if len(content) != info.file_size:
                raise _Fatal(
                    PackageProblem(
                        path,
                        "",
                        f"corrupt archive member: declares {info.file_size} bytes, holds {len(content)}",
                    )
                )
            total += len(content)
            files[path] = content
    return files


class _CappedReader(io.RawIOBase):
    """A read-only stream that refuses to hand out more than ``cap`` bytes (bounds decompression)."""

    def __init__(self, inner: IO[bytes], cap: int, name: str, limits: _Limits) -> None:
        super().__init__()
        self._inner = inner
        self._cap = cap
        self._done = 0
        self._name = name
        self._limits = limits

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._inner.read(len(view))
        self._done += len(data)
        if self._done > self._cap:
            raise _Fatal(
                PackageProblem(
                    self._name, "", f"unpacks to more than the {_mib(self._limits.max_total_bytes)} allowed"
                )
            )
        view[: len(data)] = data
        return len(data)


def _read_tar(data: bytes, name: str, limits: _Limits, problems: list[PackageProblem]) -> dict[str, bytes]:
    raw: IO[bytes] = io.BytesIO(data)
    if data[:2] == b"\x1f\x8b":
        raw = gzip.GzipFile(fileobj=raw, mode="rb")
    elif data[:3] == b"BZh":
        raw = bz2.BZ2File(raw, mode="rb")
    elif data[:6] == b"\xfd7zXZ\x00":
        raw = lzma.LZMAFile(raw, mode="rb")
    # Headers take 512 bytes each (long names and pax records a few more): bound the whole stream.
    cap = limits.max_total_bytes + (2 * limits.max_files + 16) * 2048
    stream = io.BufferedReader(_CappedReader(raw, cap, name, limits), buffer_size=_CHUNK)
    files: dict[str, bytes] = {}
    total = 0
    entries = 0
    try:
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                entries += 1
                if entries > 2 * limits.max_files:
                    raise _Fatal(
                        PackageProblem(name, "", f"too many entries: more than {2 * limits.max_files}")
                    )
                if member.isdir():
                    continue
                if member.issym() or member.islnk():
                    kind = "symbolic link" if member.issym() else "hard link"
                    problems.append(
                        PackageProblem(member.name, "", f"{kind}: links are not allowed in archives")
                    )
                    continue
                if not member.isreg():
                    problems.append(
                        PackageProblem(member.name, "", "not a regular file (device, pipe or socket)")
                    )
                    continue
                if len(files) >= limits.max_files:
                    raise _Fatal(PackageProblem(name, "", f"too many files: more than {limits.max_files}"))
                path = _member_path(member.name, problems)
                if path is None:
                    continue
                if path in files:
                    problems.append(PackageProblem(path, "", "appears twice in the archive"))
                    continue
                _check_sizes(path, member.size, total, limits)
                handle = archive.extractfile(member)
                content = _read_capped(handle, path, total, limits) if handle is not None else b""
                total += len(content)
                files[path] = content
    except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
        raise _Fatal(PackageProblem(name, "", f"not a readable .tar.gz archive: {exc}")) from None
    return files


# --------------------------------------------------------------------------------------------------
# Reading: shared helpers


def _mib(size: int) -> str:
    return f"{size / MiB:.0f} MiB" if size >= MiB else f"{size} bytes"


def _check_sizes(path: str, size: int, total: int, limits: _Limits) -> None:
    if size > limits.max_member_bytes:
        raise _Fatal(
            PackageProblem(
                path, "", f"is {_mib(size)}, more than the {_mib(limits.max_member_bytes)} allowed per file"
            )
        )
    if total + size > limits.max_total_bytes:
        raise _Fatal(
            PackageProblem(
                path, "", f"package unpacks to more than the {_mib(limits.max_total_bytes)} allowed"
            )
        )


def _read_capped(handle: IO[bytes], path: str, total: int, limits: _Limits) -> bytes:
    """Read a file counting bytes: never trust a declared size."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limits.max_member_bytes:
            raise _Fatal(
                PackageProblem(
                    path, "", f"holds more than the {_mib(limits.max_member_bytes)} allowed per file"
                )
            )
        if total + size > limits.max_total_bytes:
            raise _Fatal(
                PackageProblem(
                    path, "", f"package unpacks to more than the {_mib(limits.max_total_bytes)} allowed"
                )
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _unwrap_single_folder(files: dict[str, bytes]) -> dict[str, bytes]:
    """``pkg/problem.yaml, pkg/...`` -> ``problem.yaml, ...`` when everything is in one folder."""
    if not files or "problem.yaml" in files:
        return files
    tops = {path.split("/", 1)[0] for path in files}
    if len(tops) != 1 or any("/" not in path for path in files):
        return files
    top = tops.pop()
    if f"{top}/problem.yaml" not in files:
        return files
    return {path[len(top) + 1 :]: data for path, data in files.items()}


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
        if manifest is not None:
            self._languages(manifest)
            self._grader(manifest)
            groups = self._groups(manifest, answers_optional)
        total = len(samples) + sum(len(tests) for tests in groups.values())
        if total > MAX_TEST_CASES:
            self.problem("tests/", "", f"{total} test cases; a problem has at most {MAX_TEST_CASES} "
                         "(samples included): each submission runs every one")
        templates = self._templates()
        submissions = self._submissions(manifest)
        if self.problems or manifest is None or statement is None:
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
            submissions.append(
                ReferenceSubmission(
                    expected=verdict,
                    path=f"submissions/{relative}",
                    language=language.name if language else None,
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
