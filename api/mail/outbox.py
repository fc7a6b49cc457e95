"""The mail outbox: rows written in the caller's transaction (they commit, or roll back, with the
invitation change that caused them), sent later by the mail sender (api/mail/sender.py).

The hooks the invitation service calls: ``invitation_created``, ``invitation_resent``,
``invitation_closed``, ``invitation_extended``; ``enabled(session)`` says whether e-mail is configured
at all (``ASSAY_SMTP_HOST``) for the session's app; ``status_of`` is what the console shows. Nothing
here stores the candidate's token or link. Staff e-mails (``queue_staff``: api.people.mail) keep their
link encrypted with the app's secret box until the sender has sent it.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from api import engine_state
from api.mail import replies
from api.mail.models import CANDIDATE_KINDS, NOTICE_KINDS, STAFF_KINDS, Email
from api.models import Invitation, utcnow
from api.security import SecretBox
from api.services import progress
from api.wakeups import Wakeups

log = logging.getLogger("assay.mail")


class MailOutbox:
    """One app's mail outbox, built by ``create_app`` from its settings and bound to its engine:

    - ``enabled``: SMTP is configured (``ASSAY_SMTP_HOST``); off, nothing is queued and the console
      shows the link;
    - ``reminder_hours``: the reminder goes this long before the expiry (0: none);
    - ``domain``: the right-hand side of Message-IDs;
    - ``wakeups``: the mail senders of this app, woken after a transaction that queued mail commits;
    - ``box``: the app's secret box, which keeps staff e-mails' links encrypted until they are sent.
    """

    def __init__(self, *, enabled: bool = False, reminder_hours: float = 24.0, domain: str = "",
                 box: SecretBox | None = None) -> None:
        self.enabled = enabled
        self.box = box
        self.reminder_hours = reminder_hours
        self.domain = domain or "assay.invalid"
        self.wakeups = Wakeups("mail")


def of(bind: Session | Engine | Connection) -> MailOutbox:
    """The mail outbox of the app whose engine ``bind`` is on (e-mail off for an engine no app made)."""
    return engine_state.get(bind, "mail_outbox", MailOutbox)


def bind(engine: Engine, outbox: MailOutbox) -> None:
    engine_state.bind(engine, "mail_outbox", outbox)


def enabled(session: Session) -> bool:
    """True when SMTP is configured for the session's app (invitation e-mails are sent); False: the
    console shows the link."""
    return of(session).enabled


# ---------------------------------------------------------------------- the hooks


def _queue(session: Session, invitation: Invitation, kind: str, due: datetime) -> Email:
    now = utcnow()
    domain = of(session).domain
    row = Email(invitation_id=invitation.id, kind=kind, to_addr=invitation.candidate_email, status="pending",
                next_attempt_at=due, message_id=f"<{secrets.token_hex(16)}@{domain}>",
                created_at=now, updated_at=now)
    session.add(row)
    return row


def queue_staff(session: Session, *, kind: str, to_addr: str, link: str, details: dict[str, Any]) -> Email | None:
    """Queue a staff e-mail (``team_invite``, ``password_reset``): ``link`` is kept encrypted, ``details``
    are the facts its templates state. None (nothing queued) when SMTP is not configured."""
    outbox = of(session)
    if not outbox.enabled:
        return None
    if kind not in STAFF_KINDS:
        raise ValueError(f"{kind!r} is not a staff e-mail; one of {', '.join(STAFF_KINDS)}")
    if outbox.box is None:
        raise RuntimeError("this mail outbox has no secret box to keep the link in")
    now = utcnow()
    row = Email(kind=kind, to_addr=to_addr, status="pending", next_attempt_at=now,
                message_id=f"<{secrets.token_hex(16)}@{outbox.domain}>", created_at=now, updated_at=now,
                link_enc=outbox.box.encrypt(link), details=details)
    session.add(row)
    session.flush()
    outbox.wakeups.after_commit(session)
    return row


def queue_interview(session: Session, *, invitation_id: str, to_addr: str, link: str,
                    details: dict[str, Any]) -> Email | None:
    """Queue a candidate's interview e-mail (api.interviews): ``link`` (the pad) kept encrypted, ``details``
    the facts it states and its calendar file carries. None (nothing queued) when SMTP is not configured."""
    outbox = of(session)
    if not outbox.enabled:
        return None
    if outbox.box is None:
        raise RuntimeError("this mail outbox has no secret box to keep the link in")
    now = utcnow()
    row = Email(invitation_id=invitation_id, kind="interview", to_addr=to_addr, status="pending",
                next_attempt_at=now, message_id=f"<{secrets.token_hex(16)}@{outbox.domain}>", created_at=now,
                updated_at=now, link_enc=outbox.box.encrypt(link), details=details)
    session.add(row)
    session.flush()
    outbox.wakeups.after_commit(session)
    return row


def queue_notice(session: Session, *, kind: str, to_addr: str, invitation_id: str,
                 details: dict[str, Any]) -> Email | None:
    """Queue a notice to a member of staff about reviewing (api.services.review_mail): ``details`` are
    the facts its templates state, ``details["path"]`` the console page it links to. None (nothing
    queued) when SMTP is not configured."""
    outbox = of(session)
    if not outbox.enabled:
        return None
    if kind not in NOTICE_KINDS:
        raise ValueError(f"{kind!r} is not a notice; one of {', '.join(NOTICE_KINDS)}")
    now = utcnow()
    row = Email(invitation_id=invitation_id, kind=kind, to_addr=to_addr, status="pending", next_attempt_at=now,
                message_id=f"<{secrets.token_hex(16)}@{outbox.domain}>", created_at=now, updated_at=now,
                details=details)
    session.add(row)
    session.flush()
    outbox.wakeups.after_commit(session)
    return row


def cancel_notices(session: Session, invitation_id: str, kind: str, to_addr: str, reason: str) -> None:
    """Cancel pending notices of ``kind`` about ``invitation_id`` to ``to_addr`` (a reminder whose review
    was submitted meanwhile)."""
    session.exec(update(Email).where(
        col(Email.invitation_id) == invitation_id, col(Email.kind) == kind, col(Email.to_addr) == to_addr,
        col(Email.status) == "pending").values(status="cancelled", last_error=reason, updated_at=utcnow()))


def reminder_due(expires_at: datetime, hours: float) -> datetime | None:
    """When the reminder of an invitation expiring at ``expires_at`` goes; None: no reminder (turned
    off, or that moment is already past)."""
    if hours <= 0:
        return None
    due = expires_at - timedelta(hours=hours)
    return due if due > utcnow() else None


def invitation_created(session: Session, invitation: Invitation) -> None:
    """Queue the invitation e-mail and its reminder (no-op when SMTP is not configured)."""
    outbox = of(session)
    if not outbox.enabled:
        return
    _queue(session, invitation, "invitation", utcnow())
    due = reminder_due(invitation.expires_at, outbox.reminder_hours)
    if due is not None:
        _queue(session, invitation, "reminder", due)
    session.flush()
    outbox.wakeups.after_commit(session)


def invitation_resent(session: Session, invitation: Invitation) -> None:
    """Queue the invitation e-mail again (no-op when SMTP is not configured)."""
    outbox = of(session)
    if not outbox.enabled:
        return
    _queue(session, invitation, "invitation", utcnow())
    session.flush()
    outbox.wakeups.after_commit(session)


def invitation_closed(session: Session, invitation: Invitation) -> None:
    """The invitation was revoked, started or finished: pending reminders are cancelled (and, when it
    was revoked, a pending invitation e-mail too: its link no longer works). Runs even with SMTP off,
    so rows queued while it was on do not linger."""
    kinds = ("reminder", "invitation") if invitation.revoked_at is not None else ("reminder",)
    reason = "the invitation was revoked" if invitation.revoked_at is not None else "the candidate started"
    if invitation.finished_at is not None:
        reason = "the candidate finished"
    session.exec(update(Email).where(
        col(Email.invitation_id) == invitation.id, col(Email.status) == "pending", col(Email.kind).in_(kinds))
        .values(status="cancelled", last_error=reason, updated_at=utcnow()))


def invitation_extended(session: Session, invitation: Invitation) -> None:
    """The expiry moved: a pending reminder moves with it; with none pending, one is queued for the
    new expiry (the candidate has not started yet). The sender also reschedules a reminder it finds
    due before its time, so a caller that forgets this loses only an earlier reminder."""
    outbox = of(session)
    if not outbox.enabled:
        return
    due = reminder_due(invitation.expires_at, outbox.reminder_hours)
    pending = col(Email.invitation_id) == invitation.id, col(Email.kind) == "reminder", col(Email.status) == "pending"
    now = utcnow()
    if due is None:
        session.exec(update(Email).where(*pending).values(
            status="cancelled", last_error="the new expiry leaves no time for a reminder", updated_at=now))
        return
    moved = session.exec(update(Email).where(*pending).values(next_attempt_at=due, updated_at=now))
    if not moved.rowcount and progress.state(invitation) == "invited":
        _queue(session, invitation, "reminder", due)
        session.flush()
        outbox.wakeups.after_commit(session)


def cancel_reason(state: str, kind: str) -> str | None:
    """Why an e-mail that is due is not sent to an invitation in ``state`` (None: send it)."""
    if kind == "reminder" and state != "invited":
        return f"not sent: the invitation is {state}"
    if kind == "invitation" and state not in ("invited", "started"):
        return f"not sent: the invitation is {state}"
    return None


# ---------------------------------------------------------------------- for the console and erasure


def status_of(session: Session, invitation_id: str) -> list[dict[str, Any]]:
    """The invitation's e-mails to the candidate, oldest first: kind, status, tries, last_error, sent_at,
    next_attempt_at (for the console's invitation page)."""
    rows = session.exec(select(Email).where(col(Email.invitation_id) == invitation_id,
                                            col(Email.kind).in_(CANDIDATE_KINDS))
                        .order_by(col(Email.created_at), col(Email.id))).all()
    return [{"kind": r.kind, "status": r.status, "tries": r.tries, "last_error": replies.strip_addresses(r.last_error),
             "sent_at": r.sent_at, "next_attempt_at": r.next_attempt_at if r.status == "pending" else None,
             "created_at": r.created_at} for r in rows]


def erase_candidate(session: Session, invitation_id: str) -> None:
    """Candidate-data deletion (one of the erasers create_app gives api.services.retention): the
    address goes, and so does anything still pending for it; notices to staff about the candidate lose
    their facts (the name is among them) and their address."""
    now = utcnow()
    session.exec(update(Email).where(col(Email.invitation_id) == invitation_id, col(Email.status) == "pending")
                 .values(status="cancelled", last_error="the candidate's data was erased", updated_at=now))
    session.exec(update(Email).where(col(Email.invitation_id) == invitation_id)
                 .values(to_addr="", details=None, updated_at=now))
