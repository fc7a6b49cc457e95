"""What the company's people wrote and decided about one candidate, for the right-of-access export
(``api.services.data_export``; GDPR Art. 15). Opinions about a person are that person's personal data
(CJEU C-434/16 Nowak: an examiner's comments on a candidate's script), so the export carries:

- the comments on the candidate's code (the file, the line, the text, when; resolved or not);
- every submitted version of every review: the scorecard's criteria with their scores (1-4), the
  recommendation and the note;
- every decision (advance, reject, hold) with its reason;
- the live interviews: when, the problem and language, the pad's final text and its change history,
  and the interviewers' notes.

The people who wrote them are named by number ("Staff member 1"), the same number for the same person
throughout one export: their names are their own personal data, and Art. 15(4) says
the copy must not adversely affect the rights of others. Review assignments (who was asked to review, by
when) are staff workflow that says nothing about the candidate, and are left out."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from api.analytics_models import InvitationDecision
from api.comments.models import CodeComment, CommentThread
from api.interviews.models import Interview, InterviewInterviewer, PadUpdate
from api.reviews import scorecards
from api.reviews.models import RECOMMENDATION_NAMES, Review


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class Authors:
    """Stable pseudonyms for the people (or API keys) in one export: "Staff member 1", "Staff member 2"...
    in the order they first appear, the same person the same number in every section."""

    def __init__(self) -> None:
        self._labels: dict[str, str] = {}

    def label(self, user_id: str | None, key_id: int | None = None) -> str:
        who = f"user:{user_id}" if user_id else f"key:{key_id}"
        if who not in self._labels:
            self._labels[who] = f"Staff member {len(self._labels) + 1}"
        return self._labels[who]


def comments(session: Session, invitation_id: str, authors: Authors) -> list[dict[str, Any]]:
    """The comment threads on the candidate's code (``submission``: the id of the run or submission in the
    export's list), oldest first."""
    threads = session.exec(select(CommentThread).where(col(CommentThread.invitation_id) == invitation_id)
                           .order_by(col(CommentThread.created_at))).all()
    out = []
    for thread in threads:
        rows = session.exec(select(CodeComment).where(col(CodeComment.thread_id) == thread.id)
                            .order_by(col(CodeComment.created_at))).all()
        out.append({
            "submission": thread.submission_id, "file": thread.path, "line": thread.line,
            "created_at": _iso(thread.created_at), "resolved_at": _iso(thread.resolved_at),
            "comments": [{"by": authors.label(row.author_user_id, row.author_key_id),
                          "text": row.body, "at": _iso(row.created_at)} for row in rows],
        })
    return out


def reviews(session: Session, invitation_id: str, assessment_id: str, authors: Authors) -> list[dict[str, Any]]:
    """Every submitted version of every review (an edit adds a version; the highest counts)."""
    names = {c.key: c.name for c in scorecards.get(session, assessment_id).criteria}
    rows = session.exec(select(Review).where(col(Review.invitation_id) == invitation_id)
                        .order_by(col(Review.submitted_at), col(Review.revision))).all()
    latest: dict[str, int] = {}
    for row in rows:
        latest[row.user_id] = max(latest.get(row.user_id, 0), row.revision)
    return [{
        "by": authors.label(row.user_id), "version": row.revision,
        "current": row.revision == latest[row.user_id], "submitted_at": _iso(row.submitted_at),
        "scores": [{"criterion": names.get(key, key), "score": score, "of": 4} for key, score in row.scores.items()],
        "recommendation": RECOMMENDATION_NAMES.get(row.recommendation, row.recommendation), "note": row.note,
    } for row in rows]


def decisions(session: Session, invitation_id: str, authors: Authors) -> list[dict[str, Any]]:
    """Every decision with its reason, oldest first (the latest counts)."""
    rows = session.exec(select(InvitationDecision).where(col(InvitationDecision.invitation_id) == invitation_id)
                        .order_by(col(InvitationDecision.decided_at), col(InvitationDecision.id))).all()
    return [{"decision": row.decision, "reason": row.note, "decided_at": _iso(row.decided_at),
             "by": authors.label(row.by_user_id, row.by_key_id)} for row in rows]


def interviews(session: Session, invitation_id: str, authors: Authors) -> list[dict[str, Any]]:
    """The live interviews: their times, what the pad started from, its final text and every change, and
    the interviewers' notes about the candidate."""
    rows = session.exec(select(Interview).where(col(Interview.invitation_id) == invitation_id)
                        .order_by(col(Interview.starts_at))).all()
    out = []
    for row in rows:
        interviewers = session.exec(select(InterviewInterviewer.user_id).where(
            col(InterviewInterviewer.interview_id) == row.id)).all()
        updates = session.exec(select(PadUpdate).where(col(PadUpdate.interview_id) == row.id)
                               .order_by(col(PadUpdate.version))).all()
        out.append({
            "starts_at": _iso(row.starts_at), "duration_minutes": row.duration_minutes,
            "problem": row.problem_slug, "language": row.language, "video_url": row.video_url,
            "interviewers": [authors.label(user_id) for user_id in interviewers],
            "pad": {"text": row.document, "version": row.version,
                    "changes": [{"version": u.version, "at": _iso(u.created_at), "changes": u.changes}
                                for u in updates]},
            "notes": row.notes,
        })
    return out
