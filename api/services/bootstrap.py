"""`assay serve` start-up: import the bundled problem library and create a demo assessment."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.models import Assessment
from api.schemas import AssessmentCreate
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
