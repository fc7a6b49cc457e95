"""Making the webhook outbox and delivery worker of one app or worker process from its settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.integrations import registry
from api.integrations.base import CallbackContext
from api.security import SecretBox
from api.settings import Settings
from api.webhooks.guard import AddressGuard
from api.webhooks.outbox import CompletionHook, WebhookOutbox
from api.webhooks.worker import DeliveryWorker


def make_outbox(settings: Settings, on_pending: Callable[[Session], None] | None = None,
                on_completed: Sequence[CompletionHook] = ()) -> WebhookOutbox:
    """The outbox, with the result requests of every ATS integration."""
    return WebhookOutbox(settings.resolved_public_url, registry.completion_deliveries(), on_pending,
                         registry.decision_deliveries(), on_completed, retention_days=settings.retention_days,
                         status_deliveries=registry.status_deliveries())


def make_worker(engine: Engine, settings: Settings, box: SecretBox, outbox: WebhookOutbox | None = None,
                ) -> DeliveryWorker:
    """The delivery worker, with the result requests of every enabled ATS integration; ``outbox``: the
    one whose commits wake it (default: the one bound to ``engine``)."""
    return DeliveryWorker(
        engine, box=box, outbox=outbox,
        guard=AddressGuard(settings.webhook_allow_private, settings.webhook_allowed_cidrs),
        concurrency=settings.webhook_concurrency, timeout_s=settings.webhook_timeout_seconds,
        retry_scale=settings.webhook_retry_scale, disable_after=timedelta(hours=settings.webhook_disable_after_hours),
        poll_s=settings.webhook_poll_seconds, sweep_s=settings.webhook_sweep_seconds,
        callbacks=registry.callbacks(settings, CallbackContext(engine, box)),
        clear_leases_on_start=engine.url.get_backend_name() == "sqlite")
