"""The candidate app's recording: append-only batches per invitation and problem, compressed, capped.

The app sends a batch with each autosave: ``{batch, sent_at, events}``, ``sent_at`` and each event's
``t`` in the browser's clock (milliseconds). The server puts every event on its own clock (the batch's
arrival minus how long before sending the event happened), as milliseconds since the invitation
started, so a wrong clock in the browser moves nothing.

Events (compact keys; ``l`` the language of the editor document):

- ``o`` the editor opened a document: ``d`` its text (the starter code, or the draft after a reload);
- ``c`` a change: ``c`` a CodeMirror ChangeSet as ``toJSON()`` gives it;
- ``s`` a coarse snapshot (past the cap): ``d`` the whole text;
- ``p`` a paste: ``n`` its length, ``o`` 1 when the text came from outside the workspace, and with full
  signals ``x`` the text (at most 20,000 characters);
- ``b`` / ``f`` the window lost / regained focus (``d``: milliseconds away);
- ``h`` / ``v`` the page was hidden / shown again (``d``: milliseconds hidden).

What is kept follows the assessment's setting (``api.integrity.policy``): nothing when signals are off
(the request is refused), no code (``o``, ``c``, ``s``, ``x``) under ``basic``. Nothing is recorded before
the candidate consented on the landing page. Past ``recording_cap_kib`` (compressed) per problem the
change sets are dropped and the app sends a snapshot at most once a minute instead; past twice the cap
only pastes and focus events are kept.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.errors import Conflict
from api.integrity import policy
from api.integrity.models import AiDeclaration, RecordingBatch
from api.models import Invitation, utcnow
from api.services import candidate as candidate_service
from api.services import invitations as invitation_service
from api.settings import Settings

CODE_KINDS = frozenset({"o", "c", "s"})
MAX_PASTE_TEXT = 20_000
MAX_LANGUAGE = 32


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _language(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) <= MAX_LANGUAGE else None


def _count(value: Any) -> int | None:
    return int(value) if _number(value) and value >= 0 else None


def _flag(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    return int(value) if _number(value) and value in (0, 1) else None


def _changes(value: Any) -> list[Any] | None:
    return value if isinstance(value, list) else None


def _paste(value: Any) -> str | None:
    return value[:MAX_PASTE_TEXT] if isinstance(value, str) else None


# Each kind's fields and what makes a value acceptable (a value that is not is dropped, so that what a
# report reads has the type it expects: a candidate's browser cannot break a reviewer's page).
FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "o": {"l": _language, "d": _text}, "c": {"l": _language, "c": _changes}, "s": {"l": _language, "d": _text},
    "p": {"l": _language, "n": _count, "o": _flag, "x": _paste},
    "b": {}, "f": {"d": _count}, "h": {}, "v": {"d": _count},
}
REQUIRED = {"o": "d", "c": "c", "s": "d"}  # without it the event says nothing


@dataclass
class Appended:
    stored: int  # events kept
    capped: bool  # past the cap: the app sends snapshots instead of change sets


def _clean(event: Any, offset: int, now_ms: int, signals: str, coarse: bool, over: bool) -> dict[str, Any] | None:
    """The event as kept, on the server's clock (not later than now), or None."""
    if not isinstance(event, dict) or event.get("k") not in FIELDS or not _number(event.get("t")):
        return None
    kind = event["k"]
    code = signals == "full" and not over  # may code be kept?
    if kind in CODE_KINDS and (not code or (coarse and kind == "c")):
        return None
    kept: dict[str, Any] = {"t": min(now_ms, max(0, int(event["t"]) + offset)), "k": kind}
    for key, accept in FIELDS[kind].items():
        if key in event and (key != "x" or code):
            value = accept(event[key])
            if value is not None:
                kept[key] = value
    if kind in REQUIRED and REQUIRED[kind] not in kept:
        return None
    return kept


def stored_bytes(session: Session, invitation_id: str, slug: str) -> int:
    total = session.exec(select(func.coalesce(func.sum(RecordingBatch.compressed_bytes), 0)).where(
        col(RecordingBatch.invitation_id) == invitation_id, col(RecordingBatch.problem_slug) == slug)).one()
    return int(total)


def append(session: Session, invitation: Invitation, slug: str, batch_id: str, sent_at: float,
           events: list[Any], settings: Settings) -> Appended:
    """Store one batch of events of one problem (in the caller's transaction); the same batch again is
    stored once."""
    assessment_policy = policy.of(session, invitation.assessment_id)
    if assessment_policy.signals == "off":
        raise Conflict("this assessment records no integrity signals")
    if invitation.consented_at is None:
        raise Conflict("nothing is recorded without the consent given on the landing page")
    if invitation_service.state(invitation) != "started":
        raise Conflict("the assessment is not in progress: nothing more is recorded")
    candidate_service.problem_version(session, invitation, slug)  # a problem of this assessment
    candidate_service.LIMITER.check("recordings", invitation.id, settings.drafts_per_minute)
    cap = settings.recording_cap_kib * 1024
    before = stored_bytes(session, invitation.id, slug)
    coarse, over = before >= cap, before >= 2 * cap
    started = invitation.started_at or utcnow()
    now_ms = int((utcnow() - started).total_seconds() * 1000)
    offset = now_ms - int(sent_at)
    cleaned = (_clean(event, offset, now_ms, assessment_policy.signals, coarse, over) for event in events)
    kept = [e for e in cleaned if e]
    if not kept:
        return Appended(stored=0, capped=coarse)
    data = zlib.compress(json.dumps(kept, separators=(",", ":")).encode(), 6)
    row = RecordingBatch(invitation_id=invitation.id, problem_slug=slug, batch_id=batch_id, events=len(kept),
                         compressed_bytes=len(data), coarse=coarse, data=data)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same batch, retried
        return Appended(stored=0, capped=coarse)
    return Appended(stored=len(kept), capped=before + len(data) >= cap)


def events_of(session: Session, invitation_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every recorded event of an invitation: problem slug -> events in time order."""
    rows = session.exec(select(RecordingBatch).where(col(RecordingBatch.invitation_id) == invitation_id)
                        .order_by(col(RecordingBatch.id))).all()
    by_problem: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_problem.setdefault(row.problem_slug, []).extend(json.loads(zlib.decompress(row.data)))
    for events in by_problem.values():
        events.sort(key=lambda e: e["t"])  # stable: the order of one batch is kept
    return by_problem


SIGNAL_MARKERS = tuple(f'"k":"{kind}"' for kind in FIELDS if kind not in CODE_KINDS)  # as json.dumps writes them


@dataclass
class Recorded:
    """One problem's recording as the reports need it: the batches' JSON as stored (for the player, never
    parsed here: a 90-minute session is a megabyte of change sets), and the few other events, parsed."""

    raw: list[str] = field(default_factory=list)  # each batch's JSON text (a list of events), in arrival order
    signals: list[dict[str, Any]] = field(default_factory=list)  # pastes, focus, visibility: in time order
    edits: int = 0  # change events


def recorded(session: Session, invitation_id: str) -> dict[str, Recorded]:
    """problem slug -> its recording. Only batches with a paste or focus event are parsed (a key inside a
    JSON string is escaped, so the marker is found only as a real key)."""
    rows = session.exec(select(RecordingBatch.problem_slug, RecordingBatch.data).where(
        col(RecordingBatch.invitation_id) == invitation_id).order_by(col(RecordingBatch.id))).all()
    by_problem: dict[str, Recorded] = {}
    for slug, data in rows:
        text = zlib.decompress(data).decode()
        problem = by_problem.setdefault(slug, Recorded())
        problem.raw.append(text)
        problem.edits += text.count('"k":"c"')
        if any(marker in text for marker in SIGNAL_MARKERS):
            problem.signals.extend(e for e in json.loads(text) if e["k"] not in CODE_KINDS)
    for problem in by_problem.values():
        problem.signals.sort(key=lambda e: e["t"])
    return by_problem


def last_change_sets(session: Session, invitation_id: str, slugs: set[str]) -> dict[str, datetime | None]:
    """For each of ``slugs``: when its last batch that could hold change sets (one stored before the cap)
    arrived; no change set of the problem is later than that."""
    rows = session.exec(select(RecordingBatch.problem_slug, func.max(RecordingBatch.received_at)).where(
        col(RecordingBatch.invitation_id) == invitation_id, col(RecordingBatch.problem_slug).in_(slugs),
        col(RecordingBatch.coarse).is_(False)).group_by(col(RecordingBatch.problem_slug))).all()
    found = dict(rows)
    return {slug: found.get(slug) for slug in slugs}


def capped_problems(session: Session, invitation_id: str) -> set[str]:
    rows = session.exec(select(RecordingBatch.problem_slug).where(
        col(RecordingBatch.invitation_id) == invitation_id, col(RecordingBatch.coarse))).all()
    return set(rows)


def declare_ai(session: Session, invitation: Invitation, tools: str | None) -> None:
    """The tools the candidate says they used, when the assessment allows AI assistance."""
    if tools is None or policy.of(session, invitation.assessment_id).ai_assistance != "allowed":
        return
    text = tools.replace("\r\n", "\n").strip()[:2000]
    row = session.get(AiDeclaration, invitation.id) or AiDeclaration(invitation_id=invitation.id, tools=text)
    row.tools = text
    row.declared_at = utcnow()
    session.add(row)


def declaration(session: Session, invitation_id: str) -> AiDeclaration | None:
    return session.get(AiDeclaration, invitation_id)


def erase_candidate(session: Session, invitation_id: str) -> None:
    """Retention's eraser: the recording and the AI declaration go with the code."""
    session.execute(delete(RecordingBatch).where(col(RecordingBatch.invitation_id) == invitation_id))
    session.execute(delete(AiDeclaration).where(col(AiDeclaration.invitation_id) == invitation_id))
