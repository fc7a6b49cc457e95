"""Candidate-data governance: erase a candidate's personal data and code, on request or by retention.

Erasing an invitation keeps what the hiring decision rests on and nothing that identifies the person:

- kept: the invitation's id, assessment, times and state; every submission's problem, language,
  status, verdict, points, per-test verdicts, times, memory and fractions, group results;
- removed: the candidate's name and email, the ATS reference (``external_id``: it names the person in
  the ATS), every file of code, custom stdin, Idempotency-Keys, and from each stored result whatever
  echoes the candidate's code or output (compile messages, program output and error excerpts,
  grader messages, custom-run output);
- revoked: the read-only ``rpt_`` report link (api.services.report_links);
- recorded: a row in ``invitation_erasures`` (when, why, by which key) and an audit record.

Other modules that keep personal data of an invitation (the mail outbox, the ATS integrations) have
an eraser function; ``create_app`` and ``assay worker`` bind theirs to their engine (``bind_erasers``)
and each runs in the erasing transaction.

Retention (``ASSAY_RETENTION_DAYS`` > 0): invitations created more than that many days ago, and no
longer open (not ``invited`` nor ``started``), are erased by a periodic task in the API process and by
``assay privacy purge``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, MetaData, String, Table, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from api import audit, engine_state
from api.grade_record import StoredResult
from api.models import Draft, Invitation, InvitationErasure, Submission, utcnow
from api.schemas import ErasureOut
from api.services import invitations as invitation_service
from api.services import report_links

log = logging.getLogger("assay.retention")

ERASED_NAME = ""
ERASED_EMAIL = ""
# Parts of a stored result that may echo the candidate's code, output or personal data.
RESULT_KEYS_DROPPED = ("compile_message", "error", "run")
TEST_KEYS_DROPPED = ("candidate_message", "reviewer_message", "stdout_excerpt", "stderr_excerpt", "input",
                     "expected_output", "output")

OWN_TABLES = {"invitations", "submissions", "invitation_erasures", "audit_log"}
# A function (session, invitation_id) -> None that erases an invitation's personal data kept elsewhere.
Eraser = Callable[[Session, str], None]


def bind_erasers(engine: Engine, erasers: Sequence[Eraser]) -> None:
    """The erasers every erasure on ``engine`` runs (the composition root calls this once)."""
    engine_state.bind(engine, "erasers", tuple(erasers))


def erasers_of(session: Session) -> tuple[Eraser, ...]:
    return engine_state.get(session, "erasers", tuple)


def erased_at(session: Session, invitation_id: str) -> datetime | None:
    row = session.get(InvitationErasure, invitation_id)
    return row.erased_at if row else None


def _scrub_result(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if result is None:
        return None
    dropped: dict[str, Any] = {key: True for key in RESULT_KEYS_DROPPED}
    dropped["tests"] = {"__all__": {key: True for key in TEST_KEYS_DROPPED}}
    clean = StoredResult.read(result).model_dump(mode="json", exclude_unset=True, exclude=dropped)
    clean.setdefault("tests", [])
    return clean


def erase(session: Session, invitation: Invitation, reason: str, by_key_id: int | None = None) -> dict[str, int]:
    """Erase one invitation's personal data and code (in the caller's transaction). Idempotent."""
    _secure_delete(session)
    personal = [v for v in (invitation.candidate_name, invitation.candidate_email, invitation.external_id) if v]
    invitation.candidate_name = ERASED_NAME
    invitation.candidate_email = ERASED_EMAIL
    invitation.external_id = None
    session.add(invitation)
    submissions = session.exec(select(Submission).where(col(Submission.invitation_id) == invitation.id)).all()
    for submission in submissions:
        submission.files = {}
        submission.stdin = None
        submission.idempotency_key = None
        submission.result = _scrub_result(submission.result)
        session.add(submission)
    for draft in session.exec(select(Draft).where(col(Draft.invitation_id) == invitation.id)).all():
        session.delete(draft)  # autosaved code is code too
    report_links.revoke(session, invitation.id)  # the read-only report link stops working
    _scrub_linked_rows(session, invitation.id, personal)
    for eraser in erasers_of(session):
        eraser(session, invitation.id)
    if session.get(InvitationErasure, invitation.id) is None:
        session.add(InvitationErasure(invitation_id=invitation.id, reason=reason, by_key_id=by_key_id))
    session.flush()
    return {"submissions": len(submissions)}


def _scrub_linked_rows(session: Session, invitation_id: str, values: list[str]) -> None:
    """Other modules' tables with an ``invitation_id`` column (webhook events, ATS links...): remove
    the candidate's name, email and ATS reference wherever they appear in those rows' text and JSON
    columns (as text, and as escaped inside JSON text). What a module keeps that is not one of these
    values (a phone number, say) it erases itself with its eraser (``bind_erasers``)."""
    if not values:
        return
    forms = sorted({form for v in values for form in (v, json.dumps(v)[1:-1])}, key=len, reverse=True)

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            for form in forms:
                value = value.replace(form, "")
            return value
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            return {scrub(k): scrub(v) for k, v in value.items()}
        return value

    connection = session.connection()
    for table, keys, columns in _linked_tables(connection):
        for row in connection.execute(sa_select(*keys, *columns).where(table.c.invitation_id == invitation_id)):
            mapping = row._mapping
            changed = {c.name: scrub(mapping[c]) for c in columns if scrub(mapping[c]) != mapping[c]}
            if changed:
                connection.execute(table.update().where(*(k == mapping[k] for k in keys)).values(**changed))


LinkedTable = tuple[Table, list[Any], list[Any]]  # the table, its primary key, its text and JSON columns


def _linked_tables(connection: Connection) -> list[LinkedTable]:
    """The tables of other modules with an ``invitation_id`` column and text or JSON columns to scrub.
    Reflected once per engine and set of table names (the schema changes only by a migration, which runs
    before the app serves): reflecting every table at each erasure cost a retention purge of many
    candidates a full reflection each."""
    names = tuple(sorted(sa_inspect(connection).get_table_names()))
    cache: dict[tuple[str, ...], list[LinkedTable]] = engine_state.get(connection, "linked_tables", dict)
    if names not in cache:
        linked: list[LinkedTable] = []
        metadata = MetaData()
        for name in names:
            if name in OWN_TABLES:
                continue
            table = Table(name, metadata, autoload_with=connection)
            if "invitation_id" not in table.c:
                continue
            columns = [c for c in table.c if isinstance(c.type, String | JSON) and c.name != "invitation_id"]
            keys = list(table.primary_key.columns)
            if columns and keys:
                linked.append((table, keys, columns))
        cache[names] = linked
    return cache[names]


def _secure_delete(session: Session) -> None:
    """SQLite: overwrite freed and rewritten content with zeros, so erased text does not linger in
    free pages of the file (PostgreSQL: dead row versions go at the next VACUUM)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete=ON"))


def _checkpoint(engine: Engine) -> None:
    """SQLite in WAL mode: copy the WAL into the database and truncate it, so the erased versions of
    the pages are gone from the WAL file too."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def delete_candidate_data(session: Session, invitation_id: str, staff: Any, request: Any = None) -> ErasureOut:
    """The admin's deletion on request: erase, audit, commit."""
    invitation = invitation_service.get(session, invitation_id)
    counts = erase(session, invitation, "request", getattr(staff, "key_id", None))
    audit.record(session, staff, "candidate_data.deleted", "invitation", invitation.id, request=request,
                 submissions=counts["submissions"])
    session.commit()
    _checkpoint(session.get_bind().engine)
    erased = erased_at(session, invitation.id)
    assert erased is not None  # erase() recorded it
    return ErasureOut(invitation_id=invitation.id, erased_at=erased, submissions_scrubbed=counts["submissions"])


def due(session: Session, days: int, now: datetime | None = None) -> list[Invitation]:
    """Invitations past retention that are over and not erased yet."""
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    erased = select(InvitationErasure.invitation_id)
    rows = session.exec(select(Invitation).where(col(Invitation.created_at) < cutoff,
                                                 col(Invitation.id).not_in(erased))
                        .order_by(col(Invitation.created_at))).all()
    return [row for row in rows if invitation_service.state(row, now) not in ("invited", "started")]


def purge(engine: Engine, days: int, *, actor: str = "retention", dry_run: bool = False,
          now: datetime | None = None) -> list[str]:
    """Erase every invitation due; one audit record per run that erased something. Returns the ids."""
    if days <= 0:
        return []
    with Session(engine, expire_on_commit=False) as session:
        rows = due(session, days, now)
        ids = [row.id for row in rows]
        if dry_run or not ids:
            return ids
        for row in rows:
            erase(session, row, "retention")
        audit.record(session, actor, "retention.purged", "invitation", "", retention_days=days, count=len(ids),
                     invitation_ids=ids)
        session.commit()
    _checkpoint(engine)
    log.info("retention: erased the personal data of %d invitation(s) older than %d days", len(ids), days)
    return ids


@contextlib.asynccontextmanager
async def periodic_purge(engine: Engine, days: int, every_minutes: int) -> AsyncIterator[None]:
    """Run ``purge`` now and every ``every_minutes`` while the app lives (nothing when days is 0)."""
    if days <= 0:
        yield
        return

    async def loop() -> None:
        while True:
            try:
                await asyncio.to_thread(purge, engine, days)
            except Exception:  # a failed run is logged and retried at the next tick
                log.exception("retention purge failed")
            await asyncio.sleep(every_minutes * 60)

    task = asyncio.create_task(loop(), name="assay-retention")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
