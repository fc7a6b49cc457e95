#!/usr/bin/env python3
"""Interview pad benchmark: many pads of two participants typing at once, through real WebSockets.

    python3 bench/interview.py                        # 5 pads (the run's baseline), then 50 pads x 2,
                                                      # 5 keys/s each, 30 s each
    python3 bench/interview.py --pads 10 --seconds 10 # a quicker smoke run

Starts `assay serve` (SQLite) in a temporary data directory, schedules ``--pads`` interviews (each
starting now, the pad starting from a candidate's screening code), and opens per pad one interviewer
socket (the console's session cookie) and one candidate socket (the pad link). Each side types
``--rate`` characters a second (one keystroke = one insertion at the end of the document), pushes as
@codemirror/collab does (one push in flight; a stale push is rebased on what arrived and pushed again)
and applies what it receives. Printed:

- keystroke -> the other side's screen: from the moment a key is typed (it may wait for the push in
  flight) to the moment the other participant receives it as an accepted update: p50, p99, max;
- the server's CPU (user + system of the `assay serve` process, /proc) per pad, as % of one core;
- convergence: at the end each participant's text (what it applied) has the server's document's length.

- the 1-minute load average before and after each phase, and the ratios of the main phase to the
  baseline phase (``--baseline`` pads first, on the same server): on a machine shared with other work
  the ratio says what the pads' number costs, whatever the load.

Goal printed as PASS/MISS: p99 < 100 ms on loopback. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

try:
    import uvloop
except ImportError:  # the standard loop then
    uvloop = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _prepare(data_dir: Path, pads: int) -> tuple[str, list[tuple[str, str]]]:
    """Migrate and seed the database: returns the interviewer's session cookie and (interview id, token) per pad."""
    from sqlmodel import Session

    from api.app import create_app
    from api.interviews import service
    from api.models import utcnow
    from api.people import sessions, teams, users
    from api.people.models import TeamRole
    from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
    from api.services import assessments as assessment_service
    from api.services import invitations as invitation_service
    from api.services import problems as problem_service
    from api.settings import Settings
    from problemformat.package_loader import load_package

    app = create_app(Settings(data_dir=data_dir, load_bundled_problems=False, demo=False), start_executor=False)
    out: list[tuple[str, str]] = []
    with Session(app.state.engine) as session:
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        team = teams.create(session, "Bench")
        rita = users.create(session, email="rita@bench.example", name="Rita Reviewer")
        teams.set_member(session, team, rita, TeamRole.REVIEWER)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Bench", problems=["alert-windows"], duration_minutes=60, languages=["python3"]), None)
        assessment.team_id = team.id
        for n in range(pads):
            invitation, _ = invitation_service.create(session, InvitationCreate(
                assessment_id=assessment.id, candidate=CandidateIn(name=f"Candidate {n}", email=f"c{n}@bench.example"),
                expires_at=utcnow() + timedelta(days=7)), None)
            interview, token = service.schedule(session, invitation, rita, service.ScheduleIn(
                starts_at=utcnow(), duration_minutes=60, interviewer_ids=[rita.id], problem_slug=None,
                language="python3", video_url=None), app.state.webhook_box)
            out.append((interview.id, token))
        _, cookie = sessions.start(session, rita, hours=8)
        session.commit()
    app.state.engine.dispose()
    return cookie, out


class Server:
    def __init__(self, data_dir: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
        self.env.update({"ASSAY_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "ASSAY_DEMO": "false",
                         "ASSAY_LOAD_BUNDLED_PROBLEMS": "false", "ASSAY_SESSION_COOKIE_SECURE": "false"})
        self.data_dir = data_dir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.data_dir / "serve.log", "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)],
                                            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
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

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _apply_length(length: int, changes: list[Any]) -> int:
    for section in changes:
        if isinstance(section, list):
            length += len("\n".join(section[1:])) - section[0]
    return length


@dataclass
class Side:
    name: str  # a clientID
    typed_at: dict[int, float] = field(default_factory=dict)  # keystroke number -> when it was typed
    pending: list[int] = field(default_factory=list)  # keystrokes typed, not yet acknowledged
    sent: int = 0  # keystroke numbers below this were sent
    in_flight: bool = False
    version: int = 0
    length: int = 0
    text: list[str] = field(default_factory=list)


async def _participant(url: str, headers: dict[str, str], me: Side, peer: Side, latencies: list[float],
                       rate: float, stop_at: float, ready: asyncio.Event, done: asyncio.Event) -> tuple[str, int]:
    """Type, push and apply until both sides are done; returns the pad's final text and this side's length."""
    async with connect(url, additional_headers=headers, max_size=2**22) as ws:
        await ws.send(json.dumps({"type": "hello", "version": None}))
        doc: str = ""

        async def push() -> None:
            if me.in_flight or not me.pending:
                return
            me.in_flight = True
            length = me.length
            updates = []
            for key in me.pending:
                updates.append({"clientID": f"{me.name}:{key}", "changes": [length, [0, "x"]]})
                length += 1
            await ws.send(json.dumps({"type": "push", "version": me.version, "updates": updates}))

        async def typing() -> None:
            await ready.wait()
            key = 0
            while time.monotonic() < stop_at:
                await asyncio.sleep(random.expovariate(rate))
                me.typed_at[key] = time.monotonic()
                me.pending.append(key)
                key += 1
                await push()
            while me.pending and time.monotonic() < stop_at + 10:  # let the last ones land
                await asyncio.sleep(0.05)
            done.set()

        typist = asyncio.create_task(typing())
        try:
            while not (done.is_set() and peer_done(peer)):
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=0.5)
                except TimeoutError:
                    continue
                message = json.loads(raw)
                if message["type"] == "doc":
                    doc, me.version, me.length = message["doc"], message["version"], len(message["doc"])
                    ready.set()
                elif message["type"] == "updates":
                    now = time.monotonic()
                    for update in message["updates"]:
                        author, _, key = update["clientID"].partition(":")
                        me.version += 1
                        me.length = _apply_length(me.length, update["changes"])
                        if author == me.name:
                            if me.pending and me.pending[0] == int(key):
                                me.pending.pop(0)
                        elif author == peer.name:
                            latencies.append(now - peer.typed_at[int(key)])
                elif message["type"] == "pushed":
                    me.in_flight = False
                    await push()
            await ws.send(json.dumps({"type": "hello", "version": None}))
            while True:  # what was broadcast before the document's snapshot arrives before it
                message = json.loads(await ws.recv())
                if message["type"] == "updates":
                    for update in message["updates"]:
                        me.length = _apply_length(me.length, update["changes"])
                if message["type"] == "doc":
                    return str(message["doc"]), me.length
        finally:
            typist.cancel()
    raise AssertionError(f"unreachable ({len(doc)})")


def peer_done(peer: Side) -> bool:
    return not peer.pending


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _run(base: str, cookie: str, pads: list[tuple[str, str]], rate: float, seconds: float,
               server_pid: int) -> tuple[list[float], float, int]:
    ws_base = base.replace("http://", "ws://")
    latencies: list[float] = []
    stop_at = time.monotonic() + seconds + 3  # 3 s to connect everyone
    tasks = []
    for interview_id, token in pads:
        staff, cand = Side(f"i{interview_id[:6]}"), Side(f"c{interview_id[:6]}")
        ready_staff, ready_cand = asyncio.Event(), asyncio.Event()
        done_staff, done_cand = asyncio.Event(), asyncio.Event()
        origin = {"Origin": base}
        tasks.append(asyncio.create_task(_participant(
            f"{ws_base}/ui/interviews/{interview_id}/socket", {**origin, "Cookie": f"assay_session={cookie}"},
            staff, cand, latencies, rate, stop_at, ready_staff, done_staff)))
        tasks.append(asyncio.create_task(_participant(
            f"{ws_base}/interview/{token}/socket", origin, cand, staff, latencies, rate, stop_at, ready_cand,
            done_cand)))
    await asyncio.sleep(3)
    cpu_before, wall_before = _cpu_seconds(server_pid), time.monotonic()
    count_before = len(latencies)
    await asyncio.sleep(seconds)
    cpu = (_cpu_seconds(server_pid) - cpu_before) / (time.monotonic() - wall_before)
    measured = latencies[count_before:]
    texts = await asyncio.gather(*tasks)
    # each side's view (the updates it applied) has the length of the server's document when it asked
    mismatched = sum(1 for text, length in texts if len(text) != length)
    return measured, cpu, mismatched


@dataclass
class Phase:
    pads: int
    latencies_ms: list[float]
    cpu: float  # the server's share of one core
    mismatched: int
    load: tuple[float, float]  # the 1-minute load average before and after

    def line(self, seconds: float) -> str:
        ms = sorted(self.latencies_ms)
        p50, p99 = statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        return (f"{self.pads:>3} pads x 2: {len(ms) / seconds:5.0f} keystrokes/s seen, p50 {p50:6.1f} ms, "
                f"p99 {p99:6.1f} ms, max {ms[-1]:6.1f} ms, server CPU {self.cpu * 100:5.1f} % "
                f"({self.cpu * 100 / self.pads:.2f} % per pad), load {self.load[0]:.1f} -> {self.load[1]:.1f}")

    @property
    def p99(self) -> float:
        ms = sorted(self.latencies_ms)
        return ms[min(len(ms) - 1, int(len(ms) * 0.99))]


def _client(base: str, cookie: str, pads: list[tuple[str, str]], rate: float, seconds: float,
            server_pid: int) -> tuple[list[float], float, int]:
    """One client process: both participants of each of its pads."""
    if uvloop is not None:
        uvloop.install()  # the clients' loop as the server's (uvicorn takes uvloop when it is installed)
    return asyncio.run(_run(base, cookie, pads, rate, seconds, server_pid))


def _phase(server: Server, cookie: str, pads: list[tuple[str, str]], rate: float, seconds: float,
           clients: int) -> Phase:
    """The pads shared among ``clients`` processes (a pad's two sides in the same one), all at once."""
    assert server.process is not None
    before = os.getloadavg()[0]
    shares = [pads[n::clients] for n in range(clients) if pads[n::clients]]
    with ProcessPoolExecutor(len(shares), mp_context=multiprocessing.get_context("fork")) as pool:
        results = list(pool.map(_client, *zip(*[(server.url, cookie, share, rate, seconds, server.process.pid)
                                                for share in shares], strict=True)))
    latencies = [x * 1000 for r in results for x in r[0]]
    cpu = statistics.fmean(r[1] for r in results)  # the same window in each process, give or take
    return Phase(len(pads), latencies, cpu, sum(r[2] for r in results), (before, os.getloadavg()[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pads", type=int, default=50)
    parser.add_argument("--baseline", type=int, default=5,
                        help="pads of a first phase on the same server, as the run's own baseline (0: none)")
    parser.add_argument("--rate", type=float, default=5.0, help="keystrokes per second per participant")
    parser.add_argument("--seconds", type=float, default=30.0, help="the measured period of each phase")
    parser.add_argument("--clients", type=int, default=2, help="client processes sharing the pads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assay-bench-interview-") as tmp:
        data_dir = Path(tmp)
        print(f"preparing {args.baseline + args.pads} interviews...", flush=True)
        cookie, pads = _prepare(data_dir, args.baseline + args.pads)
        server = Server(data_dir)
        server.start()
        phases = []
        try:
            if args.baseline:
                phases.append(_phase(server, cookie, pads[:args.baseline], args.rate, args.seconds,
                                     args.clients))
                print(phases[-1].line(args.seconds), flush=True)
            phases.append(_phase(server, cookie, pads[args.baseline:], args.rate, args.seconds, args.clients))
            print(phases[-1].line(args.seconds), flush=True)
        finally:
            server.stop()
            slow = [line for line in (data_dir / "serve.log").read_text().splitlines() if "pad writer" in line]
            print(f"the server logged {len(slow)} slow batches of the pad writer (over 100 ms)")
            for line in slow[:5]:
                print(f"  {line[-80:]}")
    print(f"{os.cpu_count()} CPUs; {args.rate:g} keystrokes/s per participant, {args.seconds:g} s measured per phase")
    main_phase = phases[-1]
    if len(phases) == 2:
        base = phases[0]
        print(f"p99 ratio {main_phase.pads} pads / {base.pads} pads: {main_phase.p99 / base.p99:.2f}; "
              f"CPU per pad ratio: {(main_phase.cpu / main_phase.pads) / (base.cpu / base.pads):.2f}")
    mismatched = sum(p.mismatched for p in phases)
    print(f"participants whose text differs from the server's at the end: {mismatched}")
    print(f"goal p99 < 100 ms at {main_phase.pads} pads: {'PASS' if main_phase.p99 < 100 else 'MISS'}")
    if mismatched:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
