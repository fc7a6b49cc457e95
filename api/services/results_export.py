"""An assessment's results as a table, for a spreadsheet (CSV, XLSX): one row per candidate with their
status, score, points per problem, time used, the latest decision and who made it, and the link to their
report in the console. What a reviewer may not see stays out: in an anonymised assessment a candidate
without a decision is "Candidate #N" with no e-mail or ATS id; an erased candidate is "Deleted candidate".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from api.analytics_models import InvitationDecision
from api.models import ApiKey, Assessment, Invitation
from api.people.models import User
from api.services import anonymity, progress, retention
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service

Cell = str | float | int | None
STATUS_WORDS = {"invited": "not started", "started": "in progress", "completed": "finished",
                "expired": "expired (never finished)", "revoked": "revoked"}


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Cell]]


def _decided_by(session: Session, row: InvitationDecision) -> str:
    if row.by_user_id is not None:
        user = session.get(User, row.by_user_id)
        if user is not None:
            return user.display
    if row.by_key_id is not None:
        key = session.get(ApiKey, row.by_key_id)
        if key is not None:
            return f"API key {key.name or key.prefix}"
    return ""


def _identity(session: Session, invitation: Invitation) -> tuple[str, str, str]:
    """(name, e-mail, ATS id) as a reviewer may see them."""
    if retention.erased_at(session, invitation.id) is not None:
        return "Deleted candidate", "", ""
    if anonymity.masked(session, invitation):
        return anonymity.label(session, invitation), "", ""
    return invitation.candidate_name or "", invitation.candidate_email or "", invitation.external_id or ""


@dataclass(frozen=True)
class CandidateResult:
    invitation_id: str
    name: str  # as a reviewer may see it ("Candidate #N" while masked)
    email: str
    ats_id: str
    state: str
    started: bool
    points: float
    max_points: float
    problems: list[tuple[str, float, float]]  # (title, points, max points) per problem of the assessment
    minutes_used: float | None
    decision: str
    decided_by: str
    decided_at: datetime | None

    @property
    def status(self) -> str:
        return STATUS_WORDS.get(self.state, self.state)

    @property
    def percent(self) -> float | None:
        return round(100 * self.points / self.max_points, 1) if self.started and self.max_points else None


def candidates(session: Session, assessment: Assessment, only: set[str] | None = None) -> list[CandidateResult]:
    """Each candidate of ``assessment`` (only those of ``only`` when given), in invitation order."""
    rows, _ = invitation_service.list_for(session, assessment.id, 0, 100_000)
    found = []
    for invitation in rows:
        if only is not None and invitation.id not in only:
            continue
        state = progress.state(invitation)
        points, max_points = progress.score(session, invitation)
        end = invitation.finished_at or (invitation.deadline_at if state == "completed" else None)
        used = round((end - invitation.started_at).total_seconds() / 60, 1) if end and invitation.started_at else None
        decision = anonymity.latest(session, invitation.id)
        name, email, ats_id = _identity(session, invitation)
        found.append(CandidateResult(
            invitation_id=invitation.id, name=name, email=email, ats_id=ats_id, state=state,
            started=state != "invited" and invitation.started_at is not None, points=points, max_points=max_points,
            problems=[(p.title, p.points, p.max_points) for p in progress.problem_scores(session, invitation)],
            minutes_used=used, decision=decision.decision if decision else "",
            decided_by=_decided_by(session, decision) if decision else "",
            decided_at=decision.decided_at if decision else None))
    return found


def results(session: Session, assessment: Assessment, public_url: str) -> Table:
    """The spreadsheet: a header and one row per candidate (no score for one who has not started)."""
    found = candidates(session, assessment)
    # one column per slot (each candidate's problems come one per slot); a pool's column names its problems
    titles = [slot[0].title if len(slot) == 1 else f"slot {number} (pool: {' / '.join(v.title for v in slot)})"
              for number, slot in enumerate(assessment_service.slots(session, assessment.id), 1)]
    body: list[list[Cell]] = []
    for c in found:
        body.append([
            c.name, c.email, c.ats_id, c.status,
            round(c.points, 2) if c.started else None, round(c.max_points, 2), c.percent,
            *[round(points, 2) if c.started else None for _, points, _ in c.problems],
            c.minutes_used, c.decision, c.decided_by,
            c.decided_at.strftime("%Y-%m-%d %H:%M UTC") if c.decided_at else "",
            f"{public_url}/ui/invitations/{c.invitation_id}",
        ])
    header = ["Candidate", "E-mail", "ATS id", "Status", "Score", "Max score", "Percent",
              *[f"Points: {title}" for title in titles], "Time used (min)", "Decision", "Decided by",
              "Decided at", "Report"]
    return Table(header, body)


def _safe(value: Cell) -> Cell:
    """A text that a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(["" if cell is None else _safe(cell) for cell in row])
    return buffer.getvalue()


def to_xlsx(table: Table, title: str) -> bytes:
    # imported here, not with the module: openpyxl (with numpy) is ~0.3 s of every process's start-up,
    # and only this export needs it
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = (title[:31] or "Results").translate({ord(c): " " for c in "[]:*?/\\"})
    sheet.append(table.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_safe(cell) for cell in row])
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
