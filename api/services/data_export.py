"""The right-of-access export: everything Assay keeps about one candidate, as one JSON document (from the
console and ``GET /v1/invitations/{id}/personal-data``; audited as ``candidate_data.exported``).

It holds the invitation (name, e-mail, ATS reference, times, consent, accommodation), every run and
submission with its code, input and results as the candidate's own view shows them (hidden tests:
verdict, time and memory), the autosaved drafts, and the integrity evidence: the assessment's settings,
the AI tools the candidate declared, the facts shown on the reports, and the whole recording; and what the
company's people wrote and decided about the candidate (comments on the code, reviews with their scores,
decisions with their reasons, live interviews with their notes: ``api.services.staff_opinions``, which
says what is in and why). After an erasure it says so and holds what is left (no code, no name)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlmodel import Session, col, select

from api import audit
from api.integrity import recording, signals
from api.models import Assessment, Draft, Invitation, Submission, utcnow
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import reports, retention, staff_opinions

FORMAT = "assay.candidate-data/1"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export(session: Session, invitation: Invitation) -> dict[str, Any]:
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    versions = {v.id: v.slug for v in assessment_service.problem_versions(session, assessment.id)}
    submissions = session.exec(select(Submission).where(col(Submission.invitation_id) == invitation.id)
                               .order_by(col(Submission.created_at))).all()
    drafts = session.exec(select(Draft).where(col(Draft.invitation_id) == invitation.id)
                          .order_by(col(Draft.updated_at))).all()
    integrity = signals.view(session, invitation)
    authors = staff_opinions.Authors()
    return {
        "format": FORMAT,
        "exported_at": _iso(utcnow()),
        "erased_at": _iso(retention.erased_at(session, invitation.id)),
        "invitation": {
            "id": invitation.id, "candidate_name": invitation.candidate_name,
            "candidate_email": invitation.candidate_email, "external_id": invitation.external_id,
            "assessment": {"id": assessment.id, "title": assessment.title},
            "state": invitation_service.state(invitation), "created_at": _iso(invitation.created_at),
            "expires_at": _iso(invitation.expires_at), "consented_at": _iso(invitation.consented_at),
            "started_at": _iso(invitation.started_at), "deadline_at": _iso(invitation.deadline_at),
            "finished_at": _iso(invitation.finished_at), "revoked_at": _iso(invitation.revoked_at),
            "time_multiplier": invitation.time_multiplier, "extra_minutes": invitation.extra_minutes,
        },
        "submissions": [{
            "id": row.id, "kind": row.kind, "problem": versions.get(row.problem_version_id),
            "language": row.language, "created_at": _iso(row.created_at), "files": row.files, "stdin": row.stdin,
            "result": reports.candidate_view(session, row).model_dump(mode="json"),
        } for row in submissions],
        "drafts": [{"problem": d.problem_slug, "language": d.language, "files": d.files,
                    "updated_at": _iso(d.updated_at)} for d in drafts],
        "integrity": {
            "signals": integrity.signals, "ai_assistance": integrity.ai_assistance,
            "ai_tools_declared": integrity.ai_tools,
            "facts": [{"text": f.text, "problem": f.slug, "at_ms": f.at_ms} for f in integrity.facts],
            "recording": recording.events_of(session, invitation.id),
        },
        "about_the_candidate": {  # what the company's people wrote and decided (authors by number only)
            "comments": staff_opinions.comments(session, invitation.id, authors),
            "reviews": staff_opinions.reviews(session, invitation.id, assessment.id, authors),
            "decisions": staff_opinions.decisions(session, invitation.id, authors),
            "interviews": staff_opinions.interviews(session, invitation.id, authors),
        },
    }


def export_audited(session: Session, staff: Any, invitation: Invitation, request: Request | None, via: str
                   ) -> dict[str, Any]:
    """The export, recorded in the audit log (who exported whose data, and how)."""
    data = export(session, invitation)
    audit.record(session, staff, "candidate_data.exported", "invitation", invitation.id, request=request, via=via)
    session.commit()
    return data
