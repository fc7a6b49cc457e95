"""The mail sender: a thread that claims due rows of ``emails`` with a lease (api.leased_outbox: a
conditional UPDATE, so any number of API processes can share one database and no row is sent by two of
them at once),
renders each message from its invitation (a staff e-mail: from the facts and the encrypted link kept on
its row), sends it over SMTP and records the attempt. A staff e-mail's link is blanked once it is sent,
failed for good or cancelled.

Retries after about 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h and 8 h (each +-15% jitter, times
``ASSAY_MAIL_RETRY_SCALE``): ten attempts over about a day, then the row is ``failed``. A permanent
refusal (5xx to the recipient or the message) fails it at once. Delivery is at-least-once: a process
that dies between the server's "250 OK" and recording it leaves a lease that expires, and the message
goes again under the same Message-ID.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api import metrics
from api.leased_outbox import RELEASED, LeasedRows, Poller, backoff
from api.mail import calendar, render, replies, smtp
from api.mail import outbox as mail_outbox
from api.mail.models import INTERVIEW_KINDS, NOTICE_KINDS, STAFF_KINDS, Email
from api.models import Invitation, utcnow
from api.people.models import OneTimeLink
from api.security import SecretBox, SecretUnreadable, hash_secret
from api.services import candidate_links, progress

log = logging.getLogger("assay.mail")
SCHEDULE_S = (30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800)
RESCHEDULE_SLACK = timedelta(seconds=60)  # a reminder due later than this (the expiry moved) waits


def retry_delay(tries: int, scale: float = 1.0) -> float | None:
    """Seconds until the next attempt after ``tries`` failed ones; None when the schedule is spent."""
    return backoff(SCHEDULE_S, tries, scale)


@dataclass
class Job:
    id: int
    claim: str
    invitation_id: str | None  # None: a staff e-mail
    kind: str
    to_addr: str
    tries: int
    message_id: str


@dataclass
class Outcome:
    action: str  # sent, error (temporary), failed (permanent), cancelled, rescheduled
    error: str | None = None
    subject: str | None = None
    due: datetime | None = None  # rescheduled: the new time


class MailSender:
    def __init__(self, engine: Engine, *, box: SecretBox, config: smtp.SmtpConfig | None, from_header: str,
                 public_url: str, retry_scale: float = 1.0, poll_s: float = 2.0, reminder_hours: float = 24.0,
                 name: str = "mail-sender", outbox: mail_outbox.MailOutbox | None = None) -> None:
        """``outbox``: the mail outbox whose commits wake this sender (default: the one bound to
        ``engine``)."""
        self.engine = engine
        self.box = box
        self._outbox = outbox
        self.config = config  # None: e-mail is off; start() does nothing
        self.from_header = from_header
        self.sender = render.sender_name(from_header)
        self.public_url = public_url.rstrip("/")
        self.retry_scale = retry_scale
        self.poll_s = poll_s
        self.reminder_hours = reminder_hours
        self.name = name
        timeout = config.timeout_s if config else 20.0
        self.lease = timedelta(seconds=max(120.0, 6 * timeout))  # one SMTP conversation, several timeouts
        self.rows = LeasedRows(Email, self.lease)
        self._poller: Poller | None = None
        self.sent = 0  # counters for tests and logs
        self.attempts = 0

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        if self.config is None or self._poller is not None:
            return
        self._poller = Poller(self.name, self._step, self.outbox.wakeups, self.poll_s)
        self._poller.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        if self._poller is not None:
            self._poller.stop(timeout_s)
            self._poller = None

    @property
    def outbox(self) -> mail_outbox.MailOutbox:
        if self._outbox is None:
            self._outbox = mail_outbox.of(self.engine)
        return self._outbox

    def wake(self) -> None:
        if self._poller is not None:
            self._poller.wake()

    def _step(self) -> float | None:
        """One round of the sender thread: one e-mail (None: look again at once), or the wait."""
        if self.run_once(1):
            return None
        with Session(self.engine) as session:
            return self.rows.seconds_to_next(session, self.poll_s, 0.01)

    # ------------------------------------------------------------------ claim

    def claim(self, limit: int) -> list[Job]:
        """Lease up to ``limit`` due rows to this sender. The UPDATE re-checks that each row is still
        pending and unleased, so of two senders racing for a row exactly one gets it."""
        with Session(self.engine) as session:
            token = self.rows.claim(session, limit)
            if token is None:
                return []
            # (r.id: a stored row's id is set; the model types it optional for new rows)
            jobs = [Job(id=r.id, claim=token, invitation_id=r.invitation_id, kind=r.kind, to_addr=r.to_addr,  # type: ignore[arg-type]
                        tries=r.tries, message_id=r.message_id or "")
                    for r in session.exec(select(Email).where(Email.claim == token)).all()]
            session.commit()
        return jobs

    def run_once(self, limit: int = 1) -> int:
        """Claim what is due and send it in this thread; returns the rows handled."""
        jobs = self.claim(limit)
        for job in jobs:
            self.record(job, self.process(job))
        return len(jobs)

    # ------------------------------------------------------------------ one e-mail

    def process(self, job: Job) -> Outcome:
        try:
            prepared = self._prepare(job)
            if isinstance(prepared, Outcome):
                return prepared
            smtp.send(self.config, prepared)  # type: ignore[arg-type]  # only a sender with a config sends
            return Outcome("sent", subject=str(prepared["Subject"]))
        except smtp.SendError as exc:
            return Outcome("failed" if exc.permanent else "error", error=str(exc)[:500])
        except Exception as exc:
            log.exception("mail %s: unexpected error", job.id)
            return Outcome("error", error=f"internal error: {type(exc).__name__}: {exc}"[:500])

    def _prepare(self, job: Job) -> Outcome | EmailMessage:
        """The message to send, or the outcome that makes sending moot."""
        if job.kind in STAFF_KINDS:
            return self._prepare_staff(job)
        if job.kind in NOTICE_KINDS:
            return self._prepare_notice(job)
        if job.kind in INTERVIEW_KINDS:
            return self._prepare_interview(job)
        with Session(self.engine) as session:
            invitation = session.get(Invitation, job.invitation_id)
            if invitation is None:
                return Outcome("failed", error="the invitation no longer exists")
            reason = mail_outbox.cancel_reason(progress.state(invitation), job.kind)
            if reason is not None:
                return Outcome("cancelled", error=reason)
            if job.kind == "reminder":
                if self.reminder_hours <= 0:
                    return Outcome("cancelled", error="not sent: reminders are turned off")
                due = render.utc(invitation.expires_at) - timedelta(hours=self.reminder_hours)
                if due > utcnow() + RESCHEDULE_SLACK:  # the invitation was extended meanwhile
                    return Outcome("rescheduled", due=due)
            if not job.to_addr:
                return Outcome("cancelled", error="not sent: no address (the candidate's data was erased)")
            if not invitation.token_enc:
                return Outcome("failed", error="the invitation has no stored token (it was made before e-mails "
                                               "were kept), so no link can be sent: resend it from the console, "
                                               "which issues a new link")
            try:
                token = self.box.decrypt(invitation.token_enc)
            except SecretUnreadable as exc:  # the key changed: an operator can fix that, so retry
                return Outcome("error", error=str(exc))
            values = render.context(session, invitation, candidate_links.link(self.public_url, token), self.sender)
            rendered = render.render(job.kind, values)
            return render.message(rendered, from_header=self.from_header, to_addr=job.to_addr,
                                  to_name=invitation.candidate_name, message_id=job.message_id, kind=job.kind)

    def _prepare_staff(self, job: Job) -> Outcome | EmailMessage:
        """A teammate's invitation or a password reset: its link decrypted for this message only; not sent
        once the link has expired or been used (the console showed it, or a newer one replaced it)."""
        with Session(self.engine) as session:
            row = session.get(Email, job.id)
            if row is None:
                return Outcome("failed", error="the e-mail no longer exists")
            details = dict(row.details or {})
            if not job.to_addr:
                return Outcome("cancelled", error="not sent: no address")
            if not row.link_enc:
                return Outcome("failed", error="no link is stored for this e-mail: issue a new one from the console")
            try:
                link = self.box.decrypt(row.link_enc)
            except SecretUnreadable as exc:  # the key changed: an operator can fix that, so retry
                return Outcome("error", error=str(exc))
            expires = details.get("expires_at")
            if expires and render.utc(datetime.fromisoformat(expires)) <= utcnow():
                return Outcome("cancelled", error="not sent: the link expired before it could be sent")
            one_time = session.get(OneTimeLink, hash_secret(link.rsplit("/", 1)[-1]))
            if one_time is not None and one_time.used_at is not None:
                return Outcome("cancelled", error="not sent: the link was used or replaced meanwhile")
            rendered = render.render(job.kind, render.staff_context(details, link))
            return render.message(rendered, from_header=self.from_header, to_addr=job.to_addr,
                                  to_name=str(details.get("to_name", "")), message_id=job.message_id, kind=job.kind)

    def _prepare_notice(self, job: Job) -> Outcome | EmailMessage:
        """A notice to staff about reviewing: its facts are on the row, its link a console page."""
        with Session(self.engine) as session:
            row = session.get(Email, job.id)
            if row is None:
                return Outcome("failed", error="the e-mail no longer exists")
            if not job.to_addr or not row.details:
                return Outcome("cancelled", error="not sent: the candidate's data was erased")
            rendered = render.render(job.kind, render.notice_context(dict(row.details), self.public_url))
            return render.message(rendered, from_header=self.from_header, to_addr=job.to_addr,
                                  to_name=str(row.details.get("to_name", "")), message_id=job.message_id,
                                  kind=job.kind)

    def _prepare_interview(self, job: Job) -> Outcome | EmailMessage:
        """A candidate's interview: its pad link decrypted for this message only, a calendar file attached;
        not sent once the interview is over."""
        with Session(self.engine) as session:
            row = session.get(Email, job.id)
            if row is None:
                return Outcome("failed", error="the e-mail no longer exists")
            details = dict(row.details or {})
            if not job.to_addr or not details:
                return Outcome("cancelled", error="not sent: the candidate's data was erased")
            if not row.link_enc:
                return Outcome("failed", error="no link is stored for this e-mail")
            try:
                link = self.box.decrypt(row.link_enc)
            except SecretUnreadable as exc:  # the key changed: an operator can fix that, so retry
                return Outcome("error", error=str(exc))
        ends = render.utc(datetime.fromisoformat(details["ends_at"]))
        if ends <= utcnow():
            return Outcome("cancelled", error="not sent: the interview is over")
        values = render.interview_context(details, link)
        msg = render.message(render.render(job.kind, values), from_header=self.from_header, to_addr=job.to_addr,
                             to_name=str(details.get("to_name", "")), message_id=job.message_id, kind=job.kind)
        description = f"The interview pad: {link}" + (f"\nThe video call: {values['video_url']}"
                                                       if values["video_url"] else "")
        ics = calendar.event(uid=f"{details.get('interview_id', job.id)}@assay", summary=str(
            render.one_line(f"Technical interview{': ' + values['title'] if values['title'] else ''}")),
            start=datetime.fromisoformat(details["starts_at"]), end=ends, description=description, url=link,
            location=values["video_url"])
        msg.add_attachment(ics.encode(), maintype="text", subtype="calendar", filename="interview.ics")
        return msg

    def record(self, job: Job, outcome: Outcome) -> None:
        if outcome.error:  # a server's reply may quote the recipient: never stored (issue 22, item 8)
            outcome = replace(outcome, error=replies.strip_addresses(outcome.error))
        now = utcnow()
        values: dict[str, Any] = {**RELEASED, "updated_at": now}
        where: list[Any] = [Email.id == job.id, Email.claim == job.claim]
        if outcome.action == "sent":  # recorded even if cancelled meanwhile: it did go out
            values.update(status="sent", tries=job.tries + 1, subject=outcome.subject, sent_at=now, last_error=None)
        elif outcome.action == "cancelled":
            values.update(status="cancelled", last_error=outcome.error)
        elif outcome.action == "rescheduled":
            values.update(next_attempt_at=outcome.due)
            where.append(Email.status == "pending")
        else:
            tries = job.tries + 1
            delay = None if outcome.action == "failed" else retry_delay(tries, self.retry_scale)
            values.update(tries=tries, last_error=outcome.error, status="failed" if delay is None else "pending")
            if delay is not None:
                values["next_attempt_at"] = now + timedelta(seconds=delay)
            elif outcome.action == "error":
                values["last_error"] = f"gave up after {tries} attempts; last: {outcome.error}"[:500]
            where.append(Email.status == "pending")  # cancelled meanwhile: stays cancelled
        if values.get("status") in ("sent", "failed", "cancelled"):
            values["link_enc"] = None  # a staff e-mail's link is kept only while it may still be sent
        with Session(self.engine) as session:
            session.exec(update(Email).where(*where).values(**values))
            session.commit()
        if outcome.action in ("sent", "error", "failed"):
            self.attempts += 1
            metrics.record_mail_attempt({"sent": "sent", "error": "temporary_error"}.get(outcome.action,
                                                                                        "permanent_error"))
        if outcome.action == "sent":
            self.sent += 1
            log.info("mail %s (%s) sent", job.id, job.kind)
        elif outcome.action in ("error", "failed"):
            log.warning("mail %s (%s) attempt %d: %s", job.id, job.kind, job.tries + 1, outcome.error)
