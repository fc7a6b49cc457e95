"""Making the mail outbox and mail sender of one app from its settings."""

from __future__ import annotations

import logging
from email.utils import parseaddr

from sqlalchemy.engine import Engine

from api.mail.outbox import MailOutbox
from api.mail.sender import MailSender
from api.mail.smtp import SmtpConfig
from api.security import SecretBox
from api.settings import Settings

log = logging.getLogger("assay.mail")


def make_outbox(settings: Settings, box: SecretBox | None = None) -> MailOutbox:
    """On when ``ASSAY_SMTP_HOST`` is set; Message-IDs end in the domain of ``ASSAY_SMTP_FROM``; ``box``
    keeps staff e-mails' links encrypted."""
    _, address = parseaddr(settings.smtp_from)
    return MailOutbox(enabled=bool(settings.smtp_host), reminder_hours=settings.invitation_reminder_hours,
                      domain=address.rpartition("@")[2], box=box)


def make_sender(engine: Engine, settings: Settings, box: SecretBox, outbox: MailOutbox | None = None,
                name: str = "mail-sender") -> MailSender:
    """The (not yet started) mail sender; with no ``ASSAY_SMTP_HOST`` its ``start()`` does nothing.
    ``outbox``: the one whose commits wake it (default: the one bound to ``engine``)."""
    if settings.smtp_host and not settings.public_url:
        log.warning("ASSAY_SMTP_HOST is set but ASSAY_PUBLIC_URL is not: e-mailed links point at %s, which "
                    "candidates elsewhere cannot open", settings.resolved_public_url)
    return MailSender(
        engine, box=box, outbox=outbox,
        config=SmtpConfig.from_settings(settings) if settings.smtp_host else None,
        from_header=settings.smtp_from, public_url=settings.resolved_public_url,
        retry_scale=settings.mail_retry_scale, poll_s=settings.mail_poll_seconds,
        reminder_hours=settings.invitation_reminder_hours, name=name)
