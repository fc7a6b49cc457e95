"""An assessment's integrity settings and what they mean in plain words.

- ``signals``: ``off`` records nothing beyond the code of runs, submissions and drafts (as always);
  ``basic`` also records pastes into the editor (their size, and whether the text came from the
  workspace or from elsewhere) and when the candidate left the workspace and came back; ``full`` also
  records every edit of the code with its time, for playback.
- ``ai_assistance``: ``not_allowed`` (the rules say so), or ``allowed`` (the candidate names the tools
  they used when they finish).
"""

from __future__ import annotations

from typing import Literal, cast

from sqlmodel import Session

from api.integrity.models import AssessmentIntegrity

Signals = Literal["off", "basic", "full"]
AiAssistance = Literal["not_allowed", "allowed"]
SIGNALS: tuple[str, ...] = ("off", "basic", "full")
AI_ASSISTANCE: tuple[str, ...] = ("not_allowed", "allowed")
SIGNAL_LABELS = {
    "off": "Off: the code of runs, submissions and drafts only",
    "basic": "Basic: also pastes and leaving the workspace",
    "full": "Full: also every edit, for playback",
}
AI_LABELS = {"not_allowed": "Not allowed", "allowed": "Allowed (the candidate declares the tools used)"}


def of(session: Session, assessment_id: str) -> AssessmentIntegrity:
    row = session.get(AssessmentIntegrity, assessment_id)
    return row if row is not None else AssessmentIntegrity(assessment_id=assessment_id)


def settings_of(session: Session, assessment_id: str) -> tuple[Signals, AiAssistance]:
    """(signals, ai_assistance) of an assessment, typed as the API shows them."""
    row = of(session, assessment_id)
    return cast(Signals, row.signals), cast(AiAssistance, row.ai_assistance)


def set_policy(session: Session, assessment_id: str, signals: str, ai_assistance: str) -> None:
    if signals not in SIGNALS or ai_assistance not in AI_ASSISTANCE:
        raise ValueError(f"unknown integrity setting {signals!r}/{ai_assistance!r}")
    if signals == "off" and ai_assistance == "not_allowed":
        return  # the default: no row
    row = session.get(AssessmentIntegrity, assessment_id) or AssessmentIntegrity(assessment_id=assessment_id)
    row.signals = signals
    row.ai_assistance = ai_assistance
    session.add(row)


def recorded(signals: str) -> list[str]:
    """What the candidate app records under ``signals``, beyond what every assessment records: the
    landing page lists exactly these lines under "What is recorded"."""
    lines = []
    if signals in ("basic", "full"):
        lines.append("When you paste into the editor: the time and the size of the pasted text, and whether it "
                     "came from this page (the problem statement, the samples, your own code) or from elsewhere.")
        lines.append("When you leave this page and come back (another window or tab, another program): the "
                     "times, and how long you were away.")
    if signals == "full":
        lines.append("Every edit of your code with its time (not the keys you press), so that the company can "
                     "replay how your code was written.")
    return lines


def ai_rule(ai_assistance: str) -> str:
    if ai_assistance == "allowed":
        return ("Help from other people is not allowed; AI assistants are. When you finish, you are asked which "
                "ones you used, and your answer is shown to the company with your results.")
    return "Help from other people or from AI assistants is not allowed."
