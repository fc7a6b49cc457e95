"""Inviting many candidates at once from a CSV file (name, email, external id).

The file is read whole before anything is stored: a file with any bad row is refused with every problem
listed (line, column, reason), so a half-imported list never happens. Rows for an e-mail address that
already has an open invitation (invited or started) to the same assessment are skipped and reported,
so uploading the same file twice invites nobody twice."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from api.errors import Unprocessable
from api.models import Invitation
from api.schemas import CandidateIn, InvitationCreate
from api.security import SecretBox
from api.services import invitations as invitation_service

MAX_ROWS = 1000
MAX_BYTES = 1 << 20
HEADER_ALIASES = {
    "name": "name", "full name": "name", "candidate": "name", "candidate name": "name",
    "email": "email", "e-mail": "email", "email address": "email", "mail": "email",
    "external id": "external_id", "external_id": "external_id", "externalid": "external_id", "id": "external_id",
    "ats id": "external_id", "reference": "external_id",
}


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    email: str
    external_id: str | None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel writes either
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unprocessable("the CSV file is not text (UTF-8 or Windows-1252 expected)")


def parse(data: bytes) -> list[Row]:
    """The rows of a CSV with a header line naming the columns name, email and (optionally) external id."""
    text = _decode(data)
    if not text.strip():
        raise Unprocessable("the CSV file is empty; expected a header line: name,email,external_id")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().lower() for h in next(reader)]
    columns = {HEADER_ALIASES[h]: i for i, h in enumerate(header) if h in HEADER_ALIASES}
    missing = [c for c in ("name", "email") if c not in columns]
    if missing:
        raise Unprocessable(f"line 1: the header must name the columns name and email (and optionally "
                            f"external_id); missing: {', '.join(missing)}; found: {', '.join(header) or 'nothing'}",
                            errors=[{"field": "file", "message": f"line 1: missing column {c}"} for c in missing])
    rows: list[Row] = []
    errors: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue

        def cell(column: str, record: list[str] = record) -> str:
            index = columns.get(column)
            return record[index].strip() if index is not None and index < len(record) else ""

        name, email, external = cell("name"), cell("email"), cell("external_id")
        try:
            candidate = CandidateIn(name=name, email=email)
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else "row"
                errors.append({"field": f"line {line}, {field}", "message": error["msg"]})
            continue
        if len(external) > 200:
            errors.append({"field": f"line {line}, external_id", "message": "longer than 200 characters"})
            continue
        address = str(candidate.email).lower()
        if address in seen:
            errors.append({"field": f"line {line}, email", "message": f"{email} is also on line {seen[address]}"})
            continue
        seen[address] = line
        rows.append(Row(line, candidate.name, str(candidate.email), external or None))
    if len(rows) + len(errors) > MAX_ROWS:
        raise Unprocessable(f"at most {MAX_ROWS} candidates per file; split the file")
    if errors:
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise Unprocessable(f"the CSV file has {len(errors)} problem(s), nothing was imported: {summary}{more}",
                            errors=errors)
    if not rows:
        raise Unprocessable("the CSV file has a header but no candidates")
    return rows


def open_invitations(session: Session, assessment_id: str, email: str | None = None) -> dict[str, str]:
    """E-mail address (lower case) -> the id of its invited or started invitation to the assessment (the
    oldest, if there are several); with ``email``, only that address."""
    query = select(Invitation).where(col(Invitation.assessment_id) == assessment_id,
                                     col(Invitation.revoked_at).is_(None), col(Invitation.finished_at).is_(None))
    if email is not None:
        query = query.where(func.lower(col(Invitation.candidate_email)) == email.strip().lower())
    rows = session.exec(query.order_by(col(Invitation.created_at).desc())).all()
    return {i.candidate_email.lower(): i.id for i in rows if invitation_service.state(i) in ("invited", "started")}


def invite_rows(session: Session, assessment_id: str, rows: list[Row], expires_at: datetime | None,
                key_id: int | None, *, box: SecretBox | None, default_days: int
                ) -> tuple[list[tuple[Invitation, str]], list[dict[str, object]]]:
    """Invite each row (in the caller's transaction). Returns (invitation, token) pairs and the skipped rows."""
    already = open_invitations(session, assessment_id)
    created: list[tuple[Invitation, str]] = []
    skipped: list[dict[str, object]] = []
    for row in rows:
        if row.email.lower() in already:
            skipped.append({"line": row.line, "email": row.email, "reason": "already has an open invitation",
                            "invitation_id": already[row.email.lower()]})
            continue
        body = InvitationCreate(assessment_id=assessment_id, candidate=CandidateIn(name=row.name, email=row.email),
                                expires_at=expires_at, external_id=row.external_id)
        created.append(invitation_service.create(session, body, key_id, box=box, default_days=default_days))
    return created, skipped
