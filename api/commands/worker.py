"""`assay worker`: grade submissions and deliver webhooks from the PostgreSQL job queue (scale-out mode)."""

from __future__ import annotations

import logging

import click


@click.command("worker")
@click.option("--concurrency", type=click.IntRange(1, 64), default=None,
              help="jobs run at once (ASSAY_WORKER_CONCURRENCY, default 2; about one per core)")
@click.option("--queues", default=None, metavar="Q[,Q...]",
              help="queues to take jobs from: runs (candidates' runs), grading, webhooks (default all three)")
@click.option("--metrics-port", type=click.IntRange(0, 65535), default=None,
              help="serve Prometheus /metrics on this port (ASSAY_WORKER_METRICS_PORT; 0: off)")
def worker(concurrency: int | None, queues: str | None, metrics_port: int | None) -> None:
    """Run a worker: needs ASSAY_DATABASE_URL (PostgreSQL) and a Docker engine with the sandbox images
    (`assay images build` on this host). SIGTERM finishes running gradings first; a second SIGINT stops
    at once and the jobs are retried elsewhere."""
    from api.executor import jobs
    from api.executor.worker import run_worker
    from api.log_redaction import install as redact_credentials
    from api.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redact_credentials()  # no candidate token, report key or API key in a log line (issue 22.2)
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    names = [q.strip() for q in queues.split(",") if q.strip()] if queues else None
    known = set(jobs.QUEUES)
    if names and (unknown := set(names) - known):
        raise click.BadParameter(f"unknown queue(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}",
                                 param_hint="--queues")
    run_worker(Settings(), concurrency=concurrency, queues=names, metrics_port=metrics_port)
