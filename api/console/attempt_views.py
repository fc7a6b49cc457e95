"""Every attempt of a candidate, for the reviewer pages (issue 26 item 12): the attempts and runs of each
problem (the report's Attempts section, each opening its own page with its code and per-test results),
one attempt's page, a diff between two attempts of a problem, and the last draft of a problem the
candidate never submitted."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from api.console import code_diff
from api.console.highlight import highlight
from api.console.views import _test_rows
from api.grade_record import StoredResult
from api.models import Draft, Invitation, ProblemVersion, Submission
from api.services import problems as problem_service


def _slugs(session: Session, rows: list[Submission]) -> dict[int, ProblemVersion]:
    ids = sorted({row.problem_version_id for row in rows})
    versions = session.exec(select(ProblemVersion).where(col(ProblemVersion.id).in_(ids))
                            .options(problem_service.NO_PACKAGE)).all() if ids else []
    return {v.id: v for v in versions if v.id is not None}


def attempts_of(session: Session, invitation: Invitation) -> dict[str, list[dict[str, Any]]]:
    """problem slug -> its submissions and runs, oldest first; ``label``: "Submission 2", "Run 1"."""
    rows = list(session.exec(select(Submission).where(col(Submission.invitation_id) == invitation.id)
                             .order_by(col(Submission.created_at), col(Submission.id))).all())
    versions = _slugs(session, rows)
    out: dict[str, list[dict[str, Any]]] = {}
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        version = versions.get(row.problem_version_id)
        slug = version.slug if version else ""
        counts[(slug, row.kind)] = counts.get((slug, row.kind), 0) + 1
        out.setdefault(slug, []).append({
            "id": row.id, "kind": row.kind, "label": f"{'Run' if row.kind == 'run' else 'Submission'} "
                                                      f"{counts[(slug, row.kind)]}",
            "language": row.language, "created_at": row.created_at, "status": row.status, "verdict": row.verdict,
            "points": row.points, "max_points": row.max_points, "problem": slug,
            "title": version.title if version else slug})
    return out


def drafts_never_submitted(session: Session, invitation: Invitation, problem_slugs: list[str]) -> dict[str, Any]:
    """problem slug -> the last draft saved, for the problems in ``problem_slugs`` (those with no submission)."""
    if not problem_slugs:
        return {}
    rows = session.exec(select(Draft).where(col(Draft.invitation_id) == invitation.id,
                                            col(Draft.problem_slug).in_(problem_slugs))
                        .order_by(col(Draft.updated_at))).all()
    latest = {row.problem_slug: row for row in rows if row.files}  # the last one saved wins
    return {slug: {"language": row.language, "updated_at": row.updated_at,
                   "files": [{"name": name, "lines": highlight(row.language, name, row.files[name])}
                             for name in sorted(row.files)]}
            for slug, row in latest.items()}


def for_report(session: Session, invitation: Invitation, problems: list[dict[str, Any]]) -> dict[str, Any]:
    """``attempts`` of the report page: each problem's attempts, and the drafts of problems never submitted."""
    return {"by_problem": attempts_of(session, invitation),
            "drafts": drafts_never_submitted(session, invitation, [p["slug"] for p in problems if not p["submission"]])}


def attempt(session: Session, submission: Submission, invitation: Invitation) -> dict[str, Any]:
    """One attempt's page: what it was, its per-test results, its code; its neighbours in its problem."""
    version = session.get(ProblemVersion, submission.problem_version_id, options=[problem_service.NO_PACKAGE])
    slug = version.slug if version else ""
    siblings = attempts_of(session, invitation).get(slug, [])
    index = next(i for i, item in enumerate(siblings) if item["id"] == submission.id)
    submissions = [s for s in siblings if s["kind"] == "submission"]
    earlier = [s for s in submissions if siblings.index(s) < index]
    result = StoredResult.read(submission.result)
    return {
        "item": siblings[index], "previous": siblings[index - 1] if index else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "siblings": siblings, "compare_with": earlier[-1] if earlier else None,
        "title": version.title if version else slug, "slug": slug, "version": version.version if version else None,
        "compile_message": result.compile_message or "", "error": result.error or "", "run": result.run,
        "stdin": submission.stdin, "groups": [g for g in result.groups if g.name != "sample" or g.max_points],
        "tests": _test_rows(result),
        "s": {"id": submission.id, "files": [{"name": name, "lines": highlight(submission.language, name,
                                                                                submission.files[name])}
                                             for name in sorted(submission.files)]},
    }


def diff(session: Session, invitation: Invitation, old: Submission, new: Submission) -> dict[str, Any]:
    attempts = {item["id"]: item for items in attempts_of(session, invitation).values() for item in items}
    files = code_diff.diff_files(old.files, new.files, old.language, new.language)
    return {"old": attempts[old.id], "new": attempts[new.id], "files": files,
            "added": sum(f.added for f in files), "removed": sum(f.removed for f in files),
            "siblings": attempts_of(session, invitation).get(attempts[new.id]["problem"], [])}
