"""Generated hiring data for the analytics tests and bench/analytics.py: an assessment of two bundled
problems, invitations in every state, and graded submissions whose stored results are made by the real
scoring module (inserted in bulk with SQLAlchemy Core: no sandbox, fast enough for 100,000 rows); and
the app, staff keys, a started invitation and a graded submission the analytics tests build on."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.analytics_models import SubmissionGroup
from api.models import Invitation, ProblemVersion, Submission, new_id, utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.security import hash_secret, new_secret
from api.services import assessments as assessment_service
from api.services import group_results
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.keys import create_key
from api.services.problems import get_version
from problemformat.package_loader import load_package
from support.reviewer_data import graded_result
from support.reviewer_data import make_app as _make_app

ROOT = Path(__file__).resolve().parents[2]
PROBLEMS = ("alert-windows", "meeting-rooms")
LANGUAGES = ("python3", "cpp", "java", "go")
SOURCE = "def solve():\n    return 42\n"


@dataclass
class Generated:
    assessment_id: str
    invitation_ids: list[str] = field(default_factory=list)
    submissions: int = 0


def _patterns(package: Any) -> list[tuple[dict[str, Any], float]]:
    """Stored results (and their weights): all accepted, each group failing alone, everything failing,
    a compile error."""
    names = list(package.groups)
    out = [(graded_result(package), 3.0)]
    for name in names:
        out.append((graded_result(package, {name: "WA"}), 1.5))
        out.append((graded_result(package, {name: "TLE"}), 0.7))
    out.append((graded_result(package, {n: "WA" for n in [*names, "sample"]}), 1.5))
    out.append((graded_result(package, compile_message="main.cpp:1: error: expected ';'"), 0.5))
    return out


def ensure_problems(session: Session) -> list[ProblemVersion]:
    versions = []
    for slug in PROBLEMS:
        try:
            versions.append(get_version(session, slug, None))
        except Exception:
            version, _ = problem_service.store(session, load_package(ROOT / "problems" / slug), None)
            versions.append(version)
    session.commit()
    return versions


def generate(engine: Engine, *, invitations: int, submissions: int, seed: int = 7, anonymised: bool = False,
             index_groups: bool = False, title: str = "Generated screening") -> Generated:
    """``invitations`` candidates (about 70 % finished, 10 % working, 12 % expired, 8 % revoked) and
    ``submissions`` graded submissions (plus a few unscored runs) spread at random over the started ones. With
    ``index_groups`` the per-group rows are written as the grading service writes them; without, the
    analytics service indexes them lazily."""
    rng = random.Random(seed)
    with Session(engine, expire_on_commit=False) as session:
        versions = ensure_problems(session)
        assessment = assessment_service.create(session, AssessmentCreate(
            title=title, problems=list(PROBLEMS), duration_minutes=90, languages=["python3", "cpp", "java", "go"],
            anonymised=anonymised), None)
        session.commit()
        patterns = {v.id: _patterns(problem_service.package_of(v)) for v in versions}
    now = utcnow()
    out = Generated(assessment.id)
    invitation_rows: list[dict[str, Any]] = []
    started: list[dict[str, Any]] = []
    for index in range(invitations):
        created = now - timedelta(days=rng.uniform(1, 60), seconds=index)
        row: dict[str, Any] = {
            "id": new_id(), "assessment_id": assessment.id, "candidate_name": f"Generated Person {index:05d}",
            "candidate_email": f"person{index:05d}@example.com", "external_id": f"ext-{index:05d}",
            "token_hash": hash_secret(new_secret("inv_")), "expires_at": created + timedelta(days=14),
            "created_at": created, "started_at": None, "deadline_at": None, "finished_at": None,
            "revoked_at": None, "time_multiplier": 1.0, "extra_minutes": 0}
        roll = rng.random()
        if roll < 0.12:  # expired unstarted (created long enough ago)
            row["created_at"] = now - timedelta(days=rng.uniform(20, 60))
            row["expires_at"] = row["created_at"] + timedelta(days=14)
        elif roll < 0.20:
            row["revoked_at"] = created + timedelta(hours=rng.uniform(1, 48))
            if rng.random() < 0.5:
                row["started_at"] = created + timedelta(hours=rng.uniform(0.1, 1))
                row["deadline_at"] = row["started_at"] + timedelta(minutes=90)
        else:
            if roll < 0.30:  # working now
                row["created_at"] = now - timedelta(hours=rng.uniform(2, 48))
                row["expires_at"] = now + timedelta(days=7)
                row["started_at"] = now - timedelta(minutes=rng.uniform(5, 80))
            else:
                row["started_at"] = row["created_at"] + timedelta(hours=rng.expovariate(1 / 30))
            row["deadline_at"] = row["started_at"] + timedelta(minutes=90)
            if roll >= 0.30 and rng.random() < 0.8:  # finished early; the rest ran out of time
                row["finished_at"] = row["started_at"] + timedelta(minutes=rng.uniform(15, 89))
        invitation_rows.append(row)
        if row["started_at"] is not None:
            started.append(row)
        out.invitation_ids.append(row["id"])
    submission_rows: list[dict[str, Any]] = []
    group_rows: list[dict[str, Any]] = []
    counts = Counter(rng.randrange(len(started)) for _ in range(submissions)) if started else Counter()
    for position, row in enumerate(started):
        language = rng.choice(LANGUAGES)
        runs = 1 if rng.random() < 0.2 else 0
        for number in range(counts[position] + runs):
            version = rng.choice(versions)
            result, = rng.choices([p for p, _ in patterns[version.id]], weights=[w for _, w in patterns[version.id]])
            at = row["started_at"] + timedelta(minutes=rng.uniform(1, 88))
            kind = "run" if number >= counts[position] else "submission"
            sid = new_id()
            submission_rows.append({
                "id": sid, "kind": kind, "invitation_id": row["id"], "problem_version_id": version.id,
                "language": language, "files": {"main": SOURCE}, "stdin": None, "idempotency_key": None,
                "status": "graded", "attempts": 1, "verdict": result["verdict"],
                "points": None if kind == "run" else result["points"],
                "max_points": None if kind == "run" else result["max_points"], "result": result,
                "created_at": at, "started_at": at, "graded_at": at + timedelta(seconds=3)})
            if index_groups and kind == "submission":
                group_rows.extend(g.model_dump() for g in group_results.rows_for(sid, row["id"], version.id, result))
    with engine.begin() as connection:
        for start in range(0, len(invitation_rows), 2000):
            connection.execute(insert(Invitation.__table__), invitation_rows[start:start + 2000])  # type: ignore[attr-defined]
        for start in range(0, len(submission_rows), 2000):
            connection.execute(insert(Submission.__table__), submission_rows[start:start + 2000])  # type: ignore[attr-defined]
        for start in range(0, len(group_rows), 5000):
            connection.execute(insert(SubmissionGroup.__table__), group_rows[start:start + 5000])  # type: ignore[attr-defined]
    out.submissions = sum(1 for r in submission_rows if r["kind"] == "submission")
    return out


# ---------------------------------------------------------------------- an app and its people


def console_app(tmp_path: Path, **overrides: Any) -> Any:
    return _make_app(tmp_path, session_cookie_secure=False, **overrides)


def staff_keys(engine: Any) -> dict[str, str]:
    with Session(engine) as session:
        out = {role: create_key(session, role, f"{role} key")[1] for role in ("admin", "reviewer", "author", "ats")}
        session.commit()
    return out


def invite_started(engine: Any, assessment_id: str, name: str, email: str, external_id: str | None = None,
            minutes_ago: int = 100, used: int | None = 50) -> tuple[str, str]:
    with Session(engine) as session:
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment_id, candidate=CandidateIn(name=name, email=email),
            expires_at=utcnow() + timedelta(days=3), external_id=external_id), None)
        invitation.started_at = utcnow() - timedelta(minutes=minutes_ago)
        invitation.deadline_at = invitation.started_at + timedelta(minutes=90)
        if used is not None:
            invitation.finished_at = invitation.started_at + timedelta(minutes=used)
        session.add(invitation)
        session.commit()
        return invitation.id, token


def submit_graded(engine: Any, invitation_id: str, slug: str, source: str,
                  verdicts: dict[str, str] | None = None) -> str:
    with Session(engine) as session:
        version = problem_service.get_version(session, slug, None)
        result = graded_result(problem_service.package_of(version), verdicts)
        invitation = session.get(Invitation, invitation_id)
        assert invitation is not None and invitation.started_at is not None
        at = invitation.started_at + timedelta(minutes=10)
        row = Submission(invitation_id=invitation_id, problem_version_id=version.id, language="python3",
                         files={"main.py": source}, status="graded", attempts=1, verdict=result["verdict"],
                         points=result["points"], max_points=result["max_points"], result=result, created_at=at,
                         started_at=at, graded_at=at)
        session.add(row)
        session.commit()
        return row.id
