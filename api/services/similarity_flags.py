"""Similarity flags of a candidate: their final submission of each problem compared with every other
candidate's of the same problem version and language (api.similarity does the comparing; this module
reads the submissions and starter code from the database)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from api.models import Invitation, ProblemVersion, Submission, SubmissionStatus
from api.services import assessments as assessment_service
from api.services import problems as problem_service
from api.similarity import Comparison, Fingerprint, cached_fingerprint, compare, line_of, own_runs


@dataclass
class Flag:
    problem: str
    problem_version_id: int
    language: str
    submission_id: str
    other_invitation_id: str
    other_submission_id: str
    comparison: Comparison
    mine: Fingerprint
    theirs: Fingerprint

    def as_dict(self, mine_files: Mapping[str, str], their_files: Mapping[str, str]) -> dict[str, Any]:
        regions = []
        for region in self.comparison.regions:
            a_runs = own_runs(self.mine, region.a_start, region.a_end)
            b_runs = own_runs(self.theirs, region.b_start, region.b_end)
            if not a_runs or not b_runs:  # starter code only
                continue
            a = self.mine.tokens[a_runs[0][0]], self.mine.tokens[a_runs[-1][1] - 1]
            b = self.theirs.tokens[b_runs[0][0]], self.theirs.tokens[b_runs[-1][1] - 1]
            regions.append({
                "file": a[0].file, "lines": [line_of(mine_files.get(a[0].file, ""), a[0].start),
                                             line_of(mine_files.get(a[1].file, ""), a[1].start)],
                "other_file": b[0].file, "other_lines": [line_of(their_files.get(b[0].file, ""), b[0].start),
                                                         line_of(their_files.get(b[1].file, ""), b[1].start)],
                "tokens": sum(e - s for s, e in a_runs),
            })
        return {"problem": self.problem, "language": self.language, "submission_id": self.submission_id,
                "other_invitation_id": self.other_invitation_id, "other_submission_id": self.other_submission_id,
                "score": self.comparison.score, "coverage": self.comparison.coverage_a,
                "other_coverage": self.comparison.coverage_b, "regions": regions}


def final_submissions(session: Session, problem_version_id: int) -> dict[str, Any]:
    """invitation id -> its final submission for this problem version: the best graded one (earliest
    among equals, as the score counts it), else the last one."""
    rows = session.exec(select(Submission).where(col(Submission.problem_version_id) == problem_version_id,
                                                 col(Submission.kind) == "submission")
                        .order_by(col(Submission.created_at))).all()
    by_invitation: dict[str, list[Any]] = {}
    for row in rows:
        by_invitation.setdefault(row.invitation_id, []).append(row)
    final: dict[str, Any] = {}
    for invitation_id, mine in by_invitation.items():
        graded = [s for s in mine if s.status == SubmissionStatus.GRADED and s.points is not None]
        best = max(graded, key=lambda s: (s.points or 0.0, -s.created_at.timestamp()), default=None)
        final[invitation_id] = best or mine[-1]
    return final


def template_of(version: Any, language: str) -> dict[str, str]:
    package = problem_service.package_of(version)
    files = package.templates.get(language, {})
    return {name: data.decode("utf-8", "replace") for name, data in files.items()}


def flags(session: Session, invitation_id: str, threshold: float) -> list[Flag]:
    """Every pair (this invitation's final submission, another invitation's final submission) for
    the same problem version and language whose score reaches ``threshold``, highest first."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        return []
    found: list[Flag] = []
    for version in assessment_service.problem_versions(session, invitation.assessment_id):
        assert version.id is not None
        finals = final_submissions(session, version.id)
        mine = finals.pop(invitation_id, None)
        if mine is None or not mine.files:
            continue
        templates: dict[str, dict[str, str]] = {}

        def starter(language: str, v: ProblemVersion = version,
                    known: dict[str, dict[str, str]] = templates) -> dict[str, str]:
            if language not in known:
                known[language] = template_of(v, language)
            return known[language]

        my_fp = cached_fingerprint(mine.language, mine.files, starter(mine.language))
        if not my_fp.comparable:
            continue
        for other_invitation, other in finals.items():
            if other.language != mine.language or not other.files:
                continue
            their_fp = cached_fingerprint(other.language, other.files, starter(other.language))
            if not their_fp.comparable or not (my_fp.selected & their_fp.selected):
                continue
            comparison = compare(my_fp, their_fp)
            if comparison.score >= threshold:
                found.append(Flag(version.slug, version.id, mine.language, mine.id, other_invitation, other.id,
                                  comparison, my_fp, their_fp))
    found.sort(key=lambda f: -f.comparison.score)
    return found


def similarity_flags(session: Session, invitation_id: str, threshold: float) -> list[dict[str, Any]]:
    """JSON-ready similarity flags of an invitation (for the ``invitation.completed`` webhook payload
    and the JSON report): problem, language, both submission ids, the other invitation's id, score,
    both coverages and the matching regions as file and line ranges. No names, emails or code."""
    out = []
    for flag in flags(session, invitation_id, threshold):
        mine = session.get(Submission, flag.submission_id)
        theirs = session.get(Submission, flag.other_submission_id)
        out.append(flag.as_dict(mine.files if mine else {}, theirs.files if theirs else {}))
    return out
