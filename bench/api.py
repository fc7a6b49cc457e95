#!/usr/bin/env python3
"""API benchmark: what the service adds on top of the sandbox, measured through real HTTP.

    python3 bench/api.py                       # ~4-6 min on 2 cores
    python3 bench/api.py --burst 100 --read-seconds 5 --sandbox-n 30     # a quicker smoke run

Starts `assay serve` (SQLite, in-process executor) in a temporary data directory, as the e2e tests
do, with the rate limits raised, uploads a small A+B-like problem (1 sample, 2 hidden tests) and
measures:

1. reads: ``--clients`` concurrent candidates (httpx.AsyncClient) alternating
   GET /v1/me/problems/{slug} and GET /v1/me/submissions/{id} for ``--read-seconds``, twice:
   closed loop (no pause: the saturation throughput; latency is then clients / throughput by
   Little's law) and paced (each client pauses ``--think`` seconds between requests, as a browser
   polling a result would): p50/p99 latency and requests/s;
2. intake: a burst of ``--burst`` POST /v1/me/submissions (a fast accepted solution) from the same
   clients: accepted per second and the POST latency;
3. drain: the time until every one of them is graded, read from the database: none lost, none
   duplicated (rows, statuses, verdicts, attempts);
4. the sandbox's own throughput on this machine in the same run: the same submission graded
   ``--sandbox-n`` times directly with ``graders.judge.grade_submission`` on a ``Sandbox`` with the
   server's pool size, by as many threads as the server grades at once; and the ratio of (3) to it.

Goals printed as PASS/MISS: read p99 < 50 ms (paced), drain throughput >= 80% of the sandbox's.
A measurement, not a test: it fails only when something is lost, duplicated or wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLUG = "bench-sum"
SOURCE = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"
PACKAGE = {
    "problem.yaml": (
        f"schema: 1\nslug: {SLUG}\ntitle: Bench Sum\nlanguages: [python3]\n"
        "limits: {time_limit_s: 2, memory_limit_mib: 128}\ngrader: {kind: token}\n"
        "scoring:\n  groups:\n    - {name: main, points: 100}\n"
    ).encode(),
    "statement.md": b"# Sum\n\nPrint the sum of the integers on standard input.\n",
    "tests/sample/01.in": b"1 2\n",
    "tests/sample/01.ans": b"3\n",
    "tests/secret/main/01.in": b"40 2\n",
    "tests/secret/main/01.ans": b"42\n",
    "tests/secret/main/02.in": b"1000000000000 -1\n",
    "tests/secret/main/02.ans": b"999999999999\n",
}


def package_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in sorted(PACKAGE.items()):
            archive.writestr(name, data)
    return out.getvalue()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


# ---------------------------------------------------------------------- the server


class Server:
    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.data_dir = data_dir
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
        self.env.update({"ASSAY_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **env})
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = open(self.data_dir / "serve.log", "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"assay serve exited:\n{(self.data_dir / 'serve.log').read_text()[-4000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit("assay serve was not ready within 120 s")

    def key(self, role: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", "keys", "create", "--role", role, "--quiet"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.data_dir / "assay.db", timeout=30)


# ---------------------------------------------------------------------- phases


def setup(server: Server, invitations: int) -> dict[str, Any]:
    author, reviewer = server.key("author"), server.key("reviewer")
    with httpx.Client(base_url=server.url, timeout=120) as http:
        uploaded = http.post(
            "/v1/problems",
            headers={"Authorization": f"Bearer {author}"},
            files={"file": ("bench.zip", package_zip(), "application/zip")},
        )
        assert uploaded.status_code in (200, 201), uploaded.text
        assessment = http.post(
            "/v1/assessments",
            headers={"Authorization": f"Bearer {author}"},
            json={"title": "bench", "problems": [SLUG], "duration_minutes": 600},
        ).json()
        tokens, seeded = [], []
        expires = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
        for index in range(invitations):
            invitation = http.post(
                "/v1/invitations",
                headers={"Authorization": f"Bearer {reviewer}"},
                json={
                    "assessment_id": assessment["id"],
                    "candidate": {"name": f"c{index}", "email": f"c{index}@example.com"},
                    "expires_at": expires,
                },
            ).json()
            token = invitation["token"]
            assert http.post("/v1/me/start", headers={"Authorization": f"Bearer {token}"}).status_code == 200
            tokens.append(token)
        for token in tokens:  # one graded submission each, for the reads (and a warm pool)
            posted = http.post(
                "/v1/me/submissions?wait=60",
                headers={"Authorization": f"Bearer {token}"},
                json={"problem": SLUG, "language": "python3", "source": SOURCE},
            ).json()
            seeded.append(posted["id"])
        for token, submission_id in zip(tokens, seeded, strict=True):
            while True:
                body = http.get(
                    f"/v1/me/submissions/{submission_id}?wait=30", headers={"Authorization": f"Bearer {token}"}
                ).json()
                if body["status"] in ("graded", "error"):
                    assert body["verdict"] == "AC", body
                    break
    return {"tokens": tokens, "seeded": seeded}


async def reads(server: Server, world: dict[str, Any], clients: int, seconds: float, think: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)

    async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as http:

        async def client(index: int) -> None:
            token = world["tokens"][index % len(world["tokens"])]
            submission_id = world["seeded"][index % len(world["seeded"])]
            headers = {"Authorization": f"Bearer {token}"}
            paths = (f"/v1/me/problems/{SLUG}", f"/v1/me/submissions/{submission_id}")
            turn = index
            await asyncio.sleep(think * index / clients)  # spread the paced clients out
            while time.monotonic() < stop_at:
                path = paths[turn % 2]
                turn += 1
                start = time.perf_counter()
                try:
                    response = await http.get(path, headers=headers)
                    if response.status_code != 200:
                        errors.append(f"{path}: {response.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {exc!r}")
                latencies.append(time.perf_counter() - start)
                if think:
                    await asyncio.sleep(think)

        began = time.monotonic()
        await asyncio.gather(*(client(i) for i in range(clients)))
        elapsed = time.monotonic() - began
    ms = [x * 1000 for x in latencies]
    return {
        "clients": clients,
        "think_s": think,
        "requests": len(ms),
        "errors": len(errors),
        "error_samples": errors[:5],
        "rps": len(ms) / elapsed,
        "p50_ms": pct(ms, 50),
        "p90_ms": pct(ms, 90),
        "p99_ms": pct(ms, 99),
        "max_ms": max(ms) if ms else float("nan"),
    }


async def burst(server: Server, world: dict[str, Any], clients: int, count: int) -> dict[str, Any]:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(count):
        queue.put_nowait(index)
    ids: list[str] = []
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as http:

        async def client(slot: int) -> None:
            while True:
                try:
                    index = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                token = world["tokens"][index % len(world["tokens"])]
                start = time.perf_counter()
                response = await http.post(
                    "/v1/me/submissions",
                    json={"problem": SLUG, "language": "python3", "source": SOURCE},
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"burst-{index}"},
                )
                latencies.append(time.perf_counter() - start)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code == 202:
                    ids.append(response.json()["id"])

        began_wall = time.time()
        began = time.monotonic()
        await asyncio.gather(*(client(i) for i in range(clients)))
        elapsed = time.monotonic() - began
    ms = [x * 1000 for x in latencies]
    return {
        "count": count,
        "accepted": len(ids),
        "statuses": statuses,
        "ids": ids,
        "seconds": elapsed,
        "per_second": len(ids) / elapsed,
        "p50_ms": pct(ms, 50),
        "p99_ms": pct(ms, 99),
        "began_wall": began_wall,
        "began": began,
    }


def drain(server: Server, submitted: dict[str, Any], timeout_s: float) -> dict[str, Any]:
    ids = submitted["ids"]
    deadline = time.monotonic() + timeout_s
    marks = ",".join("?" * len(ids))
    while True:
        with server.db() as db:
            pending = db.execute(
                f"SELECT count(*) FROM submissions WHERE id IN ({marks}) AND status NOT IN ('graded', 'error')", ids
            ).fetchone()[0]
        if pending == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    with server.db() as db:
        rows = db.execute(
            f"SELECT id, status, verdict, attempts, started_at, graded_at FROM submissions WHERE id IN ({marks})", ids
        ).fetchall()
        total_rows = db.execute("SELECT count(*) FROM submissions WHERE kind = 'submission'").fetchone()[0]
        keys = db.execute(
            "SELECT count(DISTINCT idempotency_key) FROM submissions WHERE idempotency_key LIKE 'burst-%'"
        ).fetchone()[0]
    graded_at = [dt.datetime.fromisoformat(r[5]).replace(tzinfo=dt.UTC).timestamp() for r in rows if r[5]]
    last = max(graded_at) if graded_at else float("nan")
    seconds = last - submitted["began_wall"]
    verdicts: dict[str, int] = {}
    for row in rows:
        verdicts[f"{row[1]}/{row[2]}"] = verdicts.get(f"{row[1]}/{row[2]}", 0) + 1
    return {
        "rows": len(rows),
        "distinct_ids": len(set(ids)),
        "total_submission_rows": total_rows,
        "distinct_keys": keys,
        "pending": pending,
        "verdicts": verdicts,
        "attempts_over_1": sum(1 for r in rows if r[3] != 1),
        "seconds": seconds,
        "per_second": len(rows) / seconds if seconds > 0 else float("nan"),
    }


def sandbox_throughput(n: int, threads: int, pool_size: int) -> dict[str, Any]:
    from graders.base import Submission
    from graders.judge import grade_submission
    from problemformat.package_loader import load_package
    from sandbox.runner import Sandbox
    from sandbox.settings import SandboxSettings

    package = load_package(package_zip(), filename="bench.zip")
    submission = Submission(language="python3", files={"main.py": SOURCE.encode()})
    with Sandbox(SandboxSettings(pool_size=pool_size)) as sandbox:
        for _ in range(threads):  # warm-up: images checked, pool filled, grader prepared
            assert grade_submission(package, submission, sandbox).verdict.value == "AC"
        remaining = [n]
        lock = threading.Lock()
        wrong: list[str] = []

        def worker() -> None:
            while True:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                result = grade_submission(package, submission, sandbox)
                if result.verdict.value != "AC":
                    wrong.append(result.verdict.value)

        began = time.monotonic()
        workers = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        elapsed = time.monotonic() - began
    assert not wrong, wrong
    return {"n": n, "threads": threads, "seconds": elapsed, "per_second": n / elapsed}


# ---------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--read-seconds", type=float, default=15.0)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="pause between a paced client's requests (a page polling a result once a second)",
    )
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--invitations", type=int, default=10)
    parser.add_argument("--sandbox-n", type=int, default=60, help="direct gradings for the sandbox's throughput")
    parser.add_argument("--pool-size", type=int, default=2, help="ASSAY_SANDBOX_POOL_SIZE (server and direct)")
    parser.add_argument("--grading-concurrency", type=int, default=2, help="ASSAY_GRADING_CONCURRENCY")
    parser.add_argument("--drain-timeout", type=float, default=1800.0)
    parser.add_argument("--json", type=Path, default=None, help="default: bench/results/api-<date>.json")
    args = parser.parse_args()

    figures: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(),
        "args": {k: str(v) for k, v in vars(args).items()},
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="assay-bench-") as tmp:
        server = Server(
            Path(tmp),
            {
                "ASSAY_SANDBOX_POOL_SIZE": str(args.pool_size),
                "ASSAY_GRADING_CONCURRENCY": str(args.grading_concurrency),
                "ASSAY_SUBMISSIONS_PER_MINUTE": "10000",
                "ASSAY_RUNS_PER_MINUTE": "10000",
                "ASSAY_LOAD_BUNDLED_PROBLEMS": "false",
                "ASSAY_DEMO": "false",
            },
        )
        print(f"starting assay serve on {server.url} (data in {tmp})", flush=True)
        server.start()
        try:
            world = setup(server, args.invitations)
            print(f"{args.invitations} started invitations, one graded submission each", flush=True)
            figures["reads_closed_loop"] = asyncio.run(reads(server, world, args.clients, args.read_seconds, 0.0))
            report_reads("reads, closed loop", figures["reads_closed_loop"])
            figures["reads_paced"] = asyncio.run(reads(server, world, args.clients, args.read_seconds, args.think))
            report_reads(f"reads, paced ({args.think:g} s between requests)", figures["reads_paced"])
            submitted = asyncio.run(burst(server, world, args.clients, args.burst))
            figures["intake"] = {k: v for k, v in submitted.items() if k not in ("ids", "began", "began_wall")}
            print(
                f"intake: {submitted['accepted']}/{args.burst} accepted (HTTP {submitted['statuses']}) in "
                f"{submitted['seconds']:.2f} s = {submitted['per_second']:.0f}/s; POST p50 "
                f"{submitted['p50_ms']:.0f} ms, p99 {submitted['p99_ms']:.0f} ms",
                flush=True,
            )
            figures["drain"] = drain(server, submitted, args.drain_timeout)
            d = figures["drain"]
            print(
                f"drain: {d['rows']} rows for {d['distinct_ids']} accepted ids ({d['distinct_keys']} keys), "
                f"{d['verdicts']}, {d['attempts_over_1']} graded more than once, {d['pending']} pending; "
                f"all graded {d['seconds']:.1f} s after the first POST = {d['per_second']:.2f} submissions/s",
                flush=True,
            )
        finally:
            server.stop()
    print(
        f"sandbox alone: grading the same submission {args.sandbox_n} times, {args.grading_concurrency} threads",
        flush=True,
    )
    figures["sandbox"] = sandbox_throughput(args.sandbox_n, args.grading_concurrency, args.pool_size)
    s = figures["sandbox"]
    print(f"sandbox: {s['n']} in {s['seconds']:.1f} s = {s['per_second']:.2f} submissions/s", flush=True)
    figures["loadavg_end"] = os.getloadavg()

    ratio = figures["drain"]["per_second"] / s["per_second"]
    figures["drain_ratio"] = ratio
    paced = figures["reads_paced"]
    lost = (
        figures["drain"]["rows"] != args.burst
        or figures["drain"]["pending"]
        or figures["drain"]["attempts_over_1"]
        or figures["intake"]["accepted"] != args.burst
    )
    print("\nsummary")
    print(
        f"  reads, {args.clients} clients closed loop: {figures['reads_closed_loop']['rps']:.0f} req/s, "
        f"p50 {figures['reads_closed_loop']['p50_ms']:.1f} ms, p99 {figures['reads_closed_loop']['p99_ms']:.1f} ms"
    )
    print(
        f"  reads, {args.clients} clients paced: {paced['rps']:.0f} req/s, p50 {paced['p50_ms']:.1f} ms, "
        f"p99 {paced['p99_ms']:.1f} ms  [{'PASS' if paced['p99_ms'] < 50 else 'MISS'} p99 < 50 ms]"
    )
    print(f"  submissions accepted: {figures['intake']['per_second']:.0f}/s")
    print(
        f"  drain {figures['drain']['per_second']:.2f}/s vs sandbox {s['per_second']:.2f}/s: ratio {ratio:.2f}  "
        f"[{'PASS' if ratio >= 0.8 else 'MISS'} >= 0.80]"
    )
    print(
        f"  lost or duplicated: {'YES' if lost else 'none'}; load average {figures['loadavg_start']} -> "
        f"{figures['loadavg_end']}"
    )
    path = args.json or ROOT / "bench" / "results" / f"api-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, default=str))
    print(f"figures written to {path}")
    if lost:
        raise SystemExit(1)


def report_reads(title: str, r: dict[str, Any]) -> None:
    print(
        f"{title}: {r['requests']} requests, {r['errors']} errors, {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, "
        f"p90 {r['p90_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.0f} ms"
        + (f" {r['error_samples']}" if r["errors"] else ""),
        flush=True,
    )


if __name__ == "__main__":
    main()
