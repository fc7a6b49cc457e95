"""Webhook delivery benchmark: deliveries per second to a local receiver that takes 1 ms per request,
and the delay from a grade being stored to the first delivery attempt (p50/p99; goal p99 < 1 s).

    python3 bench/webhooks.py [--events 3000] [--concurrency 8] [--grades 300] [--rate 20]

The service runs in this process as `assay serve` runs it (the app, uvicorn on loopback, the delivery
worker thread, SQLite in WAL mode); the receiver is a separate process (tests/support/receiver_process.py)
that verifies every signature with the standardwebhooks package. Grades are stored through the
grading service's own final-result transaction (GradingService._finish, with its on_graded hooks), so
the delay measured is the webhook path's, not the sandbox's. No Docker needed.
Writes bench/results/webhooks-<date>-<time>.json (ignored by git; --json PATH writes elsewhere).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sqlmodel import Session, select  # noqa: E402
from support.net import wait_for  # noqa: E402
from support.receiver import Receiver  # noqa: E402
from support.service import Service, invite, upload_tiny_problem  # noqa: E402

from api.models import Submission, utcnow  # noqa: E402
from api.services import assessments as assessment_service  # noqa: E402
from api.webhooks import outbox  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def throughput(service: Service, endpoint_id: str, events: int, batch: int) -> dict[str, float]:
    engine = service.app.state.engine
    worker = service.app.state.webhooks
    before = worker.delivered
    started = time.perf_counter()
    for offset in range(0, events, batch):
        with Session(engine) as session:
            for _ in range(min(batch, events - offset)):
                outbox.emit(
                    session, "test", {"endpoint_id": endpoint_id, "message": "throughput"}, only_endpoint=endpoint_id
                )
            session.commit()
    emitted = time.perf_counter() - started
    wait_for(lambda: worker.delivered - before >= events, 600, 0.01, "every delivery")
    elapsed = time.perf_counter() - started
    # the drain alone: a backlog stored while the worker was stopped, then the worker started
    worker.stop()
    for offset in range(0, events, batch):
        with Session(engine) as session:
            for _ in range(min(batch, events - offset)):
                outbox.emit(
                    session, "test", {"endpoint_id": endpoint_id, "message": "backlog"}, only_endpoint=endpoint_id
                )
            session.commit()
    before = worker.delivered
    drain_started = time.perf_counter()
    worker.start()
    wait_for(lambda: worker.delivered - before >= events, 600, 0.01, "the backlog")
    drained = time.perf_counter() - drain_started
    return {
        "events": events,
        "seconds": round(elapsed, 3),
        "deliveries_per_s": round(events / elapsed, 1),
        "emit_seconds": round(emitted, 3),
        "backlog_seconds": round(drained, 3),
        "backlog_deliveries_per_s": round(events / drained, 1),
    }


def grading_delay(service: Service, receiver: Receiver, grades: int, rate: float) -> dict[str, float]:
    """Store grades the way the grading service does and time each first attempt at the receiver."""
    admin = service.client(service.key())
    assessment_id = upload_tiny_problem(admin)
    invitation = invite(admin, assessment_id)
    candidate = service.client(invitation["token"])
    candidate.post("/v1/me/start").raise_for_status()
    engine = service.app.state.engine
    grading = service.app.state.grading
    with Session(engine) as session:
        version_id = assessment_service.problem_versions(session, assessment_id)[0].id
    ids = []
    with Session(engine) as session:
        for _ in range(grades):
            row = Submission(
                kind="submission",
                invitation_id=invitation["id"],
                problem_version_id=version_id,
                language="python3",
                files={"main.py": "print(1)"},
                status="running",
                attempts=1,
                started_at=utcnow(),
            )
            session.add(row)
            ids.append(row.id)
        session.commit()
    receiver.reset()
    payload = {
        "verdict": "AC",
        "points": 100.0,
        "max_points": 100.0,
        "result": {"verdict": "AC", "tests": [{"group": "main", "name": "01", "verdict": "AC"}]},
    }
    interval = 1.0 / rate
    next_at = time.perf_counter()
    for submission_id in ids:
        grading._finish(submission_id, "graded", payload)
        next_at += interval
        time.sleep(max(0.0, next_at - time.perf_counter()))
    wait_for(lambda: len(receiver.requests("submission.graded")) >= grades, 120, 0.05, "every graded event")
    with Session(engine) as session:
        graded_at = {s.id: s.graded_at for s in session.exec(select(Submission).where(Submission.id.in_(ids))).all()}  # type: ignore[attr-defined]
    delays = []
    for request in receiver.requests("submission.graded"):
        moment = graded_at[request["body"]["data"]["submission_id"]]
        delays.append((request["received_at"] - moment.timestamp()) * 1000)
    return {
        "grades": grades,
        "rate_per_s": rate,
        "p50_ms": round(percentile(delays, 50), 1),
        "p90_ms": round(percentile(delays, 90), 1),
        "p99_ms": round(percentile(delays, 99), 1),
        "max_ms": round(max(delays), 1),
        "mean_ms": round(statistics.fmean(delays), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=100, help="events per emitting transaction")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--grades", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20.0, help="grades stored per second")
    parser.add_argument("--latency-ms", type=float, default=1.0, help="the receiver's time per request")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    results: dict[str, object] = {
        "started": datetime.now(UTC).isoformat(),
        "receiver_latency_ms": args.latency_ms,
        "load_average_before": os.getloadavg(),
        "throughput": [],
        "grading_delay": None,
    }
    with tempfile.TemporaryDirectory() as tmp:
        receiver = Receiver(delay_ms=args.latency_ms).start()
        try:
            for concurrency in args.concurrency:
                service = Service(
                    Path(tmp) / f"c{concurrency}",
                    webhook_concurrency=concurrency,
                    webhook_retry_scale=1.0,
                    webhook_poll_seconds=1.0,
                ).start()
                try:
                    admin = service.client(service.key())
                    endpoint = admin.post("/v1/webhooks/endpoints", json={"url": receiver.url}).json()
                    receiver.control(secrets=[endpoint["secret"]], verify_log=False)
                    receiver.reset()
                    throughput(service, endpoint["id"], min(200, args.events), args.batch)  # warm-up
                    receiver.reset()
                    measured = throughput(service, endpoint["id"], args.events, args.batch)
                    figure = {"concurrency": concurrency, **measured}
                    log = receiver.log()
                    figure["received"] = len(log["requests"])
                    figure["all_verified"] = all(r["verified_by"] == [0] for r in log["requests"])
                    results["throughput"].append(figure)  # type: ignore[union-attr]
                    print(
                        f"throughput, {concurrency} in flight: {figure['deliveries_per_s']} deliveries/s "
                        f"while emitting ({figure['events']} events in {figure['seconds']} s); "
                        f"{figure['backlog_deliveries_per_s']} deliveries/s draining a backlog; "
                        f"{figure['received']} requests, all verified: {figure['all_verified']}",
                        flush=True,
                    )
                    if concurrency == args.concurrency[0]:
                        receiver.control(verify_log=True)
                        delay = grading_delay(service, receiver, args.grades, args.rate)
                        results["grading_delay"] = delay
                        print(
                            f"grade stored -> first attempt received: p50 {delay['p50_ms']} ms, "
                            f"p90 {delay['p90_ms']} ms, p99 {delay['p99_ms']} ms, max {delay['max_ms']} ms "
                            f"({delay['grades']} grades at {delay['rate_per_s']}/s)",
                            flush=True,
                        )
                finally:
                    service.stop()
        finally:
            receiver.stop()
    results["load_average_after"] = os.getloadavg()
    print(
        f"load average before {results['load_average_before'][0]:.1f}, after {os.getloadavg()[0]:.1f} "  # type: ignore[index]
        f"({os.cpu_count()} cores): other work on the machine skews these figures"
    )
    path = args.json or ROOT / "bench" / "results" / f"webhooks-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
