"""Static files under content-hashed names, cached by browsers for a year.

An app's static files (its own folder, then the shared api/pages/static) are served under a prefix
(/ui/static, /take/static). Templates link them through ``asset(name)``, which gives the name with the
first 12 hex digits of the file's SHA-256 (``assay.css`` -> ``/ui/static/assay-0123456789ab.css``); those
answers carry ``Cache-Control: public, max-age=31536000, immutable``: a new version has a new name, so a
browser never asks again for one it has. The plain names still answer, with ``no-cache`` (revalidated
through the ETag), as does a hashed name whose digest is not the file's current one (an old page's link
during an upgrade gets today's file, never cached for long).

The candidate app's bundle (``dist/``) is hashed by esbuild (entryNames ``[name]-[hash]``); build.mjs
writes ``dist/manifest.json`` from its metafile: the entry's hashed file name and every output file.
``asset("dist/candidate.js")`` reads it (again when the file changes), and is None when nothing is built.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
DIGITS = 12
HASHED = re.compile(r"^(?P<stem>[^/]+)-(?P<digest>[0-9a-f]{" + str(DIGITS) + r"})(?P<ext>\.[^/]+)$")
BUNDLE_FOLDER = "dist"
MANIFEST = "manifest.json"
SHARED = Path(__file__).parent / "static"  # what both apps serve (assay.css)
MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGITS]


def hashed_name(name: str, value: str) -> str:
    """``assay.css`` with digest ``value`` -> ``assay-<value>.css``."""
    stem, dot, ext = name.partition(".")
    return f"{stem}-{value}{dot}{ext}"


@dataclass
class _Manifest:
    """dist/manifest.json as last read: entry name -> hashed file name, and every output file."""

    mtime: float = -1.0
    entries: dict[str, str] = field(default_factory=dict)
    files: frozenset[str] = frozenset()


class Assets:
    """The static files of one app under ``prefix``: ``url`` for templates, ``files`` to mount."""

    def __init__(self, prefix: str, directories: Sequence[Path], bundle: Path | None = None,
                 generated: Mapping[str, Callable[[], bytes]] | None = None) -> None:
        self.prefix = prefix.rstrip("/")
        self.directories = list(directories)
        self.bundle = bundle  # the esbuild output folder (served as dist/), if the app has one
        self.generated = dict(generated or {})  # files made by the server (the code colours' CSS)
        self._digests: dict[str, str] = {}
        self._manifest = _Manifest()

    # ------------------------------------------------------------------ names

    def _source(self, name: str) -> Path | None:
        if "/" in name or name.startswith("."):
            return None
        for directory in self.directories:
            if (directory / name).is_file():
                return directory / name
        return None

    def _digest(self, name: str) -> str | None:
        """The digest of a hand-written file (read once: package files do not change under a process)."""
        if name not in self._digests and name in self.generated:
            self._digests[name] = digest(self.generated[name]())
        if name not in self._digests:
            source = self._source(name)
            if source is None:
                return None
            self._digests[name] = digest(source.read_bytes())
        return self._digests[name]

    def manifest(self) -> _Manifest:
        if self.bundle is None:
            return self._manifest
        path = self.bundle / MANIFEST
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            self._manifest = _Manifest()
            return self._manifest
        if mtime != self._manifest.mtime:
            data = json.loads(path.read_text())
            self._manifest = _Manifest(mtime, dict(data["entries"]), frozenset(data["files"]))
        return self._manifest

    def url(self, name: str) -> str | None:
        """The content-hashed URL of ``name`` (``assay.css``, ``dist/candidate.js``), None if there is none."""
        folder, _, entry = name.rpartition("/")
        if folder == BUNDLE_FOLDER:
            built = self.manifest().entries.get(entry)
            return f"{self.prefix}/{BUNDLE_FOLDER}/{built}" if built else None
        value = self._digest(name)
        return f"{self.prefix}/{hashed_name(name, value)}" if value else None

    def link(self, name: str) -> str:
        """``url`` for templates: a file that is not there is a mistake in the template."""
        found = self.url(name)
        if found is None:
            raise LookupError(f"no static file {name!r} under {self.prefix}")
        return found

    def resolve(self, path: str) -> tuple[str, str]:
        """The file a request path names, and its Cache-Control."""
        folder, _, file = path.rpartition("/")
        if folder == BUNDLE_FOLDER:
            hashed = file in self.manifest().files and file != MANIFEST
            return path, IMMUTABLE if hashed else REVALIDATE
        match = HASHED.match(path)
        if match:
            name = match["stem"] + match["ext"]
            current = self._digest(name)
            if current is not None:
                return name, IMMUTABLE if match["digest"] == current else REVALIDATE
        return path, REVALIDATE

    # ------------------------------------------------------------------ serving

    def files(self) -> StaticFiles:
        return _AssetFiles(self)


class _AssetFiles(StaticFiles):
    """StaticFiles over the app's folders (and the bundle as dist/), hashed names mapped to files."""

    def __init__(self, assets: Assets) -> None:
        super().__init__(directory=assets.directories[0], check_dir=False)
        self.assets = assets
        self.all_directories = list(assets.directories)

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        folder, _, file = path.replace("\\", "/").rpartition("/")
        if folder == BUNDLE_FOLDER and self.assets.bundle is not None and "/" not in file:
            try:
                return str(self.assets.bundle / file), (self.assets.bundle / file).stat()
            except (FileNotFoundError, NotADirectoryError, ValueError):
                return "", None
        if "/" in path.replace("\\", "/"):
            return "", None  # the hand-written files are flat: no sub-folders, no way out
        return super().lookup_path(path)

    async def get_response(self, path: str, scope: Scope) -> Response:
        name, cache = self.assets.resolve(path.replace("\\", "/"))
        if name in self.assets.generated:
            response = Response(self.assets.generated[name](), media_type=MEDIA_TYPES.get(Path(name).suffix))
        else:
            response = await super().get_response(name, scope)
        response.headers["Cache-Control"] = cache
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
