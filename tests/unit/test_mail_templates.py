"""Invitation e-mails against a real SMTP server (aiosmtpd in its own process, on a loopback port): what arrives, a link
that opens the invitation, nothing lost while the server is down, reminders sent or cancelled, no row
sent twice by two senders sharing a database, nothing queued without SMTP, no token in the table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from api.mail import render


def test_templates_render_subject_text_and_escaped_html():
    expires = datetime(2026, 12, 18, 23, 59, tzinfo=UTC)
    values = {"name": "Ada <b>Lovelace</b>", "sender": "Acme & Co", "title": "Backend", "problems_text": "2 problems",
              "languages_text": render.languages_text(["python3", "cpp", "go"]),
              "duration_text": render.duration_text(90), "expires_text": render.expires_text(expires),
              "expires_short": render.expires_short(expires), "left_text": render.left_text(3600 * 24),
              "link": "https://x.example/take/inv_abc"}
    invitation = render.render("invitation", values)
    assert invitation.subject == "Acme & Co invites you to a coding assessment: Backend"
    assert "Friday 18 December 2026, 23:59 UTC" in invitation.text
    assert "Python 3, C++ or Go" in invitation.text and "1 hour 30 minutes" in invitation.text
    assert "The timer starts only when you press Start" in " ".join(invitation.text.split())
    assert "https://x.example/take/inv_abc" in invitation.text
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in invitation.html and "<b>Lovelace" not in invitation.html
    assert 'href="https://x.example/take/inv_abc"' in invitation.html
    reminder = render.render("reminder", values)
    assert reminder.subject == 'Reminder: your coding assessment "Backend" expires 18 Dec 2026 23:59 UTC'
    assert "about 24 hours" in reminder.text
    assert render.sender_name("Acme Hiring <jobs@acme.example>") == "Acme Hiring"
    assert render.sender_name("jobs@acme.example") == render.DEFAULT_SENDER
    assert render.duration_text(45) == "45 minutes" and render.duration_text(120) == "2 hours"
    message = render.message(reminder, from_header="A <a@a.example>", to_addr="ada@example.com",
                             to_name="Ada\r\nBcc: eve@example.com", message_id="<1@a.example>", kind="reminder")
    assert "Bcc" not in message.keys() and message["To"].addresses[0].addr_spec == "ada@example.com"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> dict[str, Any]:
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("postgres").create_database(at_head=True)}
