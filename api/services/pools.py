"""Question pools: which problem of each pooled slot a candidate gets.

A slot of an assessment is one problem or a pool of 2-10 (api.services.assessments). When an invitation
is made, ``draw`` stores one problem per pooled slot (InvitationDraw): among the pool's problems drawn
fewest times so far in the assessment, one at random, so the pool's problems spread evenly over the
candidates and each is compared on a similar number of them. The draw is stored rather than derived, so
it stays the same for the candidate whatever happens to the pool later. An invitation without a stored
draw (none is expected) gets a derived one: the SHA-256 of its id and the slot picks the problem, the same
on every call.

Scoring: a candidate's maximum is the sum of their own problems' max points; pools with unequal points
are not scaled (the percentage of the maximum compares candidates; analytics compare a pool's problems
by mean score %).
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter

from sqlmodel import Session, col, func, select

from api.models import Invitation, InvitationDraw, ProblemVersion
from api.services import assessments as assessment_service

_RANDOM = random.SystemRandom()


def _counts(session: Session, assessment_id: str, slot: int) -> Counter[int]:
    rows = session.exec(
        select(InvitationDraw.problem_version_id, func.count())
        .join(Invitation, col(Invitation.id) == InvitationDraw.invitation_id)
        .where(col(Invitation.assessment_id) == assessment_id, col(InvitationDraw.slot) == slot)
        .group_by(col(InvitationDraw.problem_version_id))).all()
    return Counter({version_id: int(count) for version_id, count in rows})


def draw(session: Session, invitation: Invitation) -> None:
    """Store the invitation's problem for every pooled slot of its assessment (once: a stored draw stays)."""
    for slot, alternatives in enumerate(assessment_service.slots(session, invitation.assessment_id)):
        if len(alternatives) < 2 or session.get(InvitationDraw, (invitation.id, slot)) is not None:
            continue
        counts = _counts(session, invitation.assessment_id, slot)
        fewest = min(counts[v.id or 0] for v in alternatives)
        chosen = _RANDOM.choice([v for v in alternatives if counts[v.id or 0] == fewest])
        assert chosen.id is not None
        session.add(InvitationDraw(invitation_id=invitation.id, slot=slot, problem_version_id=chosen.id))
    session.flush()


def _derived(invitation_id: str, slot: int, size: int) -> int:
    digest = hashlib.sha256(f"{invitation_id}:{slot}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % size


def drawn_slots(session: Session, invitation: Invitation) -> list[tuple[ProblemVersion, list[ProblemVersion]]]:
    """Per slot, in order: the invitation's problem and the slot's pool (empty for a single problem)."""
    stored = {row.slot: row.problem_version_id for row in session.exec(
        select(InvitationDraw).where(col(InvitationDraw.invitation_id) == invitation.id)).all()}
    result: list[tuple[ProblemVersion, list[ProblemVersion]]] = []
    for slot, alternatives in enumerate(assessment_service.slots(session, invitation.assessment_id)):
        if len(alternatives) == 1:
            result.append((alternatives[0], []))
            continue
        mine = [v for v in alternatives if v.id == stored.get(slot)]
        chosen = mine[0] if mine else alternatives[_derived(invitation.id, slot, len(alternatives))]
        result.append((chosen, alternatives))
    return result


def drawn_versions(session: Session, invitation: Invitation) -> list[ProblemVersion]:
    """The invitation's own problems, one per slot: all a candidate sees or may work on."""
    return [version for version, _ in drawn_slots(session, invitation)]
