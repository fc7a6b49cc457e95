"""Problem package storage: packages are kept as deterministic zips in the database and loaded
back (once per content hash) by whichever process grades."""

from __future__ import annotations

import io
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Mapping

from problemformat.package import Package
from problemformat.package_loader import build_package

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def zip_files(files: Mapping[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


def unzip_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


class PackageCache:
    """Loaded packages by content hash (small LRU: packages can be megabytes)."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: OrderedDict[str, Package] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, content_hash: str, stored: bytes | Callable[[], bytes]) -> Package:
        """The package of that content hash; ``stored`` (its zip, or a function reading it from the
        database) is used only when this process has not loaded it yet."""
        with self._lock:
            if content_hash in self._items:
                self._items.move_to_end(content_hash)
                return self._items[content_hash]
        package = build_package(unzip_files(stored() if callable(stored) else stored))
        with self._lock:
            self._items[content_hash] = package
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return package


    def put(self, content_hash: str, package: Package) -> None:
        with self._lock:
            self._items[content_hash] = package
            self._items.move_to_end(content_hash)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def cached(self, content_hash: str) -> Package | None:
        with self._lock:
            return self._items.get(content_hash)


PACKAGES = PackageCache()
