"""Prometheus metrics of the sandbox (the default ``prometheus_client`` registry; sandbox/ knows nothing
of HTTP: the API's ``/metrics`` or a worker's metrics server exposes them)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

START_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)

START_SECONDS = Histogram(
    "assay_sandbox_start_seconds",
    "Time until a container is ready to run a job: source=pool when a warm one was taken (including any "
    "wait for a start already under way), source=cold when one was created on demand.",
    ["runtime", "source"],
    buckets=START_BUCKETS,
)
POOL_TOTAL = Counter(
    "assay_sandbox_pool",
    "Containers asked of the warm pool: result=hit (a warm one was taken) or miss (started on demand).",
    ["result"],
)
for _result in ("hit", "miss"):  # both series exist from the start, at 0
    POOL_TOTAL.labels(result=_result)


def pool_hit(runtime: str, seconds: float) -> None:
    """A warm container taken from the pool, ``seconds`` after it was asked for."""
    POOL_TOTAL.labels(result="hit").inc()
    START_SECONDS.labels(runtime=runtime, source="pool").observe(max(0.0, seconds))


def pool_miss() -> None:
    """No warm container: one is started on demand (then ``cold_started``)."""
    POOL_TOTAL.labels(result="miss").inc()


def cold_started(runtime: str, seconds: float) -> None:
    """A container started on demand is ready, ``seconds`` after it was asked for."""
    START_SECONDS.labels(runtime=runtime, source="cold").observe(max(0.0, seconds))
