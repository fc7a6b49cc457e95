"""The pad's session as the integrity player plays it (web/src/player.js, the same scrubber, speeds,
runs on the timeline and diff between two moments): the pad's stored updates, in order, with their
times, become the player's events (``o`` the starting text at 0, then ``c`` one ChangeSet per accepted
update, at its milliseconds since a second before the first edit), and the pad's runs (those of the
invitation while the link was open) become its marks.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from markupsafe import Markup
from sqlmodel import Session, col, select

from api.interviews import service
from api.interviews.models import Interview, PadUpdate
from api.models import Submission

SLUG = "pad"  # the player's element: id="player-pad"
LEAD = timedelta(seconds=1)


def _ms(later: Any, earlier: Any) -> int:
    return max(0, int((service.aware(later) - service.aware(earlier)).total_seconds() * 1000))


def recording(session: Session, interview: Interview) -> dict[str, Any]:
    """One "problem" of the player's data: the pad's session."""
    rows = session.exec(select(PadUpdate).where(col(PadUpdate.interview_id) == interview.id)
                        .order_by(col(PadUpdate.version))).all()
    # the session starts a moment before its first edit (the starting text shows there), else at the start
    origin = service.aware(rows[0].created_at) - LEAD if rows else service.aware(interview.starts_at)
    language = interview.language
    events: list[dict[str, Any]] = []
    if interview.start_document is not None:
        events.append({"t": 0, "k": "o", "l": language, "d": interview.start_document})
        events.extend({"t": _ms(r.created_at, origin), "k": "c", "l": language, "c": r.changes} for r in rows)
    end = events[-1]["t"] if events else 0
    if interview.start_document is None:  # scheduled before the starting text was kept: the final code only
        end = _ms(rows[-1].created_at, origin) if rows else 0
        events.append({"t": end, "k": "s", "l": language, "d": interview.document})
    runs = session.exec(select(Submission).where(
        col(Submission.invitation_id) == interview.invitation_id, col(Submission.kind) == "run",
        col(Submission.created_at) >= service.opens_at(interview),
        col(Submission.created_at) <= service.closes_at(interview)).order_by(col(Submission.created_at))).all()
    marks = [{"t": _ms(run.created_at, origin), "kind": "run", "verdict": run.verdict} for run in runs]
    end = max([end] + [m["t"] for m in marks])
    return {"slug": SLUG, "title": "the pad", "marks": marks, "end": end, "capped": False, "events": events}


def player_json(session: Session, interview: Interview) -> Markup:
    """The player's data as the text of its <script type="application/json"> (the console allows no fetch)."""
    text = json.dumps({"problems": [recording(session, interview)]}, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))
