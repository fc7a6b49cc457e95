"""The delivery worker: claims due deliveries with a lease (api.leased_outbox: a conditional update, so
any number of workers in any number of processes can share one database), sends them from a thread
pool, and records every attempt. In the API process it runs as a thread started by the app's lifespan; a
separate process can run ``DeliveryWorker(...).start()`` or call ``run_once()`` in its own loop.

Retries after about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (each +-15% jitter, times
``ASSAY_WEBHOOK_RETRY_SCALE``, and never sooner than a ``Retry-After`` asks); only 2xx is success;
410 Gone disables the endpoint; an endpoint failing for 5 days with no success is disabled. Nothing
is ordered: each delivery moves on its own, so one failing event never holds up another.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from sqlalchemy import bindparam, insert, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api import metrics
from api.leased_outbox import RELEASED, LeasedRows, Poller, backoff
from api.models import utcnow
from api.security import SecretBox
from api.webhooks import outbox as webhook_outbox
from api.webhooks import signing
from api.webhooks.deadline import attempt_deadline, deadline_transport
from api.webhooks.guard import AddressGuard, RefusedDestination, host_allowed, redacted
from api.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

log = logging.getLogger("assay.webhooks")
SCHEDULE_S = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600)
EXCERPT_BYTES = 1024
# an ATS answering one of these refuses the request for good (a wrong key, a missing record, a body it
# will never take): retrying for three days changes nothing, so the request fails at once with the
# vendor's message, for an admin to retry once the cause is fixed
PERMANENT_REFUSALS = frozenset({401, 403, 404, 422})
USER_AGENT = "Assay-Webhooks/0.1"


@dataclass
class Job:
    delivery_id: int
    claim: str
    event_id: str
    event_type: str
    payload: str
    target: str
    method: str
    url: str
    endpoint_id: str | None
    secrets: list[str]
    tries: int
    trigger: str


@dataclass
class Outcome:
    status_code: int | None
    duration_ms: float
    excerpt: str
    error: str | None
    retry_after_s: float | None
    failure: str | None = None  # no HTTP status: "timeout", "refused", "network_error" or "internal_error";
    # or "rejected": a 2xx whose body says the request failed (an ATS API's {"success": false})

    @property
    def success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and self.failure != "rejected"

    @property
    def result(self) -> str:
        """For ``assay_webhook_attempts_total``: success, http_error or the failure."""
        if self.success:
            return "success"
        if self.status_code is not None:  # a rejected 2xx too: the ATS answered with an error
            return "http_error"
        return self.failure or "network_error"


def retry_delay(tries: int, scale: float = 1.0, retry_after_s: float | None = None) -> float | None:
    """Seconds until the next attempt after ``tries`` failed ones; None when the schedule is spent."""
    return backoff(SCHEDULE_S, tries, scale, retry_after_s)


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - utcnow()).total_seconds())


class DeliveryWorker:
    def __init__(self, engine: Engine, *, box: SecretBox, guard: AddressGuard, concurrency: int = 8,
                 timeout_s: float = 15.0, retry_scale: float = 1.0, disable_after: timedelta = timedelta(days=5),
                 poll_s: float = 1.0, sweep_s: float = 60.0, callbacks: dict[str, Any] | None = None,
                 clear_leases_on_start: bool = False, outbox: webhook_outbox.WebhookOutbox | None = None) -> None:
        """``callbacks``: target -> ``api.integrations.base.Callback``, how each ATS integration's
        result requests are sent (api.integrations.registry.callbacks; none: such requests are refused).
        ``outbox``: the one whose commits wake this worker and whose sweep it runs (default: the one
        bound to ``engine``)."""
        self.engine = engine
        self._outbox = outbox
        self.box = box
        self.guard = guard
        self.concurrency = concurrency
        self.timeout_s = timeout_s
        self.retry_scale = retry_scale
        self.disable_after = disable_after
        self.poll_s = poll_s
        self.sweep_s = sweep_s
        self.callbacks: dict[str, Any] = dict(callbacks or {})
        self.clear_leases_on_start = clear_leases_on_start
        self.prefetch = 2 * concurrency  # jobs owned at once: in flight, queued for a thread, or being recorded
        self.lease = timedelta(seconds=3 * timeout_s + 30)
        self.rows = LeasedRows(
            WebhookDelivery, self.lease,
            eligible=[or_(col(WebhookDelivery.endpoint_id).is_(None), col(WebhookEndpoint.enabled).is_(True))],
            joined=lambda query: query.outerjoin(
                WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id)))
        self._db_lock = threading.Lock()  # this worker's own writes one at a time (no SQLite busy-waits)
        self._outcomes: queue.Queue[tuple[Job, Outcome] | None] = queue.Queue()
        self._recorder: threading.Thread | None = None
        self._dispatcher: Poller | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._inflight = 0
        self._lock = threading.Lock()
        self._client: httpx.Client | None = None
        self._secrets_cache: dict[tuple[str, str], str] = {}
        self._last_sweep = 0.0
        self.delivered = 0  # counters for /metrics and benchmarks
        self.failed_attempts = 0

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        if self._dispatcher is not None:
            return
        if self.clear_leases_on_start:  # single-process embedded mode: leases left by a dead process
            with Session(self.engine) as session:
                self.rows.release_all(session)
                session.commit()
        self._client = self._make_client()
        self._pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="webhook")
        self._dispatcher = Poller("webhook-dispatcher", self._dispatch, self.outbox.wakeups, self.poll_s)
        self._recorder = threading.Thread(target=self._record_loop, name="webhook-recorder", daemon=True)
        self._recorder.start()
        self._dispatcher.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        if self._dispatcher is not None:
            self._dispatcher.stop(timeout_s)
            self._dispatcher = None
        deadline = time.monotonic() + timeout_s
        while self.inflight and time.monotonic() < deadline:
            time.sleep(0.02)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._recorder is not None:
            self._outcomes.put(None)
            self._recorder.join(timeout=timeout_s)
            self._recorder = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def open_client(self) -> None:
        """The HTTP client, for processes that call send/deliver without start() (job-queue workers)."""
        if self._client is None:
            self._client = self._make_client()

    @property
    def outbox(self) -> webhook_outbox.WebhookOutbox:
        if self._outbox is None:
            self._outbox = webhook_outbox.of(self.engine)
        return self._outbox

    def wake(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.wake()

    @property
    def inflight(self) -> int:
        return self._inflight

    def _make_client(self) -> httpx.Client:
        limits = httpx.Limits(max_connections=self.concurrency * 2, max_keepalive_connections=self.concurrency)
        # timeout_s bounds the whole attempt (attempt_deadline), not only each read or write
        logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO line has the full URL (a token, maybe)
        return httpx.Client(timeout=httpx.Timeout(self.timeout_s), follow_redirects=False, trust_env=False,
                            transport=deadline_transport(limits))

    # ------------------------------------------------------------------ the loop

    def _dispatch(self) -> float | None:
        """One round of the dispatcher thread: sweep when it is time, claim what the threads have room
        for; None: go again at once, else the seconds to wait."""
        if time.monotonic() - self._last_sweep >= self.sweep_s:
            self._last_sweep = time.monotonic()
            self.sweep()
        free = self.prefetch - self._inflight
        # claim in batches: when threads may run dry, not for every finished request
        worth = free >= max(1, self.concurrency // 2) or self._inflight == 0
        jobs = self.claim(free) if free > 0 and worth else []
        for job in jobs:
            with self._lock:
                self._inflight += 1
            assert self._pool is not None
            self._pool.submit(self._run_job, job)
        if jobs and len(jobs) == free:
            return None
        return self._next_due_in() if worth and free > len(jobs) else self.poll_s

    def _run_job(self, job: Job) -> None:
        try:
            outcome = self.send(job)
        except Exception as exc:  # pragma: no cover - send catches what the network raises
            log.exception("webhook delivery %s failed unexpectedly", job.delivery_id)
            outcome = Outcome(None, 0.0, "", f"internal error: {type(exc).__name__}", None, "internal_error")
        self._outcomes.put((job, outcome))

    def _record_loop(self) -> None:
        """Write outcomes in batches: one transaction for all that finished meanwhile."""
        while True:
            item = self._outcomes.get()
            if item is None:
                return
            batch = [item]
            while len(batch) < 500:
                try:
                    more = self._outcomes.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._outcomes.put(None)
                    break
                batch.append(more)
            try:
                self.record_batch(batch)
            except Exception:
                log.exception("recording %d webhook attempt(s) failed; their leases expire and they go again",
                              len(batch))
            finally:
                with self._lock:
                    self._inflight -= len(batch)
                self.wake()

    def run_once(self, limit: int | None = None) -> int:
        """Claim what is due and deliver it in this thread (for tools and other processes)."""
        if self._client is None:
            self._client = self._make_client()
        jobs = self.claim(limit or self.concurrency)
        for job in jobs:
            self.deliver(job)
        return len(jobs)

    def deliver_due(self, max_rounds: int = 50) -> int:
        """Claim and send everything due now, ``concurrency`` at a time, in this call (a job-queue
        worker's delivery job); returns the attempts made."""
        self.open_client()
        sent = 0
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="webhook") as pool:
            for _ in range(max_rounds):
                jobs = self.claim(self.concurrency)
                if not jobs:
                    break
                self.record_batch(list(zip(jobs, pool.map(self.send, jobs), strict=True)))
                sent += len(jobs)
        return sent

    def has_due(self) -> bool:
        """Whether a delivery is due now (a job-queue worker then defers a delivery job)."""
        with Session(self.engine) as session:
            return bool(self.rows.due_ids(session, utcnow(), 1))

    def sweep(self) -> dict[str, int]:
        with Session(self.engine, expire_on_commit=False) as session:
            counts = webhook_outbox.sweep(session, outbox=self.outbox)
            session.commit()
        if any(counts.values()):
            log.info("webhook sweep: %s", counts)
        return counts

    def _next_due_in(self) -> float:
        with Session(self.engine) as session:
            return self.rows.seconds_to_next(session, self.poll_s, 0.002)

    # ------------------------------------------------------------------ claim

    def claim(self, limit: int) -> list[Job]:
        now = utcnow()
        with self._db_lock, Session(self.engine, expire_on_commit=False) as session:
            token = self.rows.claim(session, limit, now)
            if token is None:
                return []
            rows = session.exec(
                select(WebhookDelivery, WebhookEvent, WebhookEndpoint)
                .join(WebhookEvent, col(WebhookEvent.id) == WebhookDelivery.event_id)
                .outerjoin(WebhookEndpoint, col(WebhookEndpoint.id) == WebhookDelivery.endpoint_id)
                .where(col(WebhookDelivery.claim) == token)
            ).all()
            session.commit()
        jobs = []
        for delivery, event, endpoint in rows:
            assert delivery.id is not None
            if endpoint is not None:
                url, secrets = endpoint.url, self._secrets(endpoint, now)
            else:
                url, secrets = delivery.url or "", []
            jobs.append(Job(delivery_id=delivery.id, claim=token, event_id=event.id, event_type=event.type,
                            payload=event.payload, target=delivery.target, method=delivery.method, url=url,
                            endpoint_id=delivery.endpoint_id, secrets=secrets, tries=delivery.tries,
                            trigger=delivery.trigger))
        return jobs

    def _decrypt(self, token: str) -> str:
        key = ("", token)
        secret = self._secrets_cache.get(key)
        if secret is None:
            secret = self.box.decrypt(token)
            if len(self._secrets_cache) > 10_000:
                self._secrets_cache.clear()
            self._secrets_cache[key] = secret
        return secret

    def _secrets(self, endpoint: WebhookEndpoint, now: datetime) -> list[str]:
        secrets = [self._decrypt(endpoint.secret_enc)]
        if endpoint.previous_secret_enc and endpoint.previous_expires_at and endpoint.previous_expires_at > now:
            secrets.append(self._decrypt(endpoint.previous_secret_enc))
        return secrets

    # ------------------------------------------------------------------ send

    def send(self, job: Job) -> Outcome:
        assert self._client is not None
        started = time.perf_counter()
        status_code: int | None = None
        excerpt, error, retry_after, failure = "", None, None, None
        try:
            callback = None
            if job.target != "endpoint":  # an ATS integration's result request: it carries a credential
                callback = self.callbacks.get(job.target)
                if callback is None:
                    raise RefusedDestination(f"no enabled integration sends {job.target!r} requests")
                if not host_allowed(job.url, callback.hosts):
                    raise RefusedDestination(f"the {callback.label} callback's host is not in {callback.hosts_setting}")
            target = self.guard.target(job.url)
            headers = {"user-agent": USER_AGENT, "host": target.host_header}
            if callback is None:
                content = job.payload.encode()
                headers.update(signing.headers(job.event_id, int(time.time()), job.payload, job.secrets))
            else:  # e.g. Greenhouse's PATCH (no body), Ashby's assessment.update, a Lever note
                outgoing = callback.build(job.url, job.payload)
                content = outgoing.content
                headers.update(outgoing.headers)
            extensions = {"sni_hostname": target.sni_hostname} if target.sni_hostname else {}
            with attempt_deadline(self.timeout_s), self._client.stream(
                    job.method, target.url, content=content, headers=headers, extensions=extensions) as response:
                status_code = response.status_code
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) >= EXCERPT_BYTES:
                        break
                excerpt = body[:EXCERPT_BYTES].decode("utf-8", "replace")
            if callback is not None and 200 <= status_code < 300:
                error = callback.rejected(status_code, excerpt)  # a 2xx that says it failed
                if error is not None:
                    failure = "rejected"
        except RefusedDestination as exc:
            error, failure = f"refused: {exc}", "refused"
        except httpx.TimeoutException:
            error, failure = f"timed out after {self.timeout_s:g} s", "timeout"
        except httpx.HTTPError as exc:
            error, failure = f"{type(exc).__name__}: {exc}"[:500], "network_error"
        return Outcome(status_code=status_code, duration_ms=round((time.perf_counter() - started) * 1000, 2),
                       excerpt=excerpt, error=error, retry_after_s=retry_after, failure=failure)

    def deliver(self, job: Job) -> Outcome:
        outcome = self.send(job)
        self.record(job, outcome)
        return outcome

    def record(self, job: Job, outcome: Outcome) -> None:
        self.record_batch([(job, outcome)])

    def record_batch(self, items: list[tuple[Job, Outcome]]) -> None:
        """Store attempts and move their deliveries on, all in one transaction (bulk statements)."""
        now = utcnow()
        attempts: list[dict[str, object]] = []
        changes: list[dict[str, object]] = []
        with self._db_lock, Session(self.engine) as session:
            endpoints: dict[str, WebhookEndpoint | None] = {}
            for job, outcome in items:
                tries = job.tries + 1
                attempts.append({
                    "delivery_id": job.delivery_id, "endpoint_id": job.endpoint_id, "event_id": job.event_id,
                    "event_type": job.event_type, "url": job.url, "attempted_at": now, "success": outcome.success,
                    "status_code": outcome.status_code, "duration_ms": outcome.duration_ms,
                    "response_excerpt": outcome.excerpt, "error": outcome.error,
                    "trigger": job.trigger if job.tries == 0 else "retry"})
                change: dict[str, object] = {
                    "b_id": job.delivery_id, "b_claim": job.claim, "tries": tries, "status": "pending",
                    "next_attempt_at": now, "succeeded_at": None, "last_status_code": outcome.status_code,
                    "last_error": outcome.error}
                endpoint = None
                if job.endpoint_id:
                    if job.endpoint_id not in endpoints:
                        endpoints[job.endpoint_id] = session.get(WebhookEndpoint, job.endpoint_id)
                    endpoint = endpoints[job.endpoint_id]
                if outcome.success:
                    change.update(status="succeeded", succeeded_at=now)
                    if endpoint is not None:
                        endpoint.last_success_at, endpoint.failing_since = now, None
                elif outcome.status_code == 410:
                    change.update(status="failed")
                    if endpoint is not None and endpoint.enabled:
                        self._disable(endpoint, now, "the endpoint answered 410 Gone")
                elif job.target != "endpoint" and outcome.status_code in PERMANENT_REFUSALS:
                    change.update(status="failed", last_error=self._refusal(job, outcome))
                else:
                    delay = retry_delay(tries, self.retry_scale, outcome.retry_after_s)
                    if delay is None:
                        change.update(status="failed")
                    else:
                        change.update(next_attempt_at=now + timedelta(seconds=delay))
                    if endpoint is not None:
                        endpoint.failing_since = endpoint.failing_since or now
                        if endpoint.enabled and now - endpoint.failing_since >= self.disable_after:
                            self._disable(endpoint, now, f"failing since {endpoint.failing_since:%Y-%m-%d %H:%M} "
                                                         "UTC with no successful delivery")
                changes.append(change)
            # (SQLModel sets __table__ on table models at runtime; its type stubs do not declare it)
            session.execute(insert(WebhookAttempt.__table__), attempts)  # type: ignore[attr-defined]
            table = WebhookDelivery.__table__  # type: ignore[attr-defined]
            session.execute(
                update(table).where(table.c.id == bindparam("b_id"), table.c.claim == bindparam("b_claim"))
                .values(tries=bindparam("tries"), status=bindparam("status"),
                        next_attempt_at=bindparam("next_attempt_at"), succeeded_at=bindparam("succeeded_at"),
                        last_status_code=bindparam("last_status_code"), last_error=bindparam("last_error"),
                        updated_at=now, **RELEASED),
                changes)
            for endpoint in endpoints.values():
                if endpoint is not None:
                    session.add(endpoint)
            session.commit()
        for job, outcome in items:
            metrics.record_webhook_attempt(outcome.result)
            if outcome.success:
                self.delivered += 1
            else:
                self.failed_attempts += 1
                log.info("webhook %s (%s) to %s: %s", job.event_id, job.event_type, redacted(job.url),
                         outcome.error or f"HTTP {outcome.status_code}")

    def _refusal(self, job: Job, outcome: Outcome) -> str:
        """What an ATS's permanent refusal says, for the admin who will fix the cause and retry."""
        callback = self.callbacks.get(job.target)
        label = callback.label if callback is not None else job.target
        said = " ".join(outcome.excerpt.split())[:300] or "no message"
        return (f"{label} refused the request with HTTP {outcome.status_code} ({said}); not retried: fix the key "
                f"or the settings, then retry it")[:500]

    @staticmethod
    def _disable(endpoint: WebhookEndpoint, now: datetime, reason: str) -> None:
        endpoint.enabled = False
        endpoint.disabled_at = now
        endpoint.disabled_reason = reason
        endpoint.updated_at = now
        log.warning("webhook endpoint %s disabled: %s", endpoint.id, reason)
