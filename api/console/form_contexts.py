"""What the console's invitation forms need on the pages that hold them: the assessment page's invite
forms (``invite_context``) and the invitation page's Manage panel (``manage_context``). A refused form
comes back on its page with ``refused``: which form, the values as typed, and each error beside its field
(api.console.actions). Moved here from api.console.actions so that the page builders
(api.console.report_context, api.console.assessment_context) and the actions both use them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from sqlmodel import Session

from api.auth import Staff
from api.console import csrf
from api.mail import outbox as mail
from api.models import Invitation
from api.people.teams import Action
from api.permissions import allowed
from api.services import invitation_actions as actions
from api.services import invitations as invitation_service
from api.settings import Settings

DONE = {  # ?done=... on the invitation page after an action (post/redirect/get)
    "revoked": "The invitation was revoked: the candidate's link no longer works.",
    "extended": "The invitation's expiry was moved.",
    "extra_time": "Extra time was granted; it shows in the candidate's countdown.",
    "extra_time_removed": "The extra time was removed: the candidate has the assessment's own duration.",
    "resent_rotated": "This invitation predated kept links, so it has a new link: the old one no longer works.",
}


def _resent(session: Session, staff: Staff, invitation: Invitation) -> str:
    if mail.enabled(session):
        return "The invitation e-mail was queued again."
    if actions.may(session, staff, invitation, Action.SEE_CANDIDATE_LINK):
        return "No mail server is configured (ASSAY_SMTP_HOST): use Show link and send the candidate the link."
    return ("No mail server is configured (ASSAY_SMTP_HOST): ask a recruiter of the team or an admin to send the "
            "candidate their link.")


def invite_context(request: Request, settings: Settings, session: Session | None = None,
                   team_id: str | None = None, *, refused: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the assessment page's invite forms need; with ``session``, whether the signed-in staff member
    (page_staff put them on the request) may invite in team ``team_id`` and see the links made.
    ``refused``: {"form": "one" or "csv", "values": as typed, "errors": [{field, message}], "rows": the
    CSV's problems as [{line, field, message}]}."""
    staff: Staff | None = getattr(request.state, "staff", None)
    may_invite = session is None or (staff is not None and allowed(session, staff, team_id, Action.INVITE))
    sees_links = session is None or (staff is not None and allowed(session, staff, team_id,
                                                                   Action.SEE_CANDIDATE_LINK))
    return {"csrf": csrf.token_for(request, settings), "mail_enabled": request.app.state.mail_outbox.enabled,
            "default_days": settings.invitation_days, "today": datetime.now(UTC).date().isoformat(),
            "can_invite": may_invite, "can_see_links": sees_links,
            "refused": refused or {"form": "", "values": {}, "errors": [], "rows": []}}


def manage_context(request: Request, session: Session, settings: Settings, invitation: Invitation,
                   *, refused: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the invitation page's Manage panel needs. ``refused``: {"form": "extend" or "extra_time",
    "values": as typed, "errors": [{field, message}]}."""
    state = invitation_service.state(invitation)
    staff: Staff = request.state.staff  # page_staff put it there
    done_key = request.query_params.get("done", "")
    done = _resent(session, staff, invitation) if done_key in ("resent", "resent_rotated") else None
    if done_key in DONE:
        done = f"{done} {DONE[done_key]}" if done else DONE[done_key]
    return {
        "can_invite": actions.may(session, staff, invitation, Action.INVITE),
        "can_see_link": actions.may(session, staff, invitation, Action.SEE_CANDIDATE_LINK),
        "csrf": csrf.token_for(request, settings),
        "mail_enabled": mail.enabled(session),
        "mails": mail.status_of(session, invitation.id),
        "open": state in ("invited", "started"),
        "can_extend": state in ("invited", "started", "expired"),
        "done": done if not refused else None,
        "extra_percent": round((invitation.time_multiplier - 1.0) * 100),
        "refused": refused or {"form": "", "values": {}, "errors": []},
    }
