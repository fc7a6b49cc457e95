"""What each ATS integration was last told about an invitation, for the invitation's page in the console
(issue 28 item 7): per integration (Greenhouse, Lever, Ashby), its latest request: what it carried (the
event), whether it went through, is still being retried (and when next), or failed for good with the
vendor's own message, which says what to fix (a key refused with 401, an unknown id with 404). An admin
retries a failed one after fixing the key (api.integrations.base.retry_failed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from api.webhooks.models import WebhookDelivery, WebhookEvent

NAMES = {"greenhouse": "Greenhouse", "lever": "Lever", "ashby": "Ashby"}
EVENTS = {"invitation.completed": "the result", "decision.recorded": "the decision",
          "invitation.started": "the start", "invitation.expired": "the expiry",
          "invitation.revoked": "the revocation", "invitation.created": "the invitation"}
MAX_MESSAGE = 500


@dataclass(frozen=True)
class AtsRequest:
    target: str  # greenhouse, lever, ashby
    vendor: str  # its name
    what: str  # "the result", "the decision", ...
    status: str  # pending, succeeded, failed
    tries: int
    last_status_code: int | None
    message: str  # the vendor's answer or the connection error, shortened
    next_attempt_at: datetime | None
    at: datetime  # when it succeeded, else when it was last updated


def latest(session: Session, invitation_id: str) -> list[AtsRequest]:
    """Per integration and event type, its latest request for ``invitation_id`` (failed ones first)."""
    rows = session.exec(
        select(WebhookDelivery, WebhookEvent).join(WebhookEvent, col(WebhookEvent.id) == WebhookDelivery.event_id)
        .where(WebhookEvent.invitation_id == invitation_id, col(WebhookDelivery.target).in_(sorted(NAMES)))
        .order_by(col(WebhookDelivery.id).desc())).all()
    seen: set[tuple[str, str]] = set()
    found = []
    for delivery, event in rows:
        key = (delivery.target, event.type)
        if key in seen:
            continue
        seen.add(key)
        found.append(AtsRequest(
            target=delivery.target, vendor=NAMES[delivery.target], what=EVENTS.get(event.type, event.type),
            status=delivery.status, tries=delivery.tries, last_status_code=delivery.last_status_code,
            message=(delivery.last_error or "")[:MAX_MESSAGE],
            next_attempt_at=delivery.next_attempt_at if delivery.status == "pending" else None,
            at=delivery.succeeded_at or delivery.updated_at))
    found.sort(key=lambda r: (r.status != "failed", r.vendor, r.what))
    return found
