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
from api.models import ApiKey, Invitation
from api.people.models import User
from api.reviews.text import normalise
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


MAX_REASON = 2000


def latest(session: Session, invitation_id: str) -> InvitationDecision | None:
    return session.execute(select(InvitationDecision).where(col(InvitationDecision.invitation_id) == invitation_id)
                           .order_by(col(InvitationDecision.decided_at).desc(), col(InvitationDecision.id).desc())
                           .limit(1)).scalar_one_or_none()


def history(session: Session, invitation_id: str) -> list[InvitationDecision]:
    """Every decision on the candidate, the latest first (a change never overwrites the one before)."""
    return list(session.execute(select(InvitationDecision).where(col(InvitationDecision.invitation_id) == invitation_id)
                                .order_by(col(InvitationDecision.decided_at).desc(),
                                          col(InvitationDecision.id).desc())).scalars().all())


def latest_of(session: Session, invitation_ids: list[str]) -> dict[str, InvitationDecision]:
    """invitation id -> its latest decision (those with one), in one query: the candidate list's column."""
    if not invitation_ids:
        return {}
    rows = session.execute(select(InvitationDecision).where(col(InvitationDecision.invitation_id).in_(invitation_ids))
                           .order_by(col(InvitationDecision.decided_at), col(InvitationDecision.id))).scalars().all()
    return {row.invitation_id: row for row in rows}


def check(decision: str, reason: str) -> list[dict[str, str]]:
    """What is wrong with a decision and its reason (field, message), in plain words; empty if nothing."""
    errors = []
    if decision not in DECISIONS:
        errors.append({"field": "decision", "message": "Pick advance, hold or reject."})
    reason = normalise(reason)
    if not reason:
        errors.append({"field": "reason", "message": "Say why: a reason is required for every decision."})
    elif len(reason) > MAX_REASON:
        errors.append({"field": "reason", "message": f"At most {MAX_REASON} characters; this one has {len(reason)}."})
    return errors


def decide(session: Session, staff: Any, invitation: Invitation, decision: str, reason: str = "",
           request: Request | None = None, via: str = "api") -> InvitationDecision:
    """Record a decision with its required reason (audited; kept beside the earlier ones); the first one in
    an anonymised assessment reveals the name (audited). ``api.services.decisions.record`` calls it and
    tells the outside (decision.recorded, the ATS)."""
    errors = check(decision, reason)
    if errors:
        raise Unprocessable("the decision was not recorded: " + " ".join(e["message"] for e in errors),
                            errors=errors)
    reveals = masked(session, invitation)
    row = InvitationDecision(invitation_id=invitation.id, decision=decision, note=normalise(reason),
                             by_key_id=getattr(staff, "key_id", None), by_user_id=getattr(staff, "user_id", None))
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


def decided_by(session: Session, row: InvitationDecision) -> str:
    """Who decided, by name: the person ("Jane Doe"), else the API key's label."""
    if row.by_user_id is not None:
        user = session.get(User, row.by_user_id)
        if user is not None:
            return user.name
    if row.by_key_id is not None:
        key = session.get(ApiKey, row.by_key_id)
        if key is not None:
            return f"API key {key.name}" if key.name else f"API key #{key.id}"
    return "unknown"


def decision_out(row: InvitationDecision | None, session: Session | None = None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"decision": row.decision, "reason": row.note, "note": row.note, "decided_at": row.decided_at,
            "by_key_id": row.by_key_id, "by_user_id": row.by_user_id,
            "by": decided_by(session, row) if session is not None else None}
