"""Seed data for the reviewer-experience tests: a SQLite database with problems, an assessment,
invitations and graded submissions (inserted directly: no sandbox needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from api.models import Invitation, Submission, utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.keys import create_key
from graders.results import TestCaseResult, Verdict
from graders.scoring import score
from problemformat.package_loader import load_package
from support.speedups import migrated_sqlite

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "similarity"


@dataclass
class Seeded:
    admin_key: str
    reviewer_key: str
    author_key: str
    assessment_id: str
    invitations: dict[str, str] = field(default_factory=dict)  # label -> id
    submissions: dict[str, str] = field(default_factory=dict)


def graded_result(package: Any, verdicts: dict[str, str] | None = None, compile_message: str = "",
                  message: str = "") -> dict[str, Any]:
    """A stored result as the grading service writes it: every test of the package, with the given
    verdict per group (default AC), scored by the real scoring module."""
    verdicts = verdicts or {}
    by_group: dict[str, list[TestCaseResult]] = {}
    for index, test in enumerate([*package.samples, *[t for ts in package.groups.values() for t in ts]]):
        verdict = Verdict(verdicts.get(test.group, "AC"))
        by_group.setdefault(test.group, []).append(TestCaseResult(
            group=test.group, name=test.name, verdict=verdict, fraction=1.0 if verdict == Verdict.AC else 0.0,
            time_ms=12 + 7 * index, wall_ms=30 + 7 * index, memory_kib=9000 + 300 * index, hidden=not test.sample,
            candidate_message="" if verdict == Verdict.AC else "wrong answer on line 1",
            reviewer_message="" if verdict == Verdict.AC else (message or "expected 3, got 4"),
            stdout_excerpt="3\n"))
    points, groups, verdict = score(package.manifest.scoring, by_group)
    if compile_message:
        return {"verdict": "CE", "points": 0.0, "max_points": package.manifest.scoring.max_points,
                "compile_message": compile_message, "tests": [], "groups": []}
    return {"verdict": verdict.value, "points": points, "max_points": package.manifest.scoring.max_points,
            "compile_message": "", "tests": [t.model_dump(mode="json") for ts in by_group.values() for t in ts],
            "groups": [g.model_dump(mode="json") for g in groups]}


def seed(engine: Any) -> Seeded:
    with Session(engine, expire_on_commit=False) as session:
        _, admin = create_key(session, "admin", "ops")
        _, reviewer = create_key(session, "reviewer", "Rita Reviewer")
        _, author = create_key(session, "author", "author")
        versions = {}
        for slug in ("alert-windows", "meeting-rooms"):
            version, _ = problem_service.store(session, load_package(ROOT / "problems" / slug), None)
            versions[slug] = version
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Backend screening", problems=["alert-windows", "meeting-rooms"], duration_minutes=90,
            languages=["python3", "cpp"]), None)
        data = Seeded(admin, reviewer, author, assessment.id)
        now = utcnow()

        def invite(label: str, name: str, email: str, started_minutes_ago: int | None, used: int | None,
                   external_id: str | None = None) -> Invitation:
            invitation, _ = invitation_service.create(session, InvitationCreate(
                assessment_id=assessment.id, candidate=CandidateIn(name=name, email=email),
                expires_at=now + timedelta(days=7), external_id=external_id), None)
            # invited a second apart, in this order: Ada is Candidate #1 of an anonymised review, Bob #2...
            invitation.created_at = now - timedelta(days=2) + timedelta(seconds=len(data.invitations))
            if started_minutes_ago is not None:
                invitation.started_at = now - timedelta(minutes=started_minutes_ago)
                invitation.deadline_at = invitation.started_at + timedelta(minutes=90)
                if used is not None:
                    invitation.finished_at = invitation.started_at + timedelta(minutes=used)
            session.add(invitation)
            data.invitations[label] = invitation.id
            return invitation

        def submit(label: str, invitation: Invitation, slug: str, source: str, minute: int,
                   verdicts: dict[str, str] | None = None, kind: str = "submission", compile_message: str = "",
                   language: str = "python3") -> Submission:
            version = versions[slug]
            package = problem_service.package_of(version)
            result = graded_result(package, verdicts, compile_message)
            assert invitation.started_at is not None
            at = invitation.started_at + timedelta(minutes=minute)
            name = "main.py" if language == "python3" else "main.cpp"
            row = Submission(kind=kind, invitation_id=invitation.id, problem_version_id=version.id,
                             language=language, files={name: source}, status="graded", attempts=1,
                             verdict=result["verdict"], points=None if kind == "run" else result["points"],
                             max_points=None if kind == "run" else result["max_points"], result=result,
                             created_at=at, started_at=at, graded_at=at + timedelta(seconds=4))
            session.add(row)
            session.flush()
            data.submissions[label] = row.id
            return row

        aw = (FIXTURES / "alert-windows").joinpath
        mr = (FIXTURES / "meeting-rooms").joinpath
        ada = invite("ada", "Ada Lovelace", "ada@example.com", 120, 64, "gh-app-1001")
        submit("ada-aw-run", ada, "alert-windows", aw("dict_window.py").read_text(), 9, kind="run")
        submit("ada-aw-1", ada, "alert-windows", aw("brute_sets.py").read_text(), 14, {"main": "TLE"})
        submit("ada-aw", ada, "alert-windows", aw("dict_window.py").read_text(), 31)
        submit("ada-mr", ada, "meeting-rooms", mr("heap_rooms.py").read_text(), 58, {"large": "WA"})

        bob = invite("bob", "Bob Copier", "bob@example.com", 100, 45)
        submit("bob-aw", bob, "alert-windows", aw("dict_window_copy.py").read_text(), 20)
        submit("bob-mr-ce", bob, "meeting-rooms", "int main( {", 30, language="cpp",
               compile_message="main.cpp: In function 'int main(': main.cpp:1:11: error: expected ')' before '{'")

        cleo = invite("cleo", "Cleo Independent", "cleo@example.com", 30, None)
        submit("cleo-aw", cleo, "alert-windows", aw("last_seen.py").read_text(), 12)
        submit("cleo-mr", cleo, "meeting-rooms", mr("two_pointers.py").read_text(), 25, {"medium": "WA"})

        invite("dan", "Dan Invited", "dan@example.com", None, None)
        session.commit()
    return data


def make_app(tmp_path: Path, **overrides: Any) -> Any:
    from api.app import create_app
    from api.settings import Settings

    settings = Settings(data_dir=tmp_path, load_bundled_problems=False, demo=False, **overrides)
    migrated_sqlite(settings)
    return create_app(settings, start_executor=False)
