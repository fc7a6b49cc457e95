"""The ATS integrations, listed and wired in one place.

- ``all_integrations()``: every integration module's ``INTEGRATION``;
- ``enabled(settings)``: those whose settings turn them on (``api.app`` includes their routers);
- ``callbacks(settings, context)``: target name -> ``Callback`` for the webhook delivery worker;
- ``completion_deliveries()``, ``decision_deliveries()`` and ``erasers()``: what the composition root
  (``create_app``, ``assay worker``) gives the webhook outbox and candidate-data deletion, for every
  integration, enabled or not: rows they stored before being disabled still complete and still get erased.
"""

from __future__ import annotations

from api.integrations import ashby, greenhouse, lever
from api.integrations.base import (
    Callback,
    CallbackContext,
    CompletionDeliveries,
    Eraser,
    Integration,
    StatusDeliveries,
)
from api.settings import Settings


def all_integrations() -> list[Integration]:
    return [greenhouse.INTEGRATION, lever.INTEGRATION, ashby.INTEGRATION]


def enabled(settings: Settings) -> list[Integration]:
    return [i for i in all_integrations() if i.enabled(settings)]


def callbacks(settings: Settings, context: CallbackContext | None = None) -> dict[str, Callback]:
    context = context or CallbackContext()
    return {i.name: i.callback(settings, context) for i in enabled(settings)}


def completion_deliveries() -> list[CompletionDeliveries]:
    """Each integration's result requests due when an invitation completes (for the webhook outbox)."""
    return [i.deliveries for i in all_integrations()]


def decision_deliveries() -> list[CompletionDeliveries]:
    """Each integration's requests telling the ATS of a recorded decision (for the webhook outbox)."""
    return [i.decision_deliveries for i in all_integrations()]


def status_deliveries() -> list[StatusDeliveries]:
    """Each integration's requests telling the ATS an invitation started or expired (for the outbox)."""
    return [i.status_deliveries for i in all_integrations()]


def erasers() -> list[Eraser]:
    """Each integration's candidate-data eraser (for api.services.retention)."""
    return [i.erase for i in all_integrations()]
