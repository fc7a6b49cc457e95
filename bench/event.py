#!/usr/bin/env python3
"""Hiring-event benchmark: does "Run on samples" stay interactive while a crowd submits?

    .venv/bin/python bench/event.py                  # ~4 min on 2 cores
    .venv/bin/python bench/event.py --candidates 10 --idle-runs 6   # a quicker smoke run
    .venv/bin/python bench/event.py --repo /tmp/assay-before         # the same load against another checkout

Starts a real `assay serve` (embedded: SQLite in a temporary data directory, the in-process executor
with its default slots, the real Docker sandbox under runc) with the rate limits raised, uploads a
python3 problem whose grading takes about two seconds (2 samples, 12 hidden tests of ~0.1 s of CPU
each), invites ``--candidates`` + 1 candidates, and measures, in one run:

1. idle: the one candidate presses Run (POST /v1/me/runs, samples only) ``--idle-runs`` times in a
   row on an otherwise idle server; the latency is the candidate's (press -> final result over HTTP,
   long-polled with ?wait); the median is the yardstick of goal 1. Then the candidates autosave for
   ``--idle-autosave-seconds`` with nothing else going on: the autosave latency without a burst;
2. the event: ``--candidates`` candidates each autosave every ``--autosave-every`` s (PUT
   /v1/me/drafts/{slug}/python3, as the candidate app does) and submit twice (POST
   /v1/me/submissions, the first at a random moment of the first half of ``--submit-window`` s, the
   second in the second half), while the one candidate keeps pressing Run (a pause of ``--run-pause``
   s after each result) until every submission is graded. Run latency under the burst is over the runs
   pressed while gradings were waiting; autosave latency over every PUT of the event.

Goals, printed PASS/MISS: run p95 under the burst <= 3x the idle run median; autosave p99 <= 250 ms.
Also printed: the runs' queue wait (started_at - created_at from the database), the queue_position
the candidates were shown, the submissions' POST latency and how long the backlog took to drain.
Every phase also reports the machine's CPU pressure (/proc/pressure/cpu "some": the share of time
at least one runnable task waited for a core) and the server process's CPU: figures taken while
other work saturates the cores measure that work as much as Assay (``--wait-quiet`` first waits for
a quieter machine). A measurement, not a test: it fails only when something is lost or wrong (a submission not AC, an
autosave refused). Figures go to bench/results/event-<date>-<time>.json (ignored by git).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
RUN_GOAL_RATIO = 3.0
AUTOSAVE_GOAL_MS = 250.0

SLUG = "event-sum"
# about 0.1 s of CPU a hidden test: a grading of 12 is ~2 s on this machine, a run (2 small samples) ~0.5 s
SOURCE = (
    "import sys\n"
    "n = int(sys.stdin.read())\n"
    "total = 0\n"
    "for i in range(n):\n"
    "    total += i * i % 7\n"
    "print(total)\n"
)


def expected(n: int) -> int:
    return sum(i * i % 7 for i in range(n))


def package_zip(hidden: int, n: int) -> bytes:
    files = {
        "problem.yaml": (
            f"schema: 1\nslug: {SLUG}\ntitle: Event Sum\nlanguages: [python3]\n"
            "limits: {time_limit_s: 5, memory_limit_mib: 128}\ngrader: {kind: token}\n"
            "scoring:\n  groups:\n    - {name: main, points: 100}\n"
        ),
        "statement.md": "# Sum\n\nPrint the sum of i*i mod 7 for i below n.\n",
        "tests/sample/01.in": "10\n",
        "tests/sample/01.ans": f"{expected(10)}\n",
        "tests/sample/02.in": "1000\n",
        "tests/sample/02.ans": f"{expected(1000)}\n",
    }
    for index in range(hidden):
        size = n + index
        files[f"tests/secret/main/{index + 1:02d}.in"] = f"{size}\n"
        files[f"tests/secret/main/{index + 1:02d}.ans"] = f"{expected(size)}\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in sorted(files.items()):
            archive.writestr(name, text)
    return out.getvalue()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def cpu_pressure_us() -> int:
    """Microseconds some runnable task has waited for a core since boot (PSI), 0 where unavailable."""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return 0
    return int(first.rsplit("total=", 1)[1])


def process_cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Phase:
    """CPU pressure and the server's CPU over one phase."""

    def __init__(self, server: Server) -> None:
        self.pid = server.process.pid if server.process else 0
        self.began, self.pressure, self.cpu = time.monotonic(), cpu_pressure_us(), process_cpu_s(self.pid)

    def end(self) -> dict[str, float]:
        seconds = time.monotonic() - self.began
        return {"seconds": seconds, "cpu_pressure": (cpu_pressure_us() - self.pressure) / 1e6 / seconds,
                "server_cpu": (process_cpu_s(self.pid) - self.cpu) / seconds, "load1": os.getloadavg()[0]}


def describe(machine: dict[str, float]) -> str:
    return (f"[{machine['seconds']:.0f} s; CPU pressure {machine['cpu_pressure']:.0%}, load {machine['load1']:.1f}, "
            f"server {machine['server_cpu']:.0%} of a core]")


def wait_quiet(seconds: float) -> None:
    """Wait up to ``seconds`` for the machine to calm down (1-min load under 1.5 and CPU pressure under 20%)."""
    deadline = time.monotonic() + seconds
    while True:
        before = cpu_pressure_us()
        time.sleep(10)
        pressure, load = (cpu_pressure_us() - before) / 1e7, os.getloadavg()[0]
        if load < 1.5 and pressure < 0.2:
            say(f"machine quiet: load {load:.1f}, CPU pressure {pressure:.0%}")
            return
        if time.monotonic() > deadline:
            say(f"machine still busy (load {load:.1f}, CPU pressure {pressure:.0%}): measuring anyway")
            return
        say(f"waiting for a quiet machine: load {load:.1f}, CPU pressure {pressure:.0%}")


def say(text: str = "") -> None:
    print(text, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# ---------------------------------------------------------------------- the server


class Server:
    """`assay serve` from ``repo`` (this checkout by default) in a temporary data directory."""

    def __init__(self, repo: Path, data_dir: Path, env: dict[str, str]) -> None:
        self.repo = repo
        self.data_dir = data_dir
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_") and k != "PYTHONPATH"}
        self.env.update({"ASSAY_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(repo), **env})
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.data_dir / "serve.log", "ab") as log:
            self.process = subprocess.Popen(
                [PY, "-m", "api.cli", "serve", "--port", str(self.port)], cwd=self.repo, env=self.env,
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"assay serve exited:\n{(self.data_dir / 'serve.log').read_text()[-4000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit("assay serve was not ready within 180 s")

    def key(self, role: str) -> str:
        done = subprocess.run([PY, "-m", "api.cli", "keys", "create", "--role", role, "--quiet"], cwd=self.repo,
                              env=self.env, capture_output=True, text=True, check=True)
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


def setup(server: Server, candidates: int, hidden: int, n: int) -> list[str]:
    """The problem, an assessment, ``candidates`` started invitations; one graded submission and one run
    first, so images, pool and caches are warm."""
    author, reviewer = server.key("author"), server.key("reviewer")
    with httpx.Client(base_url=server.url, timeout=120) as http:
        uploaded = http.post("/v1/problems", headers={"Authorization": f"Bearer {author}"},
                             files={"file": ("event.zip", package_zip(hidden, n), "application/zip")})
        assert uploaded.status_code in (200, 201), uploaded.text
        assessment = http.post("/v1/assessments", headers={"Authorization": f"Bearer {author}"},
                               json={"title": "event", "problems": [SLUG], "duration_minutes": 600,
                                     "languages": ["python3"]})
        assert assessment.status_code == 201, assessment.text
        expires = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
        tokens = []
        for index in range(candidates):
            invitation = http.post("/v1/invitations", headers={"Authorization": f"Bearer {reviewer}"},
                                   json={"assessment_id": assessment.json()["id"], "expires_at": expires,
                                         "candidate": {"name": f"c{index}", "email": f"c{index}@example.com"}})
            assert invitation.status_code == 201, invitation.text
            token = invitation.json()["token"]
            assert http.post("/v1/me/start", headers={"Authorization": f"Bearer {token}"}).status_code == 200
            tokens.append(token)
        headers = {"Authorization": f"Bearer {tokens[0]}"}
        for path in ("/v1/me/submissions", "/v1/me/runs"):
            item = http.post(f"{path}?wait=60", headers=headers,
                             json={"problem": SLUG, "language": "python3", "source": SOURCE}).json()
            assert item["verdict"] == "AC", item
    return tokens


# ---------------------------------------------------------------------- the clients


async def press_run(http: httpx.AsyncClient, token: str) -> dict[str, Any]:
    """One press of Run on samples, as the candidate app does it: POST ?wait, then GET ?wait until final."""
    headers = {"Authorization": f"Bearer {token}"}
    began = time.perf_counter()
    response = await http.post("/v1/me/runs?wait=30", headers=headers,
                               json={"problem": SLUG, "language": "python3", "source": SOURCE})
    assert response.status_code in (200, 202), response.text
    item = response.json()
    position = item.get("queue_position")
    while item["status"] in ("queued", "running"):
        item = (await http.get(f"/v1/me/runs/{item['id']}?wait=30", headers=headers)).json()
    assert item["verdict"] == "AC", item
    return {"id": item["id"], "seconds": time.perf_counter() - began, "position": position}


async def idle_runs(server: Server, token: str, count: int) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
        out = []
        for _ in range(count):
            out.append(await press_run(http, token))
            await asyncio.sleep(0.5)  # let the warm pool refill, as a person reading the result would
        return out


async def idle_autosaves(server: Server, tokens: list[str], seconds: float, every: float) -> list[float]:
    """The candidates autosave for ``seconds`` with nothing else going on."""
    limits = httpx.Limits(max_connections=len(tokens) + 10, max_keepalive_connections=len(tokens) + 10)
    latencies: list[float] = []
    stop_at = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=server.url, timeout=120, limits=limits) as http:

        async def autosaver(index: int, token: str) -> None:
            await asyncio.sleep(every * index / len(tokens))
            while time.monotonic() < stop_at:
                began = time.perf_counter()
                response = await http.put(f"/v1/me/drafts/{SLUG}/python3", headers={"Authorization": f"Bearer {token}"},
                                          json={"source": SOURCE})
                assert response.status_code == 200, response.text
                latencies.append(time.perf_counter() - began)
                await asyncio.sleep(max(0.0, every - (time.perf_counter() - began)))

        await asyncio.gather(*(autosaver(i, t) for i, t in enumerate(tokens)))
    return latencies


def pending_submissions(server: Server) -> int:
    with server.db() as db:
        return db.execute("SELECT count(*) FROM submissions WHERE kind = 'submission' "
                          "AND status NOT IN ('graded', 'error')").fetchone()[0]


async def event(server: Server, tokens: list[str], runner: str, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    limits = httpx.Limits(max_connections=len(tokens) * 3 + 20, max_keepalive_connections=len(tokens) * 3 + 20)
    autosaves: list[float] = []
    autosave_errors: list[str] = []
    posts: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    done = asyncio.Event()
    expected_total = len(tokens) * args.submissions

    async with httpx.AsyncClient(base_url=server.url, timeout=120, limits=limits) as http:

        async def autosaver(token: str) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            await asyncio.sleep(rng.uniform(0, args.autosave_every))
            edit = 0
            while not done.is_set():
                edit += 1
                began = time.perf_counter()
                try:
                    response = await http.put(f"/v1/me/drafts/{SLUG}/python3", headers=headers,
                                              json={"source": f"{SOURCE}# edit {edit}\n"})
                    if response.status_code != 200:
                        autosave_errors.append(f"{response.status_code}: {response.text[:200]}")
                except httpx.HTTPError as exc:
                    autosave_errors.append(repr(exc))
                autosaves.append(time.perf_counter() - began)
                await asyncio.sleep(max(0.0, args.autosave_every - (time.perf_counter() - began)))

        async def submitter(token: str) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            share = args.submit_window / args.submissions  # the k-th submission in the k-th share of the window
            moments = [rng.uniform(k * share, (k + 1) * share) for k in range(args.submissions)]
            began = time.monotonic()
            for moment in moments:
                await asyncio.sleep(max(0.0, began + moment - time.monotonic()))
                start = time.perf_counter()
                response = await http.post("/v1/me/submissions", headers=headers,
                                           json={"problem": SLUG, "language": "python3", "source": SOURCE})
                assert response.status_code == 202, response.text
                body = response.json()
                posts.append({"id": body["id"], "seconds": time.perf_counter() - start,
                              "position": body.get("queue_position")})

        async def run_presser() -> None:
            while not done.is_set():
                backlog = len(posts) > 0
                result = await press_run(http, runner)
                result["under_burst"] = backlog and not done.is_set()
                runs.append(result)
                await asyncio.sleep(args.run_pause)

        async def watch() -> None:
            while len(posts) < expected_total or await asyncio.to_thread(pending_submissions, server) > 0:
                await asyncio.sleep(0.25)
            done.set()

        began = time.monotonic()
        await asyncio.gather(watch(), run_presser(), *(autosaver(t) for t in tokens),
                             *(submitter(t) for t in tokens))
        seconds = time.monotonic() - began
    return {"seconds": seconds, "autosaves": autosaves, "autosave_errors": autosave_errors, "posts": posts,
            "runs": runs}


def from_db(server: Server, ids: list[str]) -> dict[str, dict[str, Any]]:
    marks = ",".join("?" * len(ids))
    with server.db() as db:
        rows = db.execute(f"SELECT id, status, verdict, attempts, created_at, started_at, graded_at FROM submissions "
                          f"WHERE id IN ({marks})", ids).fetchall()

    def at(value: str | None) -> float | None:
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC).timestamp() if value else None

    return {r[0]: {"status": r[1], "verdict": r[2], "attempts": r[3], "created": at(r[4]), "started": at(r[5]),
                   "graded": at(r[6])} for r in rows}


# ---------------------------------------------------------------------- main


def check_images() -> None:
    """The sandbox's python3 image must exist (`assay images build`), or every grading would fail."""
    sys.path.insert(0, str(ROOT))
    from sandbox import Sandbox, SandboxSettings, get_language

    box = Sandbox(SandboxSettings(runtime="runc", pool_size=0))
    try:
        box.image_for(get_language("python3"))
    finally:
        box.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=30, help="candidates who autosave and submit")
    parser.add_argument("--submissions", type=int, default=2, help="submissions per candidate")
    parser.add_argument("--submit-window", type=float, default=20.0, help="seconds over which they submit")
    parser.add_argument("--autosave-every", type=float, default=2.0)
    parser.add_argument("--idle-runs", type=int, default=12)
    parser.add_argument("--idle-autosave-seconds", type=float, default=20.0)
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                        help="first wait up to this long for a quiet machine")
    parser.add_argument("--run-pause", type=float, default=1.0, help="the runner's pause after each result")
    parser.add_argument("--hidden", type=int, default=12, help="hidden tests of the problem")
    parser.add_argument("--n", type=int, default=600_000, help="loop size of a hidden test (~0.1 s of CPU)")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--repo", type=Path, default=ROOT, help="serve this checkout instead (before/after)")
    parser.add_argument("--env", action="append", default=[], metavar="ASSAY_X=V", help="extra server setting")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the data directory and the server log")
    args = parser.parse_args()

    check_images()
    if args.wait_quiet > 0:
        wait_quiet(args.wait_quiet)
    data_dir = Path(tempfile.mkdtemp(prefix="assay-bench-event-"))
    env = {"ASSAY_SUBMISSIONS_PER_MINUTE": "10000", "ASSAY_RUNS_PER_MINUTE": "10000",
           "ASSAY_MAX_QUEUED_SUBMISSIONS": "0", "ASSAY_SANDBOX_RUNTIME": "runc", "ASSAY_DEMO": "false",
           "ASSAY_LOAD_BUNDLED_PROBLEMS": "false", "ASSAY_WEBHOOK_WORKER": "false"}
    env.update(dict(item.split("=", 1) for item in args.env))
    server = Server(args.repo.resolve(), data_dir, env)
    commit = subprocess.run(["git", "-C", str(args.repo), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    say(f"bench/event.py: {args.candidates} candidates + 1 runner, {args.submissions} submissions each, "
        f"{args.hidden} hidden tests; serving {args.repo} ({commit}); cores: {os.cpu_count()}")
    machine: dict[str, dict[str, float]] = {}
    try:
        server.start()
        tokens = setup(server, args.candidates + 1, args.hidden, args.n)
        runner, crowd = tokens[0], tokens[1:]

        say(f"\n1. idle: {args.idle_runs} runs in a row, then {len(crowd)} candidates autosave for "
            f"{args.idle_autosave_seconds:g} s")
        phase = Phase(server)
        idle = asyncio.run(idle_runs(server, runner, args.idle_runs))
        machine["idle_runs"] = phase.end()
        idle_s = [r["seconds"] for r in idle]
        idle_median = statistics.median(idle_s)
        say(f"   run latency median {idle_median * 1000:.0f} ms (min {min(idle_s) * 1000:.0f}, "
            f"max {max(idle_s) * 1000:.0f})  {describe(machine['idle_runs'])}")
        phase = Phase(server)
        idle_saves_ms = [x * 1000 for x in asyncio.run(
            idle_autosaves(server, crowd, args.idle_autosave_seconds, args.autosave_every))]
        machine["idle_autosaves"] = phase.end()
        say(f"   autosaves: {len(idle_saves_ms)}; p50 {pct(idle_saves_ms, 50):.0f} ms, "
            f"p99 {pct(idle_saves_ms, 99):.0f} ms, max {max(idle_saves_ms):.0f} ms  "
            f"{describe(machine['idle_autosaves'])}")

        say(f"\n2. the event: {len(crowd)} candidates autosave every {args.autosave_every:g} s and submit "
            f"{args.submissions}x within {args.submit_window:g} s; one presses Run until the backlog is graded")
        phase = Phase(server)
        result = asyncio.run(event(server, crowd, runner, args))
        machine["event"] = phase.end()
    finally:
        server.stop()

    posts = result["posts"]
    rows = from_db(server, [p["id"] for p in posts] + [r["id"] for r in result["runs"]])
    bad = [(i, r["status"], r["verdict"]) for i, r in rows.items() if r["verdict"] != "AC"]
    if len(rows) != len(posts) + len(result["runs"]) or bad:
        raise SystemExit(f"lost or wrong: {len(rows)} rows for {len(posts)} submissions + {len(result['runs'])} "
                         f"runs; not AC: {bad[:5]}")
    if result["autosave_errors"]:
        raise SystemExit(f"autosaves refused: {result['autosave_errors'][:5]}")

    burst_runs = [r for r in result["runs"] if r["under_burst"]]
    run_s = [r["seconds"] for r in burst_runs]
    run_waits = [rows[r["id"]]["started"] - rows[r["id"]]["created"] for r in burst_runs]
    run_p95 = pct(run_s, 95)
    ratio = run_p95 / idle_median
    saves_ms = [s * 1000 for s in result["autosaves"]]
    save_p99 = pct(saves_ms, 99)
    graded = [rows[p["id"]]["graded"] for p in posts]
    first = min(rows[p["id"]]["created"] for p in posts)
    drain_s = max(graded) - first
    grading_s = [rows[p["id"]]["graded"] - rows[p["id"]]["started"] for p in posts]
    positions = [p["position"] for p in posts if p["position"] is not None]
    run_positions = [r["position"] for r in burst_runs if r["position"] is not None]

    say(f"   {len(posts)} submissions graded (all AC) in {drain_s:.1f} s from the first stored: "
        f"{len(posts) / drain_s * 60:.0f}/min; a grading {statistics.median(grading_s):.2f} s (median); "
        f"POST p50 {pct([p['seconds'] * 1000 for p in posts], 50):.0f} ms, "
        f"p99 {pct([p['seconds'] * 1000 for p in posts], 99):.0f} ms")
    if positions:
        say(f"   queue_position shown on submitting: max {max(positions)}, median {statistics.median(positions):.0f}")
    say(f"   runs under the burst: {len(run_s)}; latency p50 {pct(run_s, 50) * 1000:.0f} ms, "
        f"p95 {run_p95 * 1000:.0f} ms, max {max(run_s) * 1000:.0f} ms; queue wait (started - created) "
        f"p50 {pct(run_waits, 50) * 1000:.0f} ms, max {max(run_waits) * 1000:.0f} ms"
        + (f"; queue_position shown: max {max(run_positions)}" if run_positions else ""))
    say(f"   autosaves: {len(saves_ms)}; p50 {pct(saves_ms, 50):.0f} ms, p99 {save_p99:.0f} ms, "
        f"max {max(saves_ms):.0f} ms")
    say(f"   {describe(machine['event'])}")
    say("\nGoals")
    say(f"   run p95 under the burst {run_p95 * 1000:.0f} ms = {ratio:.2f}x the idle median "
        f"{idle_median * 1000:.0f} ms  [{verdict(ratio <= RUN_GOAL_RATIO)} <= {RUN_GOAL_RATIO:g}x]")
    say(f"   autosave p99 {save_p99:.0f} ms  [{verdict(save_p99 <= AUTOSAVE_GOAL_MS)} <= {AUTOSAVE_GOAL_MS:.0f} ms]")

    out = args.json or ROOT / "bench" / "results" / f"event-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "commit": commit, "args": {k: str(v) for k, v in vars(args).items()},
        "idle_runs_s": idle_s, "idle_median_s": idle_median, "burst_runs": burst_runs, "run_waits_s": run_waits,
        "run_p95_s": run_p95, "ratio": ratio, "autosave_ms": saves_ms, "autosave_p99_ms": save_p99,
        "idle_autosave_ms": idle_saves_ms, "machine": machine,
        "submissions": posts, "drain_s": drain_s, "event_s": result["seconds"],
        "goals": {"run": ratio <= RUN_GOAL_RATIO, "autosave": save_p99 <= AUTOSAVE_GOAL_MS},
    }, indent=1, default=str))
    say(f"\nfigures: {out}")
    if args.keep:
        say(f"data and server log: {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
