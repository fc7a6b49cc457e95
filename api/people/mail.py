"""E-mails to staff through the durable mail outbox (api.mail): a teammate's invitation to a hiring team
and a password reset. The link is kept encrypted on the outbox row until it is sent (never in clear).

With SMTP off (no ``ASSAY_SMTP_HOST``) nothing is queued and the functions return False: the console
then shows the link for the person to pass on themselves.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from api.mail import outbox as mail_outbox
from api.models import utcnow
from api.people.links import LIFETIME
from api.people.models import LinkPurpose, OneTimeLink, TeamRole, User
from api.people.teams import ROLE_NAMES
from api.security import hash_secret

JOIN_PATH = "/ui/join/"
RESET_PATH = "/ui/reset/"


def join_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{JOIN_PATH}{token}"


def reset_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{RESET_PATH}{token}"


def _expires(session: Session, token: str, purpose: LinkPurpose) -> datetime:
    """When the link of ``token`` stops working (the sender does not send it after that)."""
    link = session.get(OneTimeLink, hash_secret(token))
    return link.expires_at if link is not None else utcnow() + LIFETIME[purpose]


def queue_team_invite(session: Session, *, to_email: str, to_name: str, team_name: str, role: TeamRole,
                      inviter: str, link_token: str, public_url: str) -> bool:
    """Queue "Jane Doe invited you to the Backend hiring team on Assay as Reviewer (engineer)" with the join
    link; True when queued, False when e-mail is off (show the link instead)."""
    details = {"to_name": to_name, "team_name": team_name, "role": ROLE_NAMES[TeamRole(role)], "inviter": inviter,
               "expires_at": _expires(session, link_token, LinkPurpose.INVITE).isoformat()}
    row = mail_outbox.queue_staff(session, kind="team_invite", to_addr=to_email,
                                  link=join_url(public_url, link_token), details=details)
    return row is not None


def queue_password_reset(session: Session, *, user: User, link_token: str, public_url: str) -> bool:
    """Queue the password reset e-mail (the link works once, for 1 hour); True when queued, False when
    e-mail is off."""
    details = {"to_name": user.name, "expires_at": _expires(session, link_token, LinkPurpose.RESET).isoformat()}
    row = mail_outbox.queue_staff(session, kind="password_reset", to_addr=user.email,
                                  link=reset_url(public_url, link_token), details=details)
    return row is not None
