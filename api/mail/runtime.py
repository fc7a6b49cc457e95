"""Wiring for the API process: configure the outbox from the settings, register the erasure hook, and
make the (not yet started) mail sender."""

from __future__ import annotations

import logging
from email.utils import parseaddr
from typing import Any

from sqlalchemy.engine import Engine

from api.mail import outbox
from api.mail.sender import MailSender
from api.mail.smtp import SmtpConfig
from api.security import SecretBox
from api.services import retention
from api.settings import Settings

log = logging.getLogger("assay.mail")


def make_sender(engine: Engine, settings: Settings, box: SecretBox | None = None,
                name: str = "mail-sender") -> MailSender:
    return MailSender(
        engine, box=box or SecretBox(settings.webhook_secret_key, settings.data_dir),
        config=SmtpConfig.from_settings(settings) if settings.smtp_host else None,
        from_header=settings.smtp_from, public_url=settings.resolved_public_url,
        retry_scale=settings.mail_retry_scale, poll_s=settings.mail_poll_seconds,
        reminder_hours=settings.invitation_reminder_hours, name=name)


def install(state: Any, engine: Engine, settings: Settings) -> MailSender:
    """Put the mail sender on ``app.state`` (``app.state.mail``) and return it, not started. With no
    ``ASSAY_SMTP_HOST`` nothing is queued and ``start()`` does nothing."""
    _, address = parseaddr(settings.smtp_from)
    outbox.configure(enabled=bool(settings.smtp_host), reminder_hours=settings.invitation_reminder_hours,
                     domain=address.rpartition("@")[2])
    if settings.smtp_host and not settings.public_url:
        log.warning("ASSAY_SMTP_HOST is set but ASSAY_PUBLIC_URL is not: e-mailed links point at %s, which "
                    "candidates elsewhere cannot open", settings.resolved_public_url)
    if outbox.erase_candidate not in retention.ERASERS:
        retention.ERASERS.append(outbox.erase_candidate)
    sender = make_sender(engine, settings, getattr(state, "webhook_box", None))
    state.mail = sender
    return sender
