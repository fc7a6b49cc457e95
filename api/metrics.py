"""Prometheus metrics of the API and worker processes (the default ``prometheus_client`` registry).

The API serves them at ``GET /metrics`` (api/routes/metrics.py); a worker process calls
``start_metrics_server(port)``. The sandbox's own metrics (container start, warm pool) live in
sandbox/metrics.py and land in the same registry. docs/metrics.md lists every metric.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from prometheus_client import REGISTRY, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from sandbox import register_metrics

log = logging.getLogger("assay.metrics")

GRADING_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)
QUEUE_WAIT_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
WEBHOOK_RESULTS = ("success", "http_error", "timeout", "network_error", "refused", "internal_error")

GRADING_SECONDS = Histogram(
    "assay_grading_seconds",
    "Time from a grader starting a submission to its final result.",
    ["language"],
    buckets=GRADING_BUCKETS,
)
QUEUE_WAIT_SECONDS = Histogram(
    "assay_queue_wait_seconds",
    "Time from a submission being enqueued to the start of its grading.",
    buckets=QUEUE_WAIT_BUCKETS,
)
VERDICTS = Counter(
    "assay_verdicts",
    "Graded submissions by language and final verdict.",
    ["language", "verdict"],
)
WEBHOOK_ATTEMPTS = Counter(
    "assay_webhook_attempts",
    "Recorded webhook delivery attempts by result: success (2xx), http_error (any other status), "
    "timeout, network_error, refused (the address guard), internal_error.",
    ["result"],
)
for _result in WEBHOOK_RESULTS:  # every series exists from the start, at 0
    WEBHOOK_ATTEMPTS.labels(result=_result)
MAIL_RESULTS = ("sent", "temporary_error", "permanent_error")
MAIL_ATTEMPTS = Counter(
    "assay_mail_attempts",
    "SMTP attempts of invitation e-mails by result: sent, temporary_error (retried: server down, 4xx, "
    "timeout), permanent_error (5xx refusal or nothing to send: failed at once).",
    ["result"],
)
for _result in MAIL_RESULTS:
    MAIL_ATTEMPTS.labels(result=_result)


def observe_grading(language: str, verdict: str, seconds: float, queue_wait_s: float | None) -> None:
    """One submission graded: its grading time, its queue wait (None when unknown) and its verdict."""
    GRADING_SECONDS.labels(language=language).observe(max(0.0, seconds))
    if queue_wait_s is not None:
        QUEUE_WAIT_SECONDS.observe(max(0.0, queue_wait_s))
    VERDICTS.labels(language=language, verdict=verdict).inc()


def record_webhook_attempt(result: str) -> None:
    """One webhook attempt recorded; ``result`` is one of ``WEBHOOK_RESULTS``."""
    WEBHOOK_ATTEMPTS.labels(result=result if result in WEBHOOK_RESULTS else "internal_error").inc()


def record_mail_attempt(result: str) -> None:
    """One e-mail attempt recorded; ``result`` is one of ``MAIL_RESULTS``."""
    MAIL_ATTEMPTS.labels(result=result if result in MAIL_RESULTS else "temporary_error").inc()


# ---------------------------------------------------------------------- queue depth, read at scrape time


class QueueDepthCollector(Collector):
    """``assay_queue_depth`` from a callable asked at every scrape. A callable that raises is logged
    and its sample left out (the family stays, empty), so the scrape itself never fails."""

    def __init__(self) -> None:
        self.source: Callable[[], int] | None = None

    def describe(self) -> list[GaugeMetricFamily]:
        return [self._family()]

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = self._family()
        source = self.source
        if source is not None:
            try:
                family.add_metric([], float(source()))
            except Exception:
                log.warning("assay_queue_depth: the queue depth source failed; sample left out", exc_info=True)
        yield family

    @staticmethod
    def _family() -> GaugeMetricFamily:
        return GaugeMetricFamily("assay_queue_depth", "Submissions waiting to be graded (read at scrape time).")


QUEUE_DEPTH = QueueDepthCollector()
REGISTRY.register(QUEUE_DEPTH)


def set_queue_depth_source(fn: Callable[[], int]) -> None:
    """Where ``assay_queue_depth`` comes from: ``fn()`` is called at every scrape."""
    QUEUE_DEPTH.source = fn


# ---------------------------------------------------------------------- worker processes


def start_metrics_server(port: int, host: str = "0.0.0.0") -> None:
    """Serve this process's metrics at ``http://host:port/metrics`` from a daemon thread."""
    register_metrics()  # the sandbox's metrics show from the first scrape

    start_http_server(port, addr=host)
    log.info("metrics on http://%s:%d/metrics", host, port)
