"""Views of submissions (candidate and reviewer) and the invitation report."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from api.models import Assessment, Invitation, ProblemVersion, Submission
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.progress import problem_scores, state

TEXT_LIMIT = 4096  # bytes of a hidden test's input and answer shown to reviewers


def _slug(session: Session, submission: Submission) -> str:
    version = session.get(ProblemVersion, submission.problem_version_id, options=[problem_service.NO_PACKAGE])
    return version.slug if version else ""


def candidate_view(session: Session, submission: Submission) -> dict[str, Any]:
    """What the candidate may see: hidden tests show verdict, time and memory only."""
    result = submission.result or {}
    data: dict[str, Any] = {
        "id": submission.id, "kind": submission.kind, "problem": _slug(session, submission),
        "language": submission.language, "status": submission.status, "verdict": submission.verdict,
        "points": submission.points, "max_points": submission.max_points,
        "created_at": submission.created_at, "graded_at": submission.graded_at,
        "compile_message": result.get("compile_message") or None,
    }
    tests = []
    for test in result.get("tests", []):
        hidden = bool(test.get("hidden", True))
        item: dict[str, Any] = {"group": test["group"],
                                "name": test["name"], "verdict": test["verdict"], "hidden": hidden,
                                "time_ms": test.get("time_ms", 0), "memory_kib": test.get("memory_kib", 0)}
        if not hidden:
            item.update(fraction=test.get("fraction"), message=test.get("candidate_message") or None,
                        input=test.get("input"), expected_output=test.get("expected_output"),
                        output=test.get("stdout_excerpt"))
        tests.append(item)
    data["tests"] = tests
    if submission.kind == "run" and "run" in result:
        run = result["run"]
        data.update(stdout=run.get("stdout"), stderr=run.get("stderr"), time_ms=run.get("time_ms"),
                    memory_kib=run.get("memory_kib"))
    return data


def _secret_tests(session: Session, submission: Submission) -> dict[tuple[str, str], Any]:
    """The package's hidden test cases by (group, name), for reviewers."""
    version = session.get(ProblemVersion, submission.problem_version_id, options=[problem_service.NO_PACKAGE])
    if version is None:
        return {}
    package = problem_service.package_of(version)
    return {(case.group, case.name): case for cases in package.groups.values() for case in cases}


def reviewer_view(session: Session, submission: Submission) -> dict[str, Any]:
    """Everything, hidden tests included, for reviewers."""
    result = submission.result or {}
    data = candidate_view(session, submission)
    secret = _secret_tests(session, submission) if result.get("tests") else {}

    def text(test: dict[str, Any], field: str, attribute: str) -> str | None:
        if test.get(field) is not None:
            return test[field]
        case = secret.get((test["group"], test["name"]))
        return getattr(case, attribute)[:TEXT_LIMIT].decode("utf-8", "replace") if case is not None else None

    data["tests"] = [
        {"group": t["group"], "name": t["name"], "verdict": t["verdict"], "hidden": t.get("hidden", True),
         "time_ms": t.get("time_ms", 0), "memory_kib": t.get("memory_kib", 0), "fraction": t.get("fraction"),
         "message": "\n".join(m for m in (t.get("candidate_message"), t.get("reviewer_message")) if m) or None,
         "input": text(t, "input", "input"), "expected_output": text(t, "expected_output", "answer"),
         "output": t.get("stdout_excerpt")}
        for t in result.get("tests", [])
    ]
    data.update(invitation_id=submission.invitation_id, files=submission.files, groups=result.get("groups", []),
                attempts=submission.attempts, started_at=submission.started_at, result=result or None)
    return data


def report(session: Session, invitation: Invitation, public_url: str) -> dict[str, Any]:
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    problems = problem_scores(session, invitation)
    timeline: list[dict[str, Any]] = [{"at": invitation.created_at, "event": "invited", "detail": {}}]
    if invitation.started_at:
        timeline.append({"at": invitation.started_at, "event": "started", "detail": {}})
    rows = session.exec(select(Submission).where(Submission.invitation_id == invitation.id)
                        .order_by(Submission.created_at)).all()
    for row in rows:
        timeline.append({"at": row.created_at, "event": row.kind, "detail": {
            "id": row.id, "problem": _slug(session, row), "language": row.language, "status": row.status,
            "verdict": row.verdict, "points": row.points}})
    end = invitation.finished_at
    if end is None and state(invitation) == "completed":
        end = invitation.deadline_at
    if end:
        timeline.append({"at": end, "event": "finished", "detail": {}})
    timeline.sort(key=lambda e: e["at"])
    used = int((end - invitation.started_at).total_seconds()) if end and invitation.started_at else None
    return {
        "invitation": invitation_service.out(session, invitation, public_url),
        "assessment_title": assessment.title,
        "total_points": sum(p["points"] for p in problems),
        "max_points": sum(p["max_points"] for p in problems),
        "time_used_seconds": used,
        "duration_minutes": assessment.duration_minutes,
        "problems": problems,
        "timeline": timeline,
    }
