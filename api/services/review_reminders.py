"""The overdue-review reminders job: a thread (api.leased_outbox.Poller, like the mail sender's) that
every ``ASSAY_REVIEW_REMINDER_CHECK_SECONDS`` looks for reviews past their due time and not submitted,
and queues a reminder to each reviewer through the mail outbox, at most once per
``ASSAY_REVIEW_REMINDER_HOURS`` per review (api.services.review_mail.remind decides, under a key, so
any number of API processes can run this job on one database and none sends a reminder twice).

It runs only where e-mail is on (``ASSAY_SMTP_HOST``) and reminders are (hours > 0).
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.leased_outbox import Poller
from api.mail import outbox as mail_outbox
from api.models import utcnow
from api.services import review_mail
from api.settings import Settings
from api.wakeups import Wakeups

log = logging.getLogger("assay.mail")


class ReviewReminders:
    def __init__(self, engine: Engine, *, every_hours: float, poll_s: float, enabled: bool,
                 name: str = "review-reminders") -> None:
        self.engine = engine
        self.every_hours = every_hours
        self.poll_s = poll_s
        self.enabled = enabled and every_hours > 0
        self.name = name
        self.wakeups = Wakeups(name)  # nothing wakes it early: it looks at its interval
        self._poller: Poller | None = None
        self.queued = 0  # reminders queued by this job (tests and logs)

    def start(self) -> None:
        if not self.enabled or self._poller is not None:
            return
        self._poller = Poller(self.name, self._step, self.wakeups, self.poll_s)
        self._poller.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        if self._poller is not None:
            self._poller.stop(timeout_s)
            self._poller = None

    def _step(self) -> float:
        self.run_once()
        return self.poll_s

    def run_once(self) -> int:
        """Queue the reminders due now; returns how many."""
        with Session(self.engine) as session:
            if not mail_outbox.enabled(session):
                return 0
            queued = review_mail.remind_overdue(session, self.every_hours, utcnow())
            session.commit()
        if queued:
            self.queued += queued
            log.info("%d overdue review reminder(s) queued", queued)
        return queued


def make(engine: Engine, settings: Settings) -> ReviewReminders:
    """The (not yet started) job of an app: on with ``ASSAY_SMTP_HOST`` and ``ASSAY_REVIEW_REMINDER_HOURS``."""
    return ReviewReminders(engine, every_hours=settings.review_reminder_hours,
                           poll_s=settings.review_reminder_check_seconds, enabled=bool(settings.smtp_host))
