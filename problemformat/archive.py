"""Read a problem package's files from a folder, a .zip or a .tar.gz, entirely into memory, safely.

    files = read_files(Path("problems/two-sum"))
    files = read_files(upload_bytes, filename="two-sum.zip")

No path may escape the package (``..``, absolute names, symbolic links that point outside a folder;
links and device files are refused outright in archives), and the number of files and unpacked bytes
are capped, both from the sizes archives declare and by counting the bytes actually read, so a zip
bomb with lying headers is stopped early. What the files mean is problemformat.package_loader's job.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from problemformat.errors import PackageError, PackageProblem

__all__ = [
    "IGNORED_NAMES",
    "MAX_FILES",
    "MAX_MEMBER_BYTES",
    "MAX_TOTAL_BYTES",
    "read_files",
]

MiB = 1024 * 1024
MAX_FILES = 2000
MAX_TOTAL_BYTES = 64 * MiB
MAX_MEMBER_BYTES = 32 * MiB
# Path components skipped wherever they appear (editor, VCS and OS litter).
IGNORED_NAMES = frozenset({"__pycache__", ".DS_Store", ".git", "__MACOSX"})
_CHUNK = 1 << 16


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


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _CappedReader(io.RawIOBase):
    """A read-only stream that refuses to hand out more than ``cap`` bytes (bounds decompression)."""

    def __init__(self, inner: _Readable, cap: int, name: str, limits: _Limits) -> None:
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
    packed = io.BytesIO(data)
    raw: _Readable = packed
    if data[:2] == b"\x1f\x8b":
        raw = gzip.GzipFile(fileobj=packed, mode="rb")
    elif data[:3] == b"BZh":
        raw = bz2.BZ2File(packed, mode="rb")
    elif data[:6] == b"\xfd7zXZ\x00":
        raw = lzma.LZMAFile(packed, mode="rb")
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
