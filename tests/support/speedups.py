"""What the suite does many times over, done once: each shortcut gives the same result as the work it
saves, so no test checks less. tests/conftest.py applies them; the figures are in the Makefile's comment
on ``test-fast``.

- **argon2id at a test cost.** A hash at the production parameters (m=64 MiB, t=3, p=4) costs ~0.2 s
  of CPU; the suite makes ~75. Tests hash with m=1 MiB, t=1, p=1: same algorithm, same code paths
  (``passwords.hash_password``/``verify``), a cheap cost. Tests marked ``production_password_hash``
  keep the production hasher (and assert its parameters).
- **One default TLS context.** Every ``httpx.Client`` (and each ``httpx.get``) loads certifi's CA
  bundle into a new ``SSLContext``: ~22 ms of CPU, ~300 times a run. Contexts made with the defaults
  (verify on, no client certificate, no ``SSL_CERT_FILE``/``SSL_CERT_DIR``) are the same, so one is
  shared; any other call goes to httpx as before.
- **Package zips made once.** ``problems.store`` deflates every file of a package (a bundled problem
  is ~1.8 MB: ~0.1 s); the seeds store the same two problems in dozens of tests. ``zip_files`` is
  deterministic (fixed member times and order), so its result is kept by the files' digest.
- **A migrated SQLite database.** A new app upgrades its empty database through every migration
  (~0.09 s of CPU; ~100 apps a run). :func:`migrated_sqlite` copies a database migrated once to the
  head into a new data directory; the app's own ``upgrade`` then finds it at the head. (The
  migrations themselves are tested from every earlier state in tests/service/test_migrations.py.)
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import ssl
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx._transports.default as httpx_transports
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.db import make_engine
from api.migrate import heads, upgrade
from api.people import passwords
from api.services import problems as problem_service
from api.settings import Settings

PRODUCTION_MARKER = "production_password_hash"
CHEAP_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
_CHEAP_DUMMY = CHEAP_HASHER.hash("assay-dummy-password-never-used")


def cheap_password_hashes(monkeypatch: Any) -> None:
    """Hash and verify passwords with the cheap argon2id parameters for one test."""
    monkeypatch.setattr(passwords, "_HASHER", CHEAP_HASHER)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", _CHEAP_DUMMY)


def _shared_default_tls(original: Callable[..., ssl.SSLContext]) -> Callable[..., ssl.SSLContext]:
    shared: list[ssl.SSLContext] = []

    def create_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> ssl.SSLContext:
        if verify is not True or cert or (trust_env and (os.environ.get("SSL_CERT_FILE")
                                                         or os.environ.get("SSL_CERT_DIR"))):
            return original(verify=verify, cert=cert, trust_env=trust_env)
        if not shared:
            shared.append(original(verify=True, cert=None, trust_env=trust_env))
        return shared[0]

    return create_ssl_context


def _remembered_zips(original: Callable[[Mapping[str, bytes]], bytes]) -> Callable[[Mapping[str, bytes]], bytes]:
    made: dict[str, bytes] = {}

    def zip_files(files: Mapping[str, bytes]) -> bytes:
        digest = hashlib.blake2b(digest_size=32)
        for name in sorted(files):
            digest.update(name.encode() + b"\0" + hashlib.blake2b(files[name]).digest())
        key = digest.hexdigest()
        if key not in made:
            if len(made) >= 16:
                made.clear()
            made[key] = original(files)
        return made[key]

    return zip_files


_INSTALLED: list[bool] = []


def install() -> None:
    """The process-wide shortcuts (TLS context, zips); once per test process."""
    if _INSTALLED:
        return
    _INSTALLED.append(True)
    httpx_transports.create_ssl_context = _shared_default_tls(httpx_transports.create_ssl_context)
    problem_service.zip_files = _remembered_zips(problem_service.zip_files)


_TEMPLATE: dict[str, Path] = {}


def _template() -> Path:
    head = heads()[0]
    if head not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="assay-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        engine = make_engine(f"sqlite:///{folder / 'assay.db'}")
        upgrade(engine)
        engine.dispose()  # the last connection closed: the WAL is checkpointed into the file
        _TEMPLATE[head] = folder / "assay.db"
    return _TEMPLATE[head]


def migrated_sqlite(settings: Settings) -> None:
    """Give a new data directory's SQLite database a copy of one already at the head (nothing when the
    app has another database or its data directory has its database already)."""
    target = (Path(settings.data_dir) / "assay.db").resolve()
    if settings.resolved_database_url != f"sqlite:///{target}" or target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_template(), target)
