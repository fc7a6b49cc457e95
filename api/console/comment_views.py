"""What the console shows of line comments, as plain data for the templates: the threads of the code on
a report page by file and line, and the page of one line (api.console.comments)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlmodel import Session

from api.auth import Staff
from api.comments import threads
from api.console import csrf
from api.console.highlight import highlight
from api.models import Invitation
from api.settings import Settings

EXCERPT = 4  # lines shown before and after the commented line on its own page


def by_file_line(found: list[threads.Thread]) -> dict[str, dict[int, list[threads.Thread]]]:
    out: dict[str, dict[int, list[threads.Thread]]] = {}
    for thread in found:
        out.setdefault(thread.row.path, {}).setdefault(thread.row.line, []).append(thread)
    return out


def for_report(request: Request, session: Session, settings: Settings, staff: Staff, invitation: Invitation,
               submission_ids: list[str], *, interactive: bool) -> dict[str, Any]:
    """``comments`` of the report page: threads[submission id][path][line], whether this viewer may
    comment (only on the console's own page: its forms are bound to the session cookie), the CSRF token."""
    found = threads.threads_of(session, submission_ids)
    can = interactive and threads.may_comment(session, staff, invitation)
    every = [t for ts in found.values() for t in ts]
    return {"threads": {sid: by_file_line(ts) for sid, ts in found.items()}, "can_comment": can,
            "csrf": csrf.token_for(request, settings) if can else "",
            "open": sum(1 for t in every if not t.resolved), "total": len(every),
            "max_body": threads.MAX_BODY, "origin": ""}


def excerpt(language: str, path: str, text: str, line: int) -> dict[str, Any]:
    """The lines around ``line`` of a file, highlighted; ``start`` is the first one's number."""
    lines = highlight(language, path, text)
    start = max(1, line - EXCERPT)
    return {"start": start, "lines": lines[start - 1: line + EXCERPT], "line": line, "count": len(lines)}
