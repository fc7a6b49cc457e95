"""Rendering an e-mail from its templates (api/mail/templates/<kind>.txt and .html, Jinja): the text
template sets ``subject``; the HTML one is the alternative part (autoescaped). The facts come from
the database at send time; the link carries the token, decrypted only for this message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import func
from sqlmodel import Session, select

from api.models import Assessment, AssessmentProblem, Invitation, utcnow
from api.services.progress import effective_minutes
from sandbox import all_languages

TEMPLATES = Path(__file__).parent / "templates"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                  undefined=StrictUndefined, keep_trailing_newline=True)
DEFAULT_SENDER = "The hiring team"
MY_REVIEWS_PATH = "/ui/reviews"  # the console's My reviews page (api.console.my_reviews)
NOTICE_SETTINGS_PATH = "/ui/reviews/emails"  # where a person turns these e-mails off


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def one_line(value: str) -> str:
    """No line breaks or runs of spaces (header values, names typed into forms)."""
    return " ".join(str(value).split())


def sender_name(from_header: str) -> str:
    """Who invites, as the e-mails say it: the display name of ``ASSAY_SMTP_FROM`` (``Acme Hiring
    <jobs@acme.example>``), else a generic phrase."""
    name, _ = parseaddr(from_header)
    return one_line(name) or DEFAULT_SENDER


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def duration_text(minutes: float) -> str:
    total = max(1, round(minutes))
    hours, rest = divmod(total, 60)
    if not hours:
        return _plural(rest, "minute")
    return _plural(hours, "hour") + (f" {_plural(rest, 'minute')}" if rest else "")


def left_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return _plural(max(1, minutes), "minute")
    hours = round(seconds / 3600)
    return _plural(round(hours / 24), "day") if hours >= 48 else _plural(hours, "hour")


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def expires_text(moment: datetime) -> str:
    """``Friday 18 December 2026, 23:59 UTC``: no time-zone guessing, no day/month order ambiguity."""
    moment = utc(moment)
    return f"{moment:%A} {moment.day} {moment:%B %Y, %H:%M} UTC"


def expires_short(moment: datetime) -> str:
    """``18 Dec 2026 23:59 UTC`` (the reminder's subject)."""
    moment = utc(moment)
    return f"{moment.day} {moment:%b %Y %H:%M} UTC"


def languages_text(languages: list[str]) -> str:
    known = all_languages()
    names = [known[language].title if language in known else language for language in languages]
    if len(names) <= 1:
        return "".join(names) or "any offered language"
    return f"{', '.join(names[:-1])} or {names[-1]}"


def context(session: Session, invitation: Invitation, link: str, sender: str) -> dict[str, Any]:
    """What the templates say about an invitation."""
    assessment = session.get(Assessment, invitation.assessment_id)
    if assessment is None:
        raise LookupError(f"assessment {invitation.assessment_id} does not exist")
    problems = int(session.exec(select(func.count(func.distinct(AssessmentProblem.slot)))  # a pool: one
                                .where(AssessmentProblem.assessment_id == assessment.id)).one())
    expires = utc(invitation.expires_at)
    return {
        "name": one_line(invitation.candidate_name) or "there", "sender": sender,
        "title": one_line(assessment.title), "problems_text": _plural(problems, "problem"),
        "languages_text": languages_text(list(assessment.languages)),
        "duration_text": duration_text(effective_minutes(invitation, assessment.duration_minutes)),
        "expires_text": expires_text(expires), "expires_short": expires_short(expires),
        "left_text": left_text(max(0.0, (expires - utcnow()).total_seconds())), "link": link,
    }


def team_phrase(team_name: str) -> str:
    """``the Backend hiring team``; a name that says "team" already is not doubled (``the Default team``)."""
    name = one_line(team_name)
    return f"the {name}" if name.lower().endswith("team") else f"the {name} hiring team"


def staff_context(details: dict[str, Any], link: str) -> dict[str, Any]:
    """What the staff e-mails' templates say (``details`` as api.people.mail kept them on the row)."""
    expires = details.get("expires_at")
    return {
        "name": one_line(str(details.get("to_name", ""))) or "there",
        "inviter": one_line(str(details.get("inviter", ""))) or "A colleague",
        "team": team_phrase(str(details.get("team_name", ""))),
        "role": one_line(str(details.get("role", ""))),
        "expires_text": expires_text(datetime.fromisoformat(expires)) if expires else "",
        "link": link,
    }


def notice_context(details: dict[str, Any], public_url: str) -> dict[str, Any]:
    """What the notices' templates say (``details`` as api.services.review_mail kept them on the row):
    the texts on one line, times (``*_at``, ISO) as ``*_text`` and ``*_short``, the link from the path."""
    values: dict[str, Any] = {key: one_line(value) if isinstance(value, str) else value
                              for key, value in details.items() if not key.endswith("_at") and key != "path"}
    for key, value in details.items():
        if key.endswith("_at") and value:
            moment = datetime.fromisoformat(value)
            values[f"{key[:-3]}_text"], values[f"{key[:-3]}_short"] = expires_text(moment), expires_short(moment)
    values["name"] = values.get("to_name") or "there"
    values["team"] = team_phrase(str(details.get("team_name", ""))) if details.get("team_name") else "your team"
    values["link"] = f"{public_url.rstrip('/')}{details.get('path', '/ui/')}"
    values["my_reviews_link"] = f"{public_url.rstrip('/')}{MY_REVIEWS_PATH}"
    values["settings_link"] = f"{public_url.rstrip('/')}{NOTICE_SETTINGS_PATH}"
    values.setdefault("why", "")
    return values


def interview_context(details: dict[str, Any], link: str) -> dict[str, Any]:
    """What the interview e-mail says (``details`` as api.interviews kept them on the row)."""
    return {
        "name": one_line(str(details.get("to_name", ""))) or "there",
        "title": one_line(str(details.get("title", ""))),
        "starts_text": expires_text(datetime.fromisoformat(details["starts_at"])),
        "duration_text": duration_text(float(details.get("duration_minutes", 60))),
        "interviewers": one_line(str(details.get("interviewers", ""))),
        "video_url": one_line(str(details.get("video_url") or "")),
        "link": link,
    }


def render(kind: str, values: dict[str, Any]) -> Rendered:
    module = ENV.get_template(f"{kind}.txt").make_module(values)
    subject = one_line(str(getattr(module, "subject", "")))
    if not subject:
        raise ValueError(f"the {kind}.txt template sets no subject")
    html = ENV.get_template(f"{kind}.html").render(**values, subject=subject)
    return Rendered(subject=subject, text=str(module), html=html)


def message(rendered: Rendered, *, from_header: str, to_addr: str, to_name: str, message_id: str,
            kind: str) -> EmailMessage:
    """The MIME message: text/plain with a text/html alternative."""
    msg = EmailMessage()
    msg["Subject"] = rendered.subject
    msg["From"] = from_header
    msg["To"] = Address(display_name=one_line(to_name), addr_spec=to_addr)
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies loop back
    msg["X-Assay-Kind"] = kind
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    return msg
