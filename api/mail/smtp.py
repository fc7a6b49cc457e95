"""The SMTP client (stdlib smtplib): one conversation per message, STARTTLS, implicit TLS or plain, a
login when a username is set. Errors come back classified: ``PermanentError`` (the server refused this
message or recipient for good: 5xx to RCPT or DATA) or ``TemporaryError`` (anything worth retrying:
the server down or busy, a timeout, 4xx, a login or TLS problem an operator can fix)."""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from api.settings import Settings


class SendError(Exception):
    permanent = False


class TemporaryError(SendError):
    pass


class PermanentError(SendError):
    permanent = True


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    security: str = "starttls"  # starttls | tls | none
    username: str = ""
    password: str = ""
    timeout_s: float = 20.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        return cls(host=settings.smtp_host, port=settings.smtp_port, security=settings.smtp_security,
                   username=settings.smtp_username, password=settings.smtp_password,
                   timeout_s=settings.smtp_timeout_seconds)


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())[:300]


def _connect(config: SmtpConfig) -> smtplib.SMTP:
    if config.security == "tls":
        return smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout_s,
                                context=ssl.create_default_context())
    client = smtplib.SMTP(config.host, config.port, timeout=config.timeout_s)
    if config.security == "starttls":
        try:
            client.ehlo()
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        except BaseException:
            client.close()
            raise
    return client


def send(config: SmtpConfig, message: EmailMessage) -> None:
    """Send ``message`` (its From/To headers give the envelope) in one SMTP conversation. Raises
    ``PermanentError`` or ``TemporaryError``."""
    where = f"{config.host}:{config.port}"
    try:
        client = _connect(config)
    except smtplib.SMTPNotSupportedError as exc:  # no STARTTLS offered
        raise TemporaryError(f"{where}: {_describe(exc)}") from exc
    except (OSError, smtplib.SMTPException) as exc:  # refused, unreachable, timeout, TLS handshake
        raise TemporaryError(f"cannot reach the mail server {where}: {_describe(exc)}") from exc
    try:
        if config.username:
            try:
                client.login(config.username, config.password)
            except smtplib.SMTPNotSupportedError as exc:
                raise TemporaryError(f"{where} offers no login (AUTH) here; with ASSAY_SMTP_USERNAME set it "
                                     "needs one (over TLS, most servers)") from exc
        try:
            refused = client.send_message(message)
        except smtplib.SMTPNotSupportedError as exc:  # a non-ASCII address and a server without SMTPUTF8
            raise PermanentError(f"{where} cannot take this message: {exc}") from exc
        if refused:  # only one recipient per message: unreachable in practice
            raise PermanentError(f"recipient refused: {refused}")
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(f"{code} {_text(reply)}" for code, reply in exc.recipients.values())
        error_class = PermanentError if codes and all(500 <= c < 600 for c in codes) else TemporaryError
        raise error_class(f"recipient refused: {detail}") from exc
    except smtplib.SMTPDataError as exc:
        error_class = PermanentError if 500 <= exc.smtp_code < 600 else TemporaryError
        raise error_class(f"message refused: {exc.smtp_code} {_text(exc.smtp_error)}") from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise TemporaryError(f"login refused by {where}: {exc.smtp_code} {_text(exc.smtp_error)} "
                             "(check ASSAY_SMTP_USERNAME / ASSAY_SMTP_PASSWORD)") from exc
    except smtplib.SMTPSenderRefused as exc:  # the From address: an operator's setting, fixable
        if exc.smtp_code == 530:
            raise TemporaryError(f"{where} wants a login: {_text(exc.smtp_error)} (set ASSAY_SMTP_USERNAME / "
                                 "ASSAY_SMTP_PASSWORD)") from exc
        raise TemporaryError(f"sender {exc.sender} refused: {exc.smtp_code} {_text(exc.smtp_error)} "
                             "(check ASSAY_SMTP_FROM)") from exc
    except smtplib.SMTPResponseException as exc:
        raise TemporaryError(f"{where} answered {exc.smtp_code} {_text(exc.smtp_error)}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise TemporaryError(f"{where}: {_describe(exc)}") from exc
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{exc} (ASSAY_SMTP_SECURITY=starttls needs a server that offers STARTTLS)"
    return f"{type(exc).__name__}: {_text(str(exc))}"
