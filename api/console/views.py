"""What the reviewer pages show, as plain data for the templates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from api import similarity
from api.console.highlight import highlight
from api.grade_record import StoredResult
from api.integrity import policy as integrity_policy
from api.models import Assessment, Invitation, Submission
from api.services import analytics, anonymity, quiz_report, reports, retention, similarity_flags
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.settings import Settings
from graders.verdicts import Verdict


def candidate_label(session: Session, invitation: Invitation) -> str:
    if retention.erased_at(session, invitation.id) is not None:
        return "Deleted candidate"
    if anonymity.masked(session, invitation):  # anonymised review: a number until a decision (issue 15)
        return anonymity.label(session, invitation)
    return invitation.candidate_name or "(no name)"


def _test_rows(result: StoredResult) -> list[dict[str, Any]]:
    groups = {g.name: g for g in result.groups}
    counts: dict[str, int] = {}
    for test in result.tests:
        counts[test.group] = counts.get(test.group, 0) + 1
    rows = []
    for test in result.tests:
        group = groups.get(test.group)
        credit = (test.fraction or 0.0) if test.verdict == Verdict.AC else 0.0
        points = max_points = None
        if group is not None and group.aggregate == "sum" and group.max_points:
            max_points = group.max_points / counts[test.group]
            points = 0.0 if group.required_failed else max_points * credit
        messages = [m for m in (test.candidate_message, test.reviewer_message) if m]
        rows.append({
            "group": test.group, "name": test.name, "hidden": test.hidden, "verdict": test.verdict,
            "time_ms": test.time_ms, "memory_kib": test.memory_kib, "fraction": test.fraction,
            "points": points, "max_points": max_points, "messages": "\n".join(messages),
            "output": test.stdout_excerpt or "", "stderr": test.stderr_excerpt or "",
        })
    return rows


def _files(language: str, files: dict[str, str], marks: dict[str, list[tuple[int, int]]] | None = None
           ) -> list[dict[str, Any]]:
    return [{"name": name, "lines": highlight(language, name, files[name], (marks or {}).get(name, ()))}
            for name in sorted(files)]


def _flag_view(session: Session, flag: similarity_flags.Flag) -> dict[str, Any]:
    mine = session.get(Submission, flag.submission_id)
    theirs = session.get(Submission, flag.other_submission_id)
    other = session.get(Invitation, flag.other_invitation_id)
    assert mine is not None and theirs is not None and other is not None
    regions = flag.as_dict(mine.files, theirs.files)["regions"]
    my_marks = similarity.spans(flag.mine, [(r.a_start, r.a_end) for r in flag.comparison.regions])
    their_marks = similarity.spans(flag.theirs, [(r.b_start, r.b_end) for r in flag.comparison.regions])
    return {
        "problem": flag.problem, "language": flag.language, "score": flag.comparison.score,
        "coverage": flag.comparison.coverage_a, "other_coverage": flag.comparison.coverage_b,
        "other_invitation_id": other.id, "other_candidate": candidate_label(session, other),
        "other_submission_id": theirs.id, "submission_id": mine.id, "regions": regions,
        "mine": _files(mine.language, mine.files, my_marks),
        "theirs": _files(theirs.language, theirs.files, their_marks),
    }


def report_page(session: Session, invitation: Invitation, settings: Settings) -> dict[str, Any]:
    data = reports.report(session, invitation, settings.resolved_public_url)
    erased = retention.erased_at(session, invitation.id)
    found = similarity_flags.flags(session, invitation.id, settings.similarity_threshold)
    flags = [_flag_view(session, f) for f in found]
    flagged = {f["problem"] for f in flags}
    problems = []
    for problem in data.problems:
        final_id = problem.best_submission_id or problem.last_submission_id
        submission = session.get(Submission, final_id) if final_id else None
        view: dict[str, Any] = {**problem.model_dump(), "submission": None, "flagged": problem.slug in flagged}
        if submission is not None:
            result = StoredResult.read(submission.result)
            view["submission"] = {
                "id": submission.id, "language": submission.language, "status": submission.status,
                "verdict": submission.verdict, "points": submission.points, "max_points": submission.max_points,
                "created_at": submission.created_at, "graded_at": submission.graded_at,
                "is_best": submission.id == problem.best_submission_id,
                "compile_message": result.compile_message or "",
                "error": result.error or "",
                "groups": [g for g in result.groups if g.name != "sample" or g.max_points],
                "tests": _test_rows(result),
                "files": _files(submission.language, submission.files),
            }
            view["quiz"] = quiz_report.reviewer_items(session, submission)  # a quiz's questions, or None
        problems.append(view)
    started = invitation.started_at
    timeline = []
    for event in data.timeline:
        offset = int((event.at - started).total_seconds()) if started and event.at >= started else None
        timeline.append({**event.model_dump(), "offset": offset})
    limit_seconds = round(invitation_service.effective_minutes(invitation, data.duration_minutes) * 60)
    return {
        "invitation": invitation, "out": data.invitation.model_dump(), "state": data.invitation.state,
        "candidate": candidate_label(session, invitation), "erased_at": erased,
        "assessment_id": invitation.assessment_id, "assessment_title": data.assessment_title,
        "total_points": data.total_points, "max_points": data.max_points,
        "percent": round(100 * data.total_points / data.max_points) if data.max_points else 0,
        "time_used_seconds": data.time_used_seconds, "limit_seconds": limit_seconds,
        "problems": problems, "timeline": timeline, "flags": flags,
        "threshold": settings.similarity_threshold,
        # issue 15: percentile within the assessment; anonymised review and the decision
        "percentile": analytics.percentile_rank(session, invitation),
        "masked": anonymity.masked(session, invitation),
        "anonymised": anonymity.is_anonymised(session, invitation.assessment_id),
        "decision": anonymity.latest(session, invitation.id),
    }


def assessment_flags(session: Session, assessment_id: str, threshold: float) -> dict[str, int]:
    """invitation id -> how many flagged pairs it is in, over the assessment's problems."""
    counts: dict[str, int] = {}
    for version in assessment_service.problem_versions(session, assessment_id):
        assert version.id is not None
        finals = similarity_flags.final_submissions(session, version.id)
        prints = {}
        for invitation_id, sub in finals.items():
            if sub.files:
                fp = similarity.cached_fingerprint(sub.language, sub.files,
                                                   similarity_flags.template_of(version, sub.language))
                if fp.comparable:
                    prints[invitation_id] = fp
        ids = sorted(prints)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                fa, fb = prints[a], prints[b]
                if fa.language != fb.language or not (fa.selected & fb.selected):
                    continue
                if similarity.compare(fa, fb).score >= threshold:
                    counts[a] = counts.get(a, 0) + 1
                    counts[b] = counts.get(b, 0) + 1
    return counts


SORTS = ("candidate", "state", "score", "started", "finished", "time", "created", "flags", "decision")
DECISION_FILTERS = ("advance", "hold", "reject", "none")  # "none": no decision yet


def index_page(session: Session, assessment: Assessment, settings: Settings, sort: str, order: str,
               state: str | None, decision: str | None = None) -> dict[str, Any]:
    rows, _ = invitation_service.list_for(session, assessment.id, 0, 100_000)
    flags = assessment_flags(session, assessment.id, settings.similarity_threshold)
    decided = anonymity.latest_of(session, [invitation.id for invitation in rows])  # the Decision column (#26.13)
    items = []
    for invitation in rows:
        current = invitation_service.state(invitation)
        if state and current != state:
            continue
        latest = decided.get(invitation.id)
        if decision and (latest.decision if latest else "none") != decision:
            continue
        points, max_points = invitation_service.score(session, invitation)
        end = invitation.finished_at or (invitation.deadline_at if current == "completed" else None)
        used = int((end - invitation.started_at).total_seconds()) if end and invitation.started_at else None
        erased = retention.erased_at(session, invitation.id) is not None
        items.append({
            "id": invitation.id, "candidate": candidate_label(session, invitation),
            "email": "" if erased or anonymity.masked(session, invitation) else invitation.candidate_email,
            "erased": erased, "state": current,
            "score": points, "max_score": max_points,
            "percent": round(100 * points / max_points) if max_points else 0,
            "started": invitation.started_at, "finished": end, "time": used, "created": invitation.created_at,
            "flags": flags.get(invitation.id, 0),
            "decision": latest.decision if latest else "",
            "decided_by": anonymity.decided_by(session, latest) if latest else "",
            "decided_at": latest.decided_at if latest else None,
        })
    far_past = datetime.min.replace(tzinfo=UTC)

    def key(item: dict[str, Any]) -> Any:
        value = item[sort]
        if sort == "candidate":
            return value.casefold()
        if sort in ("started", "finished", "created"):
            return value or far_past
        if sort == "time":
            return -1 if value is None else value
        return value

    items.sort(key=key, reverse=order == "desc")
    counts: dict[str, int] = {}
    decision_counts: dict[str, int] = {}
    for invitation in rows:
        current = invitation_service.state(invitation)
        counts[current] = counts.get(current, 0) + 1
        made = decided[invitation.id].decision if invitation.id in decided else "none"
        decision_counts[made] = decision_counts.get(made, 0) + 1
    return {"assessment": assessment, "items": items, "sort": sort, "order": order, "state": state,
            "decision": decision, "decision_counts": decision_counts,
            "counts": counts, "total": len(rows), "limit_seconds": assessment.duration_minutes * 60,
            "anonymised": anonymity.is_anonymised(session, assessment.id),
            "integrity_settings": integrity_policy.of(session, assessment.id)}
