"""Anonymised review: in an assessment created with ``anonymised``, reviewers see "Candidate #N" (N:
the order of invitation within the assessment) instead of the candidate's name, e-mail and ATS
reference, until a decision (advance, reject, hold) is recorded for that candidate. Recording the first
decision reveals the name and writes ``candidate.revealed`` to the audit log beside
``invitation.decided``.

Who keeps the names: the ATS role (it created the invitation with them, and Greenhouse's callbacks need
them), the invitation-creation response (whoever typed the name), the candidate's own pages and the
e-mails to the candidate. Reviewers and admins reading the reviewer pages and the reviewer JSON get
the masked view.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import select
from sqlmodel import Session, col

from api import audit
from api.analytics_models import DECISIONS, AssessmentReview, InvitationDecision
from api.errors import Unprocessable
from api.models import Invitation
from api.schemas import InvitationOut

_CACHE = "assay.anonymity"
UNMASKED_ROLES = ("ats",)


def _cache(session: Session) -> dict[Any, Any]:
    return session.info.setdefault(_CACHE, {})


def is_anonymised(session: Session, assessment_id: str) -> bool:
    cache = _cache(session)
    key = ("anonymised", assessment_id)
    if key not in cache:
        row = session.get(AssessmentReview, assessment_id)
        cache[key] = bool(row and row.anonymised)
    return bool(cache[key])


def set_anonymised(session: Session, assessment_id: str, anonymised: bool) -> None:
    row = session.get(AssessmentReview, assessment_id) or AssessmentReview(assessment_id=assessment_id)
    row.anonymised = anonymised
    session.add(row)
    _cache(session).pop(("anonymised", assessment_id), None)


def numbers(session: Session, assessment_id: str) -> dict[str, int]:
    """invitation id -> its number in the assessment (1 = invited first); stable as invitations are added."""
    cache = _cache(session)
    key = ("numbers", assessment_id)
    if key not in cache:
        ids = session.execute(select(col(Invitation.id)).where(col(Invitation.assessment_id) == assessment_id)
                              .order_by(col(Invitation.created_at), col(Invitation.id))).scalars().all()
        cache[key] = {invitation_id: index + 1 for index, invitation_id in enumerate(ids)}
    return dict(cache[key])


def _decided(session: Session, assessment_id: str) -> set[str]:
    cache = _cache(session)
    key = ("decided", assessment_id)
    if key not in cache:
        cache[key] = set(session.execute(
            select(col(InvitationDecision.invitation_id))
            .join(Invitation, col(Invitation.id) == InvitationDecision.invitation_id)
            .where(col(Invitation.assessment_id) == assessment_id)).scalars().all())
    return set(cache[key])


def masked(session: Session, invitation: Invitation) -> bool:
    """True while reviewers may not see this candidate's name."""
    return is_anonymised(session, invitation.assessment_id) and invitation.id not in _decided(
        session, invitation.assessment_id)


def label(session: Session, invitation: Invitation) -> str:
    return f"Candidate #{numbers(session, invitation.assessment_id).get(invitation.id, 0)}"


def mask_out(session: Session, role: str | None, data: InvitationOut) -> InvitationOut:
    """An invitation as ``invitation_service.out`` gives it, masked for ``role`` when needed."""
    if role in UNMASKED_ROLES:
        return data
    invitation = session.get(Invitation, data.id)
    if invitation is None or not masked(session, invitation):
        return data
    return data.model_copy(update={"candidate": {"name": label(session, invitation), "email": ""},
                                   "external_id": None})


def latest(session: Session, invitation_id: str) -> InvitationDecision | None:
    return session.execute(select(InvitationDecision).where(col(InvitationDecision.invitation_id) == invitation_id)
                           .order_by(col(InvitationDecision.decided_at).desc(), col(InvitationDecision.id).desc())
                           .limit(1)).scalar_one_or_none()


def decide(session: Session, staff: Any, invitation: Invitation, decision: str, note: str = "",
           request: Request | None = None, via: str = "api") -> InvitationDecision:
    """Record a decision (audited); the first one in an anonymised assessment reveals the name (audited)."""
    if decision not in DECISIONS:
        raise Unprocessable(f"decision must be one of: {', '.join(DECISIONS)}",
                            errors=[{"field": "decision", "message": "unknown decision"}])
    if len(note) > 2000:
        raise Unprocessable("the note is longer than 2000 characters",
                            errors=[{"field": "note", "message": "too long"}])
    reveals = masked(session, invitation)
    row = InvitationDecision(invitation_id=invitation.id, decision=decision, note=note.strip(),
                             by_key_id=getattr(staff, "key_id", None))
    session.add(row)
    session.flush()
    audit.record(session, staff, "invitation.decided", "invitation", invitation.id, request=request,
                 decision=decision, via=via)
    if reveals:
        audit.record(session, staff, "candidate.revealed", "invitation", invitation.id, request=request,
                     reason="decision", decision=decision,
                     candidate_number=numbers(session, invitation.assessment_id).get(invitation.id))
    _cache(session).pop(("decided", invitation.assessment_id), None)
    return row


def decision_out(row: InvitationDecision | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"decision": row.decision, "note": row.note, "decided_at": row.decided_at, "by_key_id": row.by_key_id}
