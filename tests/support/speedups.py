"""What the suite does many times over, done once: each shortcut gives the same result as the work it
saves, so no test checks less. tests/conftest.py applies them; the figures are in the Makefile's comment
on ``test-fast``.

- **argon2id at a test cost.** A hash at the production parameters (m=64 MiB, t=3, p=4) costs ~0.2 s
  of CPU; the suite makes ~75. Tests hash with m=1 MiB, t=1, p=1: same algorithm, same code paths
  (``passwords.hash_password``/``verify``), a cheap cost. Tests marked ``production_password_hash``
  keep the production hasher (and assert its parameters).
- **One default TLS context.** Every ``httpx.Client`` (and each ``httpx.get``) loads a CA bundle
  (certifi's, or ``SSL_CERT_FILE``/``SSL_CERT_DIR`` where set) into a new ``SSLContext``: ~22 ms of
  CPU, ~300 times a run. Contexts made with the defaults (verify on, no client certificate) from the
  same CA bundle are the same, so one per bundle is shared; any other call goes to httpx as before.
- **Package zips made once.** ``problems.store`` deflates every file of a package (a bundled problem
  is ~1.8 MB: ~0.1 s); the seeds store the same two problems in dozens of tests. ``zip_files`` is
  deterministic (fixed member times and order), so its result is kept by the files' digest.
- **Routes analysed once.** FastAPI builds each included route's state (the dependency tree from the
  endpoint's signature, a pydantic field per parameter and response model) lazily, again for every new
  app: ~0.2-0.5 s of CPU per app that serves requests, ~13% of the fast tests' CPU. The analysis is a
  function of the endpoint, its path and its dependencies only, so it is kept by those
  (``_build_dependant_with_parameterless_dependencies``, ``create_model_field``, ``_get_body_field``);
  each app still has its own routes, request handlers, overrides and state.
- **The migration scripts read once.** Alembic reads and executes every file under
  api/migrations/versions each time it makes a ``ScriptDirectory`` (twice per new app: ``heads()``
  and ``upgrade``). The files do not change during a run, so the ``ScriptDirectory`` of
  ``api.migrate.alembic_config()``'s script location is made once per process; ``env.py`` and the
  migrations still run as before.
- **What collection made, out of the cycle collector's sight.** After collection a test process holds
  every module, model, schema and route it imported, for good; each full pass of Python's cyclic
  garbage collector walked them all again. ``gc.freeze()`` moves them to the permanent generation
  (they are freed as before, by reference counting, when the process ends): ~9% less CPU on the same
  tests (tests/service/test_[a-f]*.py side by side, two runs: 44.6 -> 39.9 and 52.0 -> 47.2 CPU-s);
  and its young generation is collected every 50,000 allocations instead of 700 (about -7%).
- **A migrated SQLite database.** A new app upgrades its empty database through every migration
  (~0.09 s of CPU; ~100 apps a run). :func:`migrated_sqlite` copies a database migrated once to the
  head into a new data directory; the app's own ``upgrade`` then finds it at the head. (The
  migrations themselves are tested from every earlier state in tests/service/test_migrations.py.)
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import os
import shutil
import ssl
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import fastapi.routing as fastapi_routing
import httpx._transports.default as httpx_transports
from alembic.config import Config
from alembic.script import ScriptDirectory
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.db import make_engine
from api.migrate import MIGRATIONS, heads, upgrade
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
    shared: dict[tuple[str, str], ssl.SSLContext] = {}

    def create_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> ssl.SSLContext:
        if verify is not True or cert:
            return original(verify=verify, cert=cert, trust_env=trust_env)
        # httpx reads the CA bundle from these (when trust_env), else from certifi
        bundle = ((os.environ.get("SSL_CERT_FILE") or "", os.environ.get("SSL_CERT_DIR") or "") if trust_env
                  else ("", ""))
        if bundle not in shared:
            shared[bundle] = original(verify=True, cert=None, trust_env=trust_env)
        return shared[bundle]

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


def _hashable(*parts: Any) -> bool:
    try:
        hash(parts)
    except TypeError:
        return False
    return True


def _remembered_dependants(original: Callable[..., Any]) -> Callable[..., Any]:
    made: dict[tuple[Any, ...], Any] = {}

    def build(*, path: str, call: Callable[..., Any], dependencies: Any) -> Any:
        key = (path, call, tuple(dependencies))
        if not _hashable(key):
            return original(path=path, call=call, dependencies=dependencies)
        if key not in made:
            made[key] = original(path=path, call=call, dependencies=dependencies)
        return made[key]

    return build


def _remembered_body_fields(original: Callable[..., Any]) -> Callable[..., Any]:
    made: dict[tuple[Any, ...], tuple[list[Any], Any]] = {}

    def get_body_field(*, body_params: list[Any], name: str, embed_body_fields: bool) -> Any:
        # the parameters come from a remembered dependency tree: the same objects for the same route
        key = (tuple(id(param) for param in body_params), name, embed_body_fields)
        if key not in made:  # the list is kept with the result, so the ids stay its objects'
            made[key] = (list(body_params), original(body_params=body_params, name=name,
                                                     embed_body_fields=embed_body_fields))
        return made[key][1]

    return get_body_field


_UNSET = object()


def _remembered_model_fields(original: Callable[..., Any]) -> Callable[..., Any]:
    made: dict[tuple[Any, ...], Any] = {}

    def create_model_field(name: str, type_: Any, default: Any = _UNSET, field_info: Any = None,
                           alias: str | None = None, mode: str = "validation") -> Any:
        if default is not _UNSET or field_info is not None or alias is not None or not _hashable(type_):
            extra = {} if default is _UNSET else {"default": default}
            return original(name=name, type_=type_, field_info=field_info, alias=alias, mode=mode, **extra)
        key = (name, type_, mode)
        if key not in made:
            made[key] = original(name=name, type_=type_, mode=mode)
        return made[key]

    return create_model_field


def _remembered_script_directory(original: Callable[[Config], ScriptDirectory]) -> Any:
    made: list[ScriptDirectory] = []

    def from_config(cls: type[ScriptDirectory], config: Config) -> ScriptDirectory:
        options = config.get_section(config.config_ini_section, {})
        if set(options) - {"here", "script_location", "sqlalchemy.url"} or \
                options.get("script_location") != str(MIGRATIONS):
            return original(config)
        if not made:
            made.append(original(config))
        return made[0]

    return classmethod(from_config)


_INSTALLED: list[bool] = []


def install() -> None:
    """The process-wide shortcuts (TLS context, zips, route analysis, migration scripts); once per test
    process."""
    if _INSTALLED:
        return
    _INSTALLED.append(True)
    httpx_transports.create_ssl_context = _shared_default_tls(httpx_transports.create_ssl_context)
    problem_service.zip_files = _remembered_zips(problem_service.zip_files)
    fastapi_routing._build_dependant_with_parameterless_dependencies = _remembered_dependants(
        fastapi_routing._build_dependant_with_parameterless_dependencies)
    fastapi_routing.create_model_field = _remembered_model_fields(fastapi_routing.create_model_field)
    fastapi_routing._get_body_field = _remembered_body_fields(fastapi_routing._get_body_field)
    ScriptDirectory.from_config = _remembered_script_directory(ScriptDirectory.from_config)


def freeze_collected() -> None:
    """Once the tests are collected: what is alive now lives until the process ends (see above)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_ALLOCATIONS, 20, 20)


# The cycle collector's young generation is collected after this many allocations instead of Python's 700
# (the tests allocate ORM objects and pydantic models by the million; each young pass found little): same
# tests, 4 workers, idle, two runs each side by side: 126.1 and 118.7 -> 114.7 and 111.6 core-s.
GC_ALLOCATIONS = 50_000

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
