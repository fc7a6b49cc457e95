"""What an SMTP server answered, as stored and shown: with every e-mail address taken out.

A refusal such as ``550 <ada@example.com>: rejected`` is kept in ``emails.last_error`` and shown on the
console's Manage panel; in an anonymised review that would name the candidate (issue 22, item 8). The
address adds nothing an operator needs (the e-mail row says whom it was for), so it is replaced by
``<address>`` before the reply is stored, and again when an older row is shown.
"""

from __future__ import annotations

import re

# local@domain, optionally in angle brackets; the local part as RFC 5321 allows it unquoted (and UTF-8),
# the domain a host name or an address literal
_ADDRESS = re.compile(r"<?[\w.!#$%&'*+/=?^`{|}~-]+@(?:\[[^\]\s]*\]|[\w-]+(?:\.[\w-]+)*)>?")
PLACEHOLDER = "<address>"


def strip_addresses(text: str | None) -> str | None:
    """``text`` with every e-mail address replaced by ``<address>``."""
    if not text:
        return text
    return _ADDRESS.sub(PLACEHOLDER, text)
