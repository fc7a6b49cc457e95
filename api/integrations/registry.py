"""The ATS integrations, listed and wired in one place.

- ``all_integrations()``: every integration module's ``INTEGRATION``;
- ``enabled(settings)``: those whose settings turn them on (``api.app`` includes their routers);
- ``callbacks(settings)``: target name -> ``Callback`` for the webhook delivery worker;
- ``install()``: the completion hook of the outbox and the candidate-data erasers (every integration,
  enabled or not: rows they stored before being disabled still complete and still get erased).
"""

from __future__ import annotations

from typing import Any

from api.integrations.base import Callback, Integration


def all_integrations() -> list[Integration]:
    from api.integrations import ashby, greenhouse, lever

    return [greenhouse.INTEGRATION, lever.INTEGRATION, ashby.INTEGRATION]


def enabled(settings: Any) -> list[Integration]:
    return [i for i in all_integrations() if i.enabled(settings)]


def callbacks(settings: Any) -> dict[str, Callback]:
    return {i.name: i.callback(settings) for i in enabled(settings)}


def install() -> None:
    """Idempotent: hook every integration into the outbox and into candidate-data deletion."""
    from api.services import retention
    from api.webhooks import outbox

    for integration in all_integrations():
        if integration.deliveries not in outbox.COMPLETION_DELIVERIES:
            outbox.COMPLETION_DELIVERIES.append(integration.deliveries)
        if integration.erase not in retention.ERASERS:
            retention.ERASERS.append(integration.erase)
