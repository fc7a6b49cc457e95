"""A calendar file (RFC 5545, ``text/calendar``) for one event: an interview invitation's attachment.

Lines end in CRLF and are folded at 75 octets; text values are escaped (backslash, semicolon, comma,
newline). METHOD:PUBLISH: the event is added to the calendar as it is (no reply is expected)."""

from __future__ import annotations

from datetime import UTC, datetime

PRODID = "-//Assay//Interviews//EN"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _stamp(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """A content line folded at 75 octets (a continuation starts with one space), never inside a character."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = ""
        current += char
    out.append(current)
    return "\r\n ".join(out)


def event(*, uid: str, start: datetime, end: datetime, summary: str, description: str, url: str,
          location: str = "", stamp: datetime | None = None) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "METHOD:PUBLISH", "BEGIN:VEVENT",
             f"UID:{_escape(uid)}", f"DTSTAMP:{_stamp(stamp or datetime.now(UTC))}", f"DTSTART:{_stamp(start)}",
             f"DTEND:{_stamp(end)}", f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(description)}",
             f"URL:{url}"]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines)
