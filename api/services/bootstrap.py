"""`assay serve` start-up: import the bundled problem library, create a demo assessment, and retire the
first-admin key file an earlier version left in the data folder."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api import audit
from api.models import ApiKey, Assessment, utcnow
from api.schemas import AssessmentCreate
from api.security import hash_secret
from api.services import assessments as assessment_service
from api.services import problems as problem_service
from api.services import team_choice
from problemformat.package_loader import PackageError, load_package

log = logging.getLogger("assay.bootstrap")
BUNDLED = Path(__file__).resolve().parents[2] / "problems"
DEMO_PROBLEMS = ("range-sum", "slow-endpoints", "regional-sales")


def import_library(engine: Engine, root: Path = BUNDLED) -> list[str]:
    """Store every valid package under root (a new version only when its content changed)."""
    imported: list[str] = []
    if not root.is_dir():
        return imported
    for folder in sorted(p for p in root.iterdir() if (p / "problem.yaml").is_file()):
        try:
            package = load_package(folder)
        except PackageError as exc:
            log.warning("skipping bundled problem %s:\n%s", folder.name, exc)
            continue
        with Session(engine) as session:
            version, _ = problem_service.store(session, package, None)
            session.commit()
            imported.append(f"{version.slug}@{version.version}")
    return imported


def ensure_demo_assessment(engine: Engine) -> str | None:
    with Session(engine) as session:
        existing = session.exec(select(Assessment).where(col(Assessment.title) == "Demo assessment")).first()
        if existing is not None:
            return existing.id
        slugs = [p.slug for p in problem_service.latest_versions(session)]
        chosen = [s for s in DEMO_PROBLEMS if s in slugs] or slugs[:2]
        if not chosen:
            return None
        assessment = assessment_service.create(
            session, AssessmentCreate(title="Demo assessment", problems=chosen, duration_minutes=90), None,
            team_choice.default_team(session))
        session.commit()
        return assessment.id


LEGACY_KEY_FILE = "first-admin-key"  # written by `assay serve` before the set-up link (issue 21)


def retire_first_admin_key(engine: Engine, data_dir: Path) -> bool:
    """Before people signed in, the first start wrote an admin key that never expires to
    ``data_dir/first-admin-key``. It was meant for one sign-in, and the set-up link replaced it: revoke
    the key the file holds (audited) and delete the file. True when a file was found. Safe when several
    processes start at once: the revoke is a conditional UPDATE, and a file already gone is fine."""
    path = data_dir / LEGACY_KEY_FILE
    try:
        secret = path.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return False
    with Session(engine) as session:
        key = session.exec(select(ApiKey).where(col(ApiKey.key_hash) == hash_secret(secret))).first()
        if key is not None and key.revoked_at is None:
            key.revoked_at = utcnow()
            session.add(key)
            audit.record(session, "assay serve: first-admin key file retired", "key.revoked", "key", key.id,
                         role=key.role)
        session.commit()
    path.unlink(missing_ok=True)
    log.warning("removed %s and revoked the admin key it held: sign in as a person (the set-up link), and make "
                "keys for scripts with `assay keys create`", path)
    return True
