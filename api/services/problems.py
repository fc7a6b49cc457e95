"""Problems: upload a package as a new immutable version, list, show."""

from __future__ import annotations

from typing import cast

from sqlalchemy import func
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import Session, col, select

from api.errors import NotFound, Unprocessable
from api.models import ProblemVersion
from api.schemas import ProblemDetail, ProblemOut
from api.services.packages import PACKAGES, zip_files
from graders.judge import allowed_languages
from problemformat.manifest import Manifest
from problemformat.package import Package
from problemformat.package_loader import PackageError, load_package


def upload(session: Session, data: bytes, filename: str, key_id: int | None) -> tuple[ProblemVersion, bool]:
    """Validate and store a package. Returns (version, created); identical content is not stored twice."""
    try:
        package = load_package(data, filename=filename)
    except PackageError as exc:
        raise Unprocessable(
            f"the package has {len(exc.problems)} problem(s): " + "; ".join(str(p) for p in exc.problems[:3]),
            title="Invalid problem package",
            errors=[p.as_dict() for p in exc.problems],
        ) from None
    return store(session, package, key_id)


def store(session: Session, package: Package, key_id: int | None) -> tuple[ProblemVersion, bool]:
    slug = package.manifest.slug
    existing = session.exec(
        select(ProblemVersion)
        .where(col(ProblemVersion.slug) == slug, col(ProblemVersion.content_hash) == package.content_hash)
        .options(NO_PACKAGE)
    ).first()
    if existing is not None:
        return existing, False
    latest = session.exec(select(func.max(ProblemVersion.version)).where(col(ProblemVersion.slug) == slug)).one()
    version = ProblemVersion(
        slug=slug,
        version=(latest or 0) + 1,
        title=package.manifest.title,
        content_hash=package.content_hash,
        manifest=package.manifest.model_dump(mode="json", by_alias=True),
        package=zip_files(package.files),
        created_by=key_id,
    )
    session.add(version)
    session.flush()
    PACKAGES.put(package.content_hash, package)  # this process has it built: no need to read the zip back
    return version, True


# The package zip (megabytes) is read from the database only where a package must be built and this
# process has not built it yet (package_of): never for listings, the candidate's pages or the manifest.
# (SQLModel types a column as its Python value; at runtime it is the mapped attribute defer() takes.)
NO_PACKAGE = defer(cast(QueryableAttribute[bytes], ProblemVersion.package))
_MANIFESTS: dict[str, Manifest] = {}
_MANIFESTS_MAX = 256


def latest_versions(session: Session) -> list[ProblemVersion]:
    newest = (
        select(ProblemVersion.slug, func.max(ProblemVersion.version).label("v")).group_by(col(ProblemVersion.slug))
    ).subquery()
    query = select(ProblemVersion).join(
        newest, (col(ProblemVersion.slug) == newest.c.slug) & (col(ProblemVersion.version) == newest.c.v)
    ).order_by(col(ProblemVersion.slug)).options(NO_PACKAGE)
    return list(session.exec(query).all())


def get_version(session: Session, slug: str, version: int | None = None) -> ProblemVersion:
    query = select(ProblemVersion).where(col(ProblemVersion.slug) == slug).options(NO_PACKAGE)
    if version is not None:
        query = query.where(col(ProblemVersion.version) == version)
    found = session.exec(query.order_by(col(ProblemVersion.version).desc())).first()
    if found is None:
        what = f"problem {slug!r}" + (f" version {version}" if version is not None else "")
        raise NotFound(f"{what} does not exist")
    return found


def versions_of(session: Session, slug: str) -> list[int]:
    return list(session.exec(select(ProblemVersion.version).where(col(ProblemVersion.slug) == slug)
                             .order_by(col(ProblemVersion.version))).all())


def package_of(version: ProblemVersion) -> Package:
    return PACKAGES.get(version.content_hash, lambda: version.package)


def manifest_of(version: ProblemVersion) -> Manifest:
    """The version's manifest, from the loaded package if there is one, else from its JSON column."""
    package = PACKAGES.cached(version.content_hash)
    if package is not None:
        return package.manifest
    manifest = _MANIFESTS.get(version.content_hash)
    if manifest is None:
        manifest = Manifest.model_validate(version.manifest)
        if len(_MANIFESTS) >= _MANIFESTS_MAX:
            _MANIFESTS.clear()
        _MANIFESTS[version.content_hash] = manifest
    return manifest


def summary(version: ProblemVersion) -> ProblemOut:
    manifest = manifest_of(version)
    return ProblemOut(
        slug=version.slug, version=version.version, title=version.title, content_hash=version.content_hash,
        languages=allowed_languages(manifest), grader=manifest.grader.kind, max_points=manifest.scoring.max_points,
        created_at=version.created_at)


def detail(session: Session, version: ProblemVersion) -> ProblemDetail:
    package = package_of(version)
    manifest = package.manifest
    return ProblemDetail(
        **summary(version).model_dump(),
        statement=package.statement,
        limits=manifest.limits.model_dump(),
        groups=[g.model_dump() for g in manifest.scoring.groups],
        sample_count=len(package.samples),
        secret_count=sum(len(t) for t in package.groups.values()),
        versions=versions_of(session, version.slug),
    )
