"""Wiring for the API process: the secret box, the address guard and the delivery worker, from settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine

from api.security import SecretBox
from api.settings import Settings
from api.webhooks import outbox
from api.webhooks.guard import AddressGuard
from api.webhooks.worker import DeliveryWorker


def make_worker(engine: Engine, settings: Settings, box: SecretBox | None = None) -> DeliveryWorker:
    """The delivery worker, with the result requests of every enabled ATS integration (the
    integrations are hooked into the outbox here, for every process that delivers or grades)."""
    from api.integrations import registry

    registry.install()
    return DeliveryWorker(
        engine, box=box or SecretBox(settings.webhook_secret_key, settings.data_dir),
        guard=AddressGuard(settings.webhook_allow_private, settings.webhook_allowed_cidrs),
        concurrency=settings.webhook_concurrency, timeout_s=settings.webhook_timeout_seconds,
        retry_scale=settings.webhook_retry_scale, disable_after=timedelta(hours=settings.webhook_disable_after_hours),
        poll_s=settings.webhook_poll_seconds, sweep_s=settings.webhook_sweep_seconds,
        callbacks=registry.callbacks(settings),
        clear_leases_on_start=engine.url.get_backend_name() == "sqlite")


def install(state: Any, engine: Engine, settings: Settings) -> DeliveryWorker:
    """Put the webhook services on ``app.state`` and return the (not yet started) worker."""
    outbox.configure(settings.resolved_public_url)
    box = SecretBox(settings.webhook_secret_key, settings.data_dir)
    worker = make_worker(engine, settings, box)
    state.webhook_box = box
    state.webhook_guard = worker.guard
    state.webhooks = worker
    return worker
