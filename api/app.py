"""The FastAPI application: settings, database, executor and sandbox wired together."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors, log_redaction, wiring
from api.compression import Compression
from api.console import mount as console
from api.console.pages import html_error as console_error_page
from api.db import make_engine
from api.executor.base import Executor
from api.executor.distributed import ProcrastinateExecutor, defer_webhook_delivery
from api.executor.inprocess import InProcessExecutor
from api.integrations import registry as integrations
from api.interviews import mount as interviews
from api.limits import BodyLimit
from api.mail import runtime as mail_runtime
from api.migrate import upgrade
from api.no_store import NoStore
from api.pages import errors as page_errors
from api.people.oidc import OidcClient
from api.people.throttle import AddressThrottle
from api.routes import (
    analytics,
    assessments,
    audit,
    comments,
    events,
    health,
    invitations,
    keys,
    me,
    metrics,
    privacy,
    problems,
    reviews,
    submissions,
    webhooks,
)
from api.sandbox_provider import LazySandbox
from api.services import retention, review_reminders
from api.services.analytics_cache import AnalyticsCache
from api.services.grading import GradingService
from api.settings import Settings, get_settings
from api.take import mount as take
from api.take.pages import html_error as candidate_error_page
from api.webhooks import runtime as webhook_runtime

log = logging.getLogger("assay")

DESCRIPTION = """Self-hosted technical screening. Staff authenticate with an API key
(`Authorization: Bearer ask_...`, roles admin, author, reviewer, ats); candidates with their invitation
token (`Bearer inv_...`). Errors are RFC 9457 `application/problem+json`."""


def create_app(settings: Settings | None = None, *, start_executor: bool = True) -> FastAPI:
    settings = settings or get_settings()
    engine = make_engine(settings.resolved_database_url, pool_size=settings.database_pool_size,
                         max_overflow=settings.database_max_overflow)
    upgrade(engine)
    distributed = settings.resolved_executor == "procrastinate"
    # the outboxes of this app, bound to its engine; distributed: each event's transaction defers a
    # delivery job for `assay worker` processes
    outboxes = wiring.build(engine, settings, on_pending=defer_webhook_delivery if distributed else None)
    sandbox = LazySandbox()
    grading = GradingService(engine, sandbox)
    executor: Executor = (ProcrastinateExecutor(engine) if distributed
                          else InProcessExecutor(engine, grading.grade, concurrency=settings.grading_concurrency,
                                                  run_concurrency=settings.run_concurrency))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log_redaction.install()  # the server configured its logging by now: no credential in any line
        if start_executor or distributed:  # the distributed one only hooks the outbox: workers deliver
            executor.start()
        if settings.webhook_worker and not distributed:
            webhook_worker.start()
        mail_sender.start()  # only when ASSAY_SMTP_HOST is set; leases let every API process run one
        reminders.start()  # overdue reviews: only with ASSAY_SMTP_HOST and ASSAY_REVIEW_REMINDER_HOURS > 0
        try:
            async with retention.periodic_purge(engine, settings.retention_days, settings.retention_check_minutes):
                yield
        finally:
            reminders.stop()
            mail_sender.stop()
            webhook_worker.stop()
            executor.stop()
            sandbox.close()
            engine.dispose()

    app = FastAPI(title="Assay", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.executor = executor
    app.state.grading = grading
    app.state.sandbox = sandbox
    app.state.docker_ping = sandbox.ping
    app.state.webhook_box = outboxes.box  # the secret box (webhook secrets and candidate tokens)
    app.state.webhook_outbox = outboxes.webhooks
    app.state.mail_outbox = outboxes.mail
    webhook_worker = webhook_runtime.make_worker(engine, settings, outboxes.box, outboxes.webhooks)
    app.state.webhook_guard = webhook_worker.guard
    app.state.webhooks = webhook_worker
    mail_sender = mail_runtime.make_sender(engine, settings, outboxes.box, outboxes.mail)
    app.state.mail = mail_sender
    reminders = review_reminders.make(engine, settings)
    app.state.review_reminders = reminders
    # people (issue 21): single sign-on where configured, and the per-address sign-in limit
    app.state.oidc = OidcClient(settings) if settings.oidc_issuer and settings.oidc_client_id else None
    app.state.login_throttle = AddressThrottle()
    errors.install(app)
    app.add_middleware(
        BodyLimit,
        default_bytes=2 * settings.max_source_kib * 1024 + settings.max_stdin_kib * 1024 + 64 * 1024,
        upload_bytes=(settings.max_upload_mib << 20) + 64 * 1024,
        upload_paths=("/v1/problems", "/ui/authoring/"),  # packages: the API and the console's authoring
    )
    app.add_middleware(NoStore)  # the REST and ATS answers carry tokens and personal data: never cached
    app.add_middleware(Compression)  # outermost: gzip for text answers
    app.state.analytics = AnalyticsCache()  # the analytics page, JSON and CSV: computed again after a grading
    for module in (health, keys, problems, assessments, invitations, submissions, me, audit, privacy,
                   webhooks, events, metrics, analytics, comments, reviews):
        app.include_router(module.router)
    for integration in integrations.enabled(settings):  # the ATS integrations' APIs, /integrations/<name>/
        app.include_router(integration.router)
    console.install(app)  # the staff console (/ui/..., /v1/invitations/{id}/report.html)
    take.install(app)  # the candidate pages (/take/...)
    interviews.install(app)  # interviews and their pads (/ui/interviews/..., /interview/<token>; issue 24)
    page_errors.install(app, [console_error_page, candidate_error_page])  # errors on the pages as a page
    return app
