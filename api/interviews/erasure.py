"""Retention's eraser for interviews: when a candidate's data is erased, what was typed in their interviews
goes with their code. The interview rows stay (their time, length, language and interviewers are the team's
record that an interview took place) but lose the pad's text, its history of changes, the interviewers'
private notes, and the candidate's link stops working."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col, select

from api.interviews.models import Interview, PadUpdate
from api.models import utcnow


def erase_candidate(session: Session, invitation_id: str) -> None:
    interviews = session.exec(select(Interview).where(col(Interview.invitation_id) == invitation_id)).all()
    for interview in interviews:
        session.execute(delete(PadUpdate).where(col(PadUpdate.interview_id) == interview.id))
        interview.document = ""
        interview.start_document = None
        interview.notes = ""
        interview.token_hash = f"erased:{interview.id}"  # no token hashes to this: the link is dead
        interview.updated_at = utcnow()
        session.add(interview)
