"""Hiring analytics at scale: generate one assessment with 100,000 graded submissions across a few
thousand invitations (tests/support/analytics_data.py: stored results made by the real scoring module, per-group
rows written as the grading service writes them), then request the console's analytics page (and the
JSON API) and print p50/p95, on SQLite and on a throwaway PostgreSQL (Debian's, tests/support/postgres.py).

    .venv/bin/python bench/analytics.py [--submissions 100000] [--invitations 4000] [--requests 20]
                                        [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(p) - 1] if len(ordered) > 1 else ordered[0]


def run(label: str, folder: Path, database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    from fastapi.testclient import TestClient
    from sqlmodel import Session
    from support.analytics_data import generate
    from support.reviewer_data import make_app

    from api.services.keys import create_key

    overrides: dict[str, Any] = {"session_cookie_secure": False}
    if database_url:
        overrides["database_url"] = database_url
    app = make_app(folder, **overrides)
    engine = app.state.engine
    began = time.perf_counter()
    generated = generate(engine, invitations=args.invitations, submissions=args.submissions, seed=42,
                         index_groups=True, title="Benchmark screening")
    generated_s = time.perf_counter() - began
    # a second, small assessment: the figures of one must not scan the other's rows
    generate(engine, invitations=200, submissions=2000, seed=43, index_groups=True, title="Other screening")
    with Session(engine) as session:
        _, reviewer = create_key(session, "reviewer", "bench")
        session.commit()
    with engine.begin() as connection:  # planner statistics, as autovacuum / a periodic ANALYZE would have
        connection.exec_driver_sql("ANALYZE")
    timings: dict[str, list[float]] = {"page": [], "json": []}
    with TestClient(app) as client:
        form = client.get("/ui/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token is not None
        client.post("/ui/login", data={"key": reviewer, "csrf_token": token.group(1), "next": "/ui/"})
        page_url = f"/ui/assessments/{generated.assessment_id}/analytics"
        json_url = f"/v1/assessments/{generated.assessment_id}/analytics"
        warm = client.get(page_url)
        assert warm.status_code == 200 and "funnel-table" in warm.text, warm.text[:500]
        for _ in range(args.requests):
            for name, url, headers in (("page", page_url, {}),
                                       ("json", json_url, {"Authorization": f"Bearer {reviewer}"})):
                start = time.perf_counter()
                answer = client.get(url, headers=headers)
                timings[name].append(1000 * (time.perf_counter() - start))
                assert answer.status_code == 200
        data = client.get(json_url, headers={"Authorization": f"Bearer {reviewer}"}).json()
    engine.dispose()
    result = {"database": label, "invitations": args.invitations, "submissions": generated.submissions,
              "generate_s": round(generated_s, 1), "finished": data["scores"]["finished"]}
    for name, values in timings.items():
        result[f"{name}_p50_ms"] = round(percentile(values, 50), 1)
        result[f"{name}_p95_ms"] = round(percentile(values, 95), 1)
    print(f"{label:10s} {result['submissions']:>7d} submissions, {result['invitations']} invitations "
          f"({result['finished']} finished; generated in {result['generate_s']} s): "
          f"analytics page p50 {result['page_p50_ms']} ms, p95 {result['page_p95_ms']} ms; "
          f"JSON p50 {result['json_p50_ms']} ms, p95 {result['json_p95_ms']} ms", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--invitations", type=int, default=4000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    if args.only != "postgresql":
        folder = Path(tempfile.mkdtemp(prefix="assay-bench-analytics-"))
        try:
            run("SQLite", folder, "", args)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if args.only != "sqlite":
        from support.postgres import PostgresServer, find_bindir

        if find_bindir() is None:
            print("PostgreSQL is not installed: skipped (scripts/setup-host.sh installs it)")
            return
        root = Path(tempfile.mkdtemp(prefix="assay-bench-pg-"))
        server = PostgresServer(root).init()
        server.start()
        folder = Path(tempfile.mkdtemp(prefix="assay-bench-analytics-"))
        try:
            run("PostgreSQL", folder, server.create_database(), args)
        finally:
            server.stop("immediate")
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
