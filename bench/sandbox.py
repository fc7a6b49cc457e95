#!/usr/bin/env python3
"""Sandbox benchmark: what judging in a container costs over running the same programs bare.

    python3 bench/sandbox.py            # full run (~15 min on 2 cores)
    python3 bench/sandbox.py --quick    # fewer repetitions (~4 min), for a smoke check

Measures, for a Python and a C submission, each with 10 test cases, in two regimes (``lcs``: every
test is 50-300 ms of CPU natively; ``aplusb``: every test is trivial):

1. bare: the 10 runs executed directly on this host, sequentially (and compile + 10 runs);
2. verdict latency (compile + 10 tests, sequential) with cold containers (pool_size=0), with the warm
   pool (runc) and with the warm pool under gVisor (runsc), as ratios to bare;
3. per-test overhead with the pool: caller-seen latency of run_one minus RunResult.wall_ms;
4. throughput: graded submissions per minute with 2 concurrent submissions, against bare;
5. where the per-test time goes: a profiling pass with a timestamped copy of the agent (the image's
   own /opt/assay/agent.py, wrapped) and timed Docker API calls, plus host CPU accounting.

It prints tables and writes every figure (and the raw samples) to bench/results/sandbox-<date>.json.
It is a measurement, not a test: it never fails on a missed goal, only on a broken sandbox.
See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import io
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is called sandbox.py: keep its folder off the path so `import sandbox` is the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from sandbox import agent as agent_module  # noqa: E402
from sandbox import container as container_module  # noqa: E402
from sandbox.container import Box, ContainerSpec  # noqa: E402
from sandbox.images import image_tag  # noqa: E402
from sandbox.labels import LABEL_OWNER, owner_id  # noqa: E402
from sandbox.languages import Language, get_language  # noqa: E402
from sandbox.models import CompileResult, Limits, TestInput  # noqa: E402
from sandbox.pool import WarmPool  # noqa: E402
from sandbox.runner import Sandbox, connect  # noqa: E402
from sandbox.settings import SandboxSettings  # noqa: E402
from sandbox.verdicts import Verdict  # noqa: E402

WORKLOADS_DIR = HERE / "workloads"
RESULTS_DIR = HERE / "results"
LIMITS = Limits(time_limit_s=2.0, memory_limit_mib=256)
BATCH_LIMITS = Limits(time_limit_s=20.0, memory_limit_mib=256)  # what-if: all 10 tests in one job
CONCURRENCY = 2

# Issue 12's goals, measured in the default isolation mode (one container per submission):
GOAL_OVERHEAD_P95_MS = {"runc": 60.0, "runsc": 130.0, "crun": 60.0}
GOAL_LATENCY_RATIO = {"runc": 1.2, "runsc": 1.5, "crun": 1.2}
GOAL_THROUGHPUT_RATIO = 0.80

console = Console(width=max(150, shutil.get_terminal_size((150, 40)).columns), highlight=False)


class BenchError(RuntimeError):
    """The sandbox did something a benchmark cannot work around (image missing, wrong answer...)."""


# ----------------------------------------------------------------------------- workloads


@dataclass
class Workload:
    key: str  # e.g. "python3/lcs"
    language: str
    kind: str  # "heavy" or "tiny"
    source_name: str
    source: bytes
    tests: list[bytes]
    expected: list[bytes] = field(default_factory=list)  # filled in from the bare runs
    native_ms: list[float] = field(default_factory=list)  # per-test bare wall time (median of reps)


def _lcs_tests(sizes: list[int], seed: int) -> list[bytes]:
    tests = []
    for i, n in enumerate(sizes):
        rng = random.Random(seed * 1000 + i)
        m = n - 7 * i  # slightly rectangular, like a real test set
        a = "".join(rng.choices("ACGT", k=n))
        b = "".join(rng.choices("ACGT", k=m))
        tests.append(f"{n} {m}\n{a}\n{b}\n".encode())
    return tests


def _aplusb_tests(seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return [f"{rng.randint(-(10**9), 10**9)} {rng.randint(-(10**9), 10**9)}\n".encode() for _ in range(10)]


def make_workloads() -> list[Workload]:
    """Two languages x two regimes, 10 tests each. Sizes are calibrated so that every ``lcs`` test
    takes ~50-300 ms natively on a 2020s x86 core (Python: n = 450..1350, C: n = 6000..15000)."""
    read = lambda name: (WORKLOADS_DIR / name).read_bytes()  # noqa: E731
    return [
        Workload(
            "python3/lcs",
            "python3",
            "heavy",
            "main.py",
            read("lcs.py"),
            _lcs_tests([450 + 100 * i for i in range(10)], seed=1),
        ),
        Workload(
            "c/lcs",
            "c",
            "heavy",
            "main.c",
            read("lcs.c"),
            _lcs_tests([6000 + 1000 * i for i in range(10)], seed=2),
        ),
        Workload("python3/aplusb", "python3", "tiny", "main.py", read("aplusb.py"), _aplusb_tests(3)),
        Workload("c/aplusb", "c", "tiny", "main.c", read("aplusb.c"), _aplusb_tests(4)),
    ]


# ----------------------------------------------------------------------------- small helpers


def now_ms() -> float:
    return time.perf_counter() * 1000


def pct(values: list[float], p: float) -> float:
    """Percentile with linear interpolation (p in 0..100); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_ms(value: float) -> str:
    if value != value:  # nan
        return "-"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.1f}"


def verdict_mark(ok: bool) -> str:
    return "[bold green]PASS[/]" if ok else "[bold red]MISS[/]"


def log(message: str) -> None:
    console.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {message}")


# ----------------------------------------------------------------------------- host CPU accounting

_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _read_proc_stat() -> tuple[int, int]:
    """(busy ticks, total ticks) over all CPUs."""
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    total = sum(fields[:8])  # guest time is already in user
    return total - idle, total


def _read_processes() -> dict[int, tuple[str, int, int]]:
    """pid -> (comm, own CPU ticks, reaped children's CPU ticks)."""
    found: dict[int, tuple[str, int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                raw = handle.read()
        except OSError:
            continue
        comm = raw[raw.find(b"(") + 1 : raw.rfind(b")")].decode(errors="replace")
        parts = raw[raw.rfind(b")") + 2 :].split()
        found[int(entry)] = (comm, int(parts[11]) + int(parts[12]), int(parts[13]) + int(parts[14]))
    return found


UNATTRIBUTED = "exited processes (runc, shims, docker-init, agents, programs) + kernel"


class CpuMeter:
    """System-wide busy CPU time over an interval (exact, from /proc/stat), attributed by process
    name for the processes still alive at its end (their own time only). What processes that exited
    during the interval used (runc, most shims, the containers' processes) is ``UNATTRIBUTED``."""

    def __enter__(self) -> CpuMeter:
        self.busy0, self.total0 = _read_proc_stat()
        self.procs0 = _read_processes()
        self.wall0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall_s = time.perf_counter() - self.wall0
        busy1, total1 = _read_proc_stat()
        procs1 = _read_processes()
        self.busy_ms = (busy1 - self.busy0) * 1000 / _CLK_TCK
        self.capacity_ms = (total1 - self.total0) * 1000 / _CLK_TCK
        groups: dict[str, float] = {}
        me = os.getpid()
        for pid, (comm, own, children) in procs1.items():
            before = self.procs0.get(pid)
            if before is not None and before[0] != comm:
                before = None  # pid reused
            delta = own - (before[1] if before else 0)
            name = "kworker (kernel: writeback, cgroup teardown...)" if comm.startswith("kworker") else comm
            if pid == me:  # the bench itself: the docker-py client, plus the bare programs it waited for
                name = "bench (client + bare children)"
                delta += children - (before[2] if before else 0)
            if delta > 0:
                groups[name] = groups.get(name, 0.0) + delta * 1000 / _CLK_TCK
        groups[UNATTRIBUTED] = max(0.0, self.busy_ms - sum(groups.values()))
        self.groups = dict(sorted(groups.items(), key=lambda kv: -kv[1]))

    def as_dict(self) -> dict[str, Any]:
        return {
            "busy_ms": self.busy_ms,
            "capacity_ms": self.capacity_ms,
            "wall_s": self.wall_s,
            "groups_ms": self.groups,
        }


class Interference:
    """Other work on this machine skews every figure: every 2 s, count the running containers this
    process did not start (other sandboxes, test suites) and note the whole machine's CPU use."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.samples: list[tuple[float, int, float]] = []  # (time, foreign containers, busy fraction)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="interference", daemon=True)

    def start(self) -> Interference:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def foreign(self) -> int:
        try:
            running = self.api.containers()
        except Exception:
            return -1
        return sum(1 for c in running if (c.get("Labels") or {}).get(LABEL_OWNER) != owner_id())

    def _run(self) -> None:
        busy0, total0 = _read_proc_stat()
        while not self._stop.wait(2.0):
            busy1, total1 = _read_proc_stat()
            fraction = (busy1 - busy0) / max(1, total1 - total0)
            busy0, total0 = busy1, total1
            self.samples.append((time.time(), self.foreign(), fraction))

    def window(self, t0: float, t1: float) -> dict[str, Any]:
        inside = [s for s in self.samples if t0 <= s[0] <= t1]
        return {
            "samples": len(inside),
            "with_foreign": sum(1 for s in inside if s[1] > 0),
            "max_foreign": max((s[1] for s in inside), default=0),
            "mean_busy": statistics.mean(s[2] for s in inside) if inside else float("nan"),
        }


class QuietGate:
    """With --gate: before each measured submission (and each throughput window), wait until no
    foreign container runs and the machine is under 30% busy for two 0.5 s samples in a row, at most
    ``max_s``; a timeout is counted and the measurement goes ahead."""

    def __init__(self, api: Any, max_s: float) -> None:
        self.probe = Interference(api)
        self.max_s = max_s
        self.calls = 0
        self.timeouts = 0
        self.waited_s = 0.0

    def wait(self) -> bool:
        self.calls += 1
        began = time.monotonic()
        good = 0
        try:
            while time.monotonic() - began < self.max_s:
                foreign = self.probe.foreign()
                busy0, total0 = _read_proc_stat()
                time.sleep(0.5)
                busy1, total1 = _read_proc_stat()
                fraction = (busy1 - busy0) / max(1, total1 - total0)
                good = good + 1 if foreign == 0 and fraction < 0.30 else 0
                if good >= 2:
                    return True
            self.timeouts += 1
            return False
        finally:
            self.waited_s += time.monotonic() - began

    def as_dict(self) -> dict[str, Any]:
        return {"calls": self.calls, "timeouts": self.timeouts, "waited_s": self.waited_s, "max_s": self.max_s}


GATE: QuietGate | None = None


def gate() -> None:
    if GATE is not None:
        GATE.wait()


def wait_quiet(api: Any, max_wait_s: float) -> bool:
    """Wait (at most max_wait_s) for 20 s in a row without foreign containers and with the machine
    under 25% busy, so the figures measure the sandbox rather than whatever else is running."""
    probe = Interference(api)
    deadline = time.monotonic() + max_wait_s
    quiet_since: float | None = None
    busy0, total0 = _read_proc_stat()
    while time.monotonic() < deadline:
        time.sleep(2)
        busy1, total1 = _read_proc_stat()
        fraction = (busy1 - busy0) / max(1, total1 - total0)
        busy0, total0 = busy1, total1
        foreign = probe.foreign()
        if foreign == 0 and fraction < 0.25:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 20:
                return True
        else:
            if quiet_since is not None or int(time.monotonic()) % 30 < 2:
                log(f"waiting for a quiet machine: {foreign} foreign containers, {fraction:.0%} busy")
            quiet_since = None
    return False


# ----------------------------------------------------------------------------- bare execution


@dataclass
class BareRun:
    compile_ms: float
    test_ms: list[float]
    outputs: list[bytes]

    @property
    def runs_ms(self) -> float:
        return sum(self.test_ms)

    @property
    def total_ms(self) -> float:
        return self.compile_ms + self.runs_ms


def bare_python() -> str:
    """The host interpreter to compare Python against. /usr/bin/python3 on Debian bookworm is the
    same build as in the sandbox images (3.11.2); a pyenv interpreter with a big site-packages starts
    ~40 ms slower and would flatter the sandbox."""
    for candidate in ("/usr/bin/python3", sys.executable):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise BenchError("no python3 on this host")


def bare_submission(w: Workload, python: str) -> BareRun:
    """Compile (as the sandbox does) in a fresh directory, then run every test sequentially."""
    work = Path(tempfile.mkdtemp(prefix="assay-bench-"))
    try:
        (work / w.source_name).write_bytes(w.source)
        if w.language == "c":
            compile_argv = ["gcc", "-std=gnu17", "-O2", "-pipe", "-Wall", "-o", "main", w.source_name, "-lm"]
            run_argv = ["./main"]
        else:
            compile_argv = [python, "-m", "compileall", "-q", "-l", "."]
            run_argv = [python, w.source_name]
        began = now_ms()
        done = subprocess.run(compile_argv, cwd=work, capture_output=True, check=False)
        compile_ms = now_ms() - began
        if done.returncode != 0:
            raise BenchError(f"{w.key}: bare compile failed: {done.stderr.decode(errors='replace')}")
        test_ms, outputs = [], []
        for stdin in w.tests:
            began = now_ms()
            done = subprocess.run(run_argv, cwd=work, input=stdin, capture_output=True, check=False)
            test_ms.append(now_ms() - began)
            if done.returncode != 0:
                raise BenchError(f"{w.key}: bare run failed: {done.stderr.decode(errors='replace')}")
            outputs.append(done.stdout)
        return BareRun(compile_ms, test_ms, outputs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ----------------------------------------------------------------------------- sandboxed execution


@dataclass
class TestTiming:
    latency_ms: float  # run_one as seen by the caller
    wall_ms: int  # RunResult.wall_ms: the program's own wall time as the agent measured it
    cpu_ms: int
    verdict: str
    correct: bool

    @property
    def overhead_ms(self) -> float:
        return self.latency_ms - self.wall_ms


@dataclass
class SubmissionTiming:
    compile_ms: float
    tests: list[TestTiming]
    total_ms: float

    @property
    def correct(self) -> bool:
        return all(t.correct for t in self.tests)


def sandbox_submission(
    box: Sandbox,
    w: Workload,
    probe: HostProbe | None = None,
    mode: str = "",
    before_test: Callable[[], Any] | None = None,
) -> SubmissionTiming:
    """Compile, then run the 10 tests one after another, each run_one timed separately: in the
    sandbox's isolation mode, as a grading does (``Sandbox.submission``: one container for the
    submission, or a container per job)."""
    began = now_ms()
    with box.submission(w.language, LIMITS) as unit:
        return _submission_in(unit, w, began, probe, mode, before_test)


def _submission_in(
    unit: Any,
    w: Workload,
    began: float,
    probe: HostProbe | None,
    mode: str,
    before_test: Callable[[], Any] | None,
) -> SubmissionTiming:
    box = unit
    compiled = unit.compile({w.source_name: w.source})
    compile_ms = now_ms() - began
    if not compiled.ok:
        raise BenchError(f"{w.key}: compile failed in the sandbox: {compiled.verdict} {compiled.message[:400]}")
    tests = []
    for index, (stdin, expected) in enumerate(zip(w.tests, w.expected, strict=True)):
        if before_test is not None:
            before_test()
        record = probe.begin(w, index, mode) if probe else None
        started = now_ms()
        result = box.run_job(compiled, w.language, stdin, LIMITS)
        latency = now_ms() - started
        if probe and record is not None:
            probe.end(record, result)
        tests.append(
            TestTiming(
                latency,
                result.wall_ms,
                result.time_ms,
                str(result.verdict),
                result.verdict == Verdict.OK and result.stdout == expected,
            )
        )
    return SubmissionTiming(compile_ms, tests, now_ms() - began)


def settle(box: Sandbox, expected_idle: int, timeout_s: float = 60.0) -> float:
    """Wait until the pool is full and no container is in use or being removed: an idle server.
    Returns how long that took (ms)."""
    began = now_ms()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        stats = box.pool.stats
        idle = box.pool.idle_count()
        busy = stats.started - stats.destroyed - idle
        if idle >= expected_idle and busy <= 0:
            break
        time.sleep(0.02)
    else:
        log(f"[yellow]pool did not settle within {timeout_s:.0f} s[/] (idle {box.pool.idle_count()})")
    gate()
    time.sleep(0.1)
    return now_ms() - began


def open_sandbox(
    runtime: str,
    pool_size: int,
    languages: list[str],
    api: Any = None,
    limits: Limits = LIMITS,
    isolation: str = "test",
) -> tuple[Sandbox, int]:
    settings = SandboxSettings(runtime=runtime, pool_size=pool_size, isolation=isolation)
    box = Sandbox(settings, pool_size=pool_size, api=api)
    for language in languages:
        if pool_size > 0:
            box.prewarm(language, limits, units=(isolation,))
    # test: a compile spec and a run spec per language; submission: one spec per language
    expected_idle = pool_size * (2 if isolation == "test" else 1) * len(languages)
    settle(box, expected_idle)
    return box, expected_idle


def _batch_language(w: Workload) -> Language:
    """The workload's language, but its run command runs every test in turn (what-if: one container
    per submission). Same image, same container spec as a normal run."""
    lang = get_language(w.language)
    run = " ".join(lang.run_argv(BATCH_LIMITS.memory_limit_mib))
    indices = " ".join(str(i) for i in range(len(w.tests)))
    script = f"for i in {indices}; do {run} < in$i || exit $?; done"
    return dataclasses.replace(lang, run=("/bin/sh", "-c", script))


def _with_inputs(artifact: bytes, tests: list[bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        if artifact:
            with tarfile.open(fileobj=io.BytesIO(artifact), mode="r:") as source:
                for member in source.getmembers():
                    tar.addfile(member, source.extractfile(member) if member.isfile() else None)
        for i, data in enumerate(tests):
            info = tarfile.TarInfo(f"in{i}")
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def batch_submission(box: Sandbox, w: Workload) -> SubmissionTiming:
    """What-if: compile, then ONE container runs all 10 tests (a shell loop), instead of one fresh
    container per test. Not what the sandbox does; it bounds what container reuse would buy."""
    began = now_ms()
    compiled = box.compile(w.language, {w.source_name: w.source})
    compile_ms = now_ms() - began
    if not compiled.ok:
        raise BenchError(f"{w.key}: compile failed in the sandbox: {compiled.message[:400]}")
    batch = CompileResult(**{**compiled.model_dump(), "artifact": _with_inputs(compiled.artifact, w.tests)})
    started = now_ms()
    result = box.run_one(batch, _batch_language(w), TestInput(stdin=b""), BATCH_LIMITS)
    latency = now_ms() - started
    correct = result.verdict == Verdict.OK and result.stdout == b"".join(w.expected)
    timing = TestTiming(latency, result.wall_ms, result.time_ms, str(result.verdict), correct)
    return SubmissionTiming(compile_ms, [timing], now_ms() - began)


# ----------------------------------------------------------------------------- profiling probes

# Runs the image's own agent (/opt/assay/agent.pyc, or agent.py in older images) with timestamps
# around its phases. Every stamp is time.time() (CLOCK_REALTIME): under runc the container shares
# the host's clock; under gVisor the Sentry's realtime clock follows the host's. The stamps travel
# back inside the result JSON.
AGENT_PROBE = r"""
import time
T = {"boot": time.time()}
import json as _json, os as _os, resource as _res, subprocess as _sp, sys
if _os.path.exists("/opt/assay/agent.pyc"):  # as the image runs it: compiled at build
    import importlib.machinery as _m, importlib.util as _u
    _loader = _m.SourcelessFileLoader("agent", "/opt/assay/agent.pyc")
    A = _u.module_from_spec(_u.spec_from_loader("agent", _loader))
    _loader.exec_module(A)
else:
    sys.path.insert(0, "/opt/assay")
    import agent as A

def _cpu():
    u = _res.getrusage(_res.RUSAGE_SELF)
    return (u.ru_utime + u.ru_stime) * 1000

def _wrap(name, first=None, last=None, total=None):
    fn = getattr(A, name, None)
    if fn is None:
        T.setdefault("missing", []).append(name)
        return
    def inner(*a, **k):
        t = time.time()
        if first:
            T.setdefault(first, t)
        try:
            return fn(*a, **k)
        finally:
            if last:
                T[last] = time.time()
            if total:
                T[total] = T.get(total, 0.0) + (time.time() - t) * 1000
                T[total + "_n"] = T.get(total + "_n", 0) + 1
    setattr(A, name, inner)

_wrap("_read_line", last="header")
_wrap("_read_exact", last="request_read")
_wrap("unpack_tree", first="unpack0", last="unpacked")
_wrap("_reap_all", first="reap0", last="reaped")
_wrap("_live_cpu_ms", total="cpu_scan_ms")
_wrap("_kill_everything", total="kill_ms")
_wrap("pack_tree", first="pack0", last="packed")

class _Popen(_sp.Popen):
    def __init__(self, *a, **k):
        T["spawn0"] = time.time()
        super().__init__(*a, **k)
        T["spawned"] = time.time()
    def poll(self):
        r = super().poll()
        if r is not None:
            T.setdefault("exit_seen", time.time())
        return r
_sp.Popen = _Popen

class _Os:
    def __getattr__(self, name):
        return getattr(_os, name)
    @staticmethod
    def read(fd, n):
        data = _os.read(fd, n)
        if fd > 2 and not data:
            T.setdefault("eof", time.time())
        return data
A.os = _Os()

class _Json:
    def __getattr__(self, name):
        return getattr(_json, name)
    @staticmethod
    def dumps(obj, *a, **k):
        if isinstance(obj, dict) and ("wall_ms" in obj or "agent_error" in obj):
            T["result"] = time.time()
            T["cpu_end"] = _cpu()
            obj = {**obj, "bench_probe": T}
        return _json.dumps(obj, *a, **k)
A.json = _Json()

T["cpu_ready"] = _cpu()
T["ready"] = time.time()
try:
    sys.exit(A.serve())
except Exception as exc:
    _os.write(2, f"assay agent: {type(exc).__name__}: {exc}\n".encode())
    sys.exit(70)
"""


class TimedAPI:
    """A docker.APIClient stand-in that timestamps container create/attach/start/remove."""

    def __init__(self, api: Any) -> None:
        self._api = api
        self._lock = threading.Lock()
        self.by_id: dict[str, dict[str, float]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)

    def _note(self, container: Any, **stamps: float) -> None:
        key = container if isinstance(container, str) else container.get("Id", "")
        with self._lock:
            self.by_id.setdefault(key, {}).update(stamps)

    def create_container(self, *args: Any, **kwargs: Any) -> Any:
        began = time.time()
        created = self._api.create_container(*args, **kwargs)
        self._note(created["Id"], create0=began, created=time.time())
        return created

    def attach_socket(self, container: Any, *args: Any, **kwargs: Any) -> Any:
        began = time.time()
        sock = self._api.attach_socket(container, *args, **kwargs)
        self._note(container, attach0=began, attached=time.time())
        return sock

    def start(self, container: Any, *args: Any, **kwargs: Any) -> Any:
        began = time.time()
        result = self._api.start(container, *args, **kwargs)
        self._note(container, start0=began, started=time.time())
        return result

    def remove_container(self, container: Any, *args: Any, **kwargs: Any) -> Any:
        began = time.time()
        try:
            return self._api.remove_container(container, *args, **kwargs)
        finally:
            self._note(container, remove0=began, removed=time.time())


class HostProbe:
    """Monkeypatches (only for the profiling pass) the host side of a job with timestamps, and swaps
    the container command for AGENT_PROBE. Hooks that no longer exist are reported, not fatal."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.records: list[dict[str, Any]] = []
        self.missing: list[str] = []
        self._undo: list[tuple[Any, str, Any]] = []

    def begin(self, w: Workload, index: int, mode: str) -> dict[str, Any]:
        record: dict[str, Any] = {
            "workload": w.key,
            "kind": w.kind,
            "mode": mode,
            "test": index,
            "native_ms": w.native_ms[index],
            "t0": time.time(),
        }
        self.local.record = record
        return record

    def end(self, record: dict[str, Any], result: Any) -> None:
        record["t1"] = time.time()
        record["wall_ms"] = result.wall_ms
        record["cpu_ms"] = result.time_ms
        record["verdict"] = str(result.verdict)
        self.local.record = None
        self.records.append(record)

    def _current(self) -> dict[str, Any] | None:
        return getattr(self.local, "record", None)

    def _patch(self, owner: Any, name: str, make: Callable[[Any], Any]) -> None:
        original = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name, None)
        if original is None:
            self.missing.append(f"{getattr(owner, '__name__', owner)}.{name}")
            return
        setattr(owner, name, make(original))
        self._undo.append((owner, name, original))

    @contextlib.contextmanager
    def installed(self) -> Iterator[HostProbe]:
        probe = self

        def acquire(original: Any) -> Any:
            def wrapper(pool: Any, spec: Any, *args: Any, **kwargs: Any) -> Any:
                record = probe._current()
                began = time.time()
                box, warm = original(pool, spec, *args, **kwargs)
                if record is not None:
                    record.update(acquire0=began, acquired=time.time(), warm=warm, container=box.container_id)
                return box, warm

            return wrapper

        def encode(original: Any) -> Any:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                request = original(*args, **kwargs)
                record = probe._current()
                if record is not None:
                    record["encoded"] = time.time()
                    record["request_bytes"] = len(request)
                return request

            return wrapper

        def reader_init(original: Any) -> Any:
            def wrapper(reader: Any, *args: Any, **kwargs: Any) -> None:
                record = probe._current()
                if record is not None:
                    record.setdefault("sent", time.time())
                original(reader, *args, **kwargs)

            return wrapper

        def pump(original: Any) -> Any:
            def wrapper(reader: Any, *args: Any, **kwargs: Any) -> Any:
                got = original(reader, *args, **kwargs)
                record = probe._current()
                if record is not None:
                    stamp = time.time()
                    if got:
                        record.setdefault("first_byte", stamp)
                    if getattr(reader, "started", False):
                        record.setdefault("started_seen", stamp)
                    if getattr(reader, "_frame_at", -1) >= 0:
                        record.setdefault("marker_seen", stamp)
                    if getattr(reader, "result", None) is not None:
                        record.setdefault("result_seen", stamp)
                    record["pumps"] = record.get("pumps", 0) + 1
                return got

            return wrapper

        def execute(original: Any) -> Any:
            def wrapper(box: Any, *args: Any, **kwargs: Any) -> Any:
                record = probe._current()
                if record is not None:
                    record["exec0"] = time.time()
                reply = original(box, *args, **kwargs)
                if record is not None:
                    record["exec1"] = time.time()
                    if reply.meta and "bench_probe" in reply.meta:
                        record["agent"] = reply.meta["bench_probe"]
                return reply

            return wrapper

        def create_kwargs(original: Any) -> Any:
            def wrapper(spec: Any, *args: Any, **kwargs: Any) -> Any:
                made = original(spec, *args, **kwargs)
                made["command"] = ["/usr/bin/python3", "-I", "-S", "-B", "-c", AGENT_PROBE]
                return made

            return wrapper

        self._patch(WarmPool, "acquire", acquire)
        self._patch(agent_module, "encode_request", encode)
        self._patch(container_module._StreamReader, "__init__", reader_init)
        self._patch(container_module._StreamReader, "pump", pump)
        self._patch(Box, "execute", execute)
        self._patch(ContainerSpec, "create_kwargs", create_kwargs)
        try:
            yield self
        finally:
            for owner, name, original in reversed(self._undo):
                setattr(owner, name, original)
            self._undo.clear()


# Consecutive segments of one run_one call; they telescope, so they add up to its latency.
SEGMENTS: list[tuple[str, str, str]] = [
    ("host: take a container from the pool", "t0", "acquired"),
    ("host: encode + sendall the request", "acquired", "sent"),
    ("attach stream: request reaches the agent", "sent", "a.header"),
    ("agent: read request body", "a.header", "a.request_read"),
    ("agent: unpack files", "a.request_read", "a.unpacked"),
    ("agent: prepare (feeder thread, cgroup read)", "a.unpacked", "a.spawn0"),
    ("agent: spawn program (Popen: vfork + prlimit + exec)", "a.spawn0", "a.spawned"),
    ("program runs (spawned -> stdout EOF)", "a.spawned", "a.eof"),
    ("agent: notice the exit (poll loop)", "a.eof", "a.exit_seen"),
    ("agent: kill/drain/reap + report", "a.exit_seen", "a.result"),
    ("attach stream: result reaches the host", "a.result", "result_seen"),
    ("host: verdict + release", "result_seen", "t1"),
]


def timeline(record: dict[str, Any]) -> dict[str, float]:
    stamps = {k: v for k, v in record.items() if isinstance(v, float)}
    agent = record.get("agent") or {}
    stamps.update({f"a.{k}": v for k, v in agent.items() if isinstance(v, float)})
    return stamps


def segment_values(record: dict[str, Any]) -> dict[str, float]:
    stamps = timeline(record)
    out: dict[str, float] = {}
    for name, start, end in SEGMENTS:
        if start in stamps and end in stamps:
            out[name] = (stamps[end] - stamps[start]) * 1000
    out["total (run_one latency)"] = (record["t1"] - record["t0"]) * 1000
    out["overhead = latency - wall_ms"] = out["total (run_one latency)"] - record["wall_ms"]
    if "a.spawned" in stamps and "a.eof" in stamps:
        out["program runs - its bare wall time"] = (stamps["a.eof"] - stamps["a.spawned"]) * 1000 - record["native_ms"]
    agent = record.get("agent") or {}
    if "cpu_end" in agent and "cpu_ready" in agent:
        out["agent CPU during the job"] = agent["cpu_end"] - agent["cpu_ready"]
    if "cpu_ready" in agent:
        out["agent CPU to boot (before the job)"] = agent["cpu_ready"]
    if "cpu_scan_ms" in agent:
        out["agent /proc CPU scans (time, inside program run)"] = agent["cpu_scan_ms"]
    return out


def container_values(api: TimedAPI, records: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Per-container background costs for the containers the profiled tests used."""
    values: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        values.setdefault(name, []).append(value)

    for record in records:
        stamps = api.by_id.get(record.get("container", ""), {})
        agent = record.get("agent") or {}
        if "created" in stamps:
            add("docker create_container", (stamps["created"] - stamps["create0"]) * 1000)
        if "attached" in stamps:
            add("docker attach_socket", (stamps["attached"] - stamps["attach0"]) * 1000)
        if "started" in stamps:
            add("docker start", (stamps["started"] - stamps["start0"]) * 1000)
        if "started" in stamps and "ready" in agent:
            add(
                "start returned -> agent ready (interpreter boot)",
                (agent["ready"] - stamps["started"]) * 1000,
            )
        if "create0" in stamps and "ready" in agent:
            add("create -> agent ready (whole cold start)", (agent["ready"] - stamps["create0"]) * 1000)
        if "ready" in agent and "header" in agent:
            add(
                "agent ready -> job arrives (time spent idle in the pool)",
                (agent["header"] - agent["ready"]) * 1000,
            )
        if "removed" in stamps:
            add("docker remove_container(force) (background)", (stamps["removed"] - stamps["remove0"]) * 1000)
    return values


# ----------------------------------------------------------------------------- phases


def phase_bare(workloads: list[Workload], reps: int, python: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for w in workloads:
        runs = []
        for _ in range(reps + 1):
            gate()
            runs.append(bare_submission(w, python))
        runs = runs[1:]  # the first one warms caches
        w.expected = runs[0].outputs
        for run in runs[1:]:
            if run.outputs != w.expected:
                raise BenchError(f"{w.key}: bare outputs differ between runs")
        w.native_ms = [med([r.test_ms[i] for r in runs]) for i in range(len(w.tests))]
        out[w.key] = {
            "runs_ms": med([r.runs_ms for r in runs]),
            "compile_ms": med([r.compile_ms for r in runs]),
            "total_ms": med([r.total_ms for r in runs]),
            "test_ms": w.native_ms,
            "samples_runs_ms": [r.runs_ms for r in runs],
        }
        log(
            f"bare {w.key}: 10 runs {out[w.key]['runs_ms']:.0f} ms "
            f"(tests {min(w.native_ms):.0f}-{max(w.native_ms):.0f} ms), "
            f"compile {out[w.key]['compile_ms']:.0f} ms"
        )
    return out


def phase_latency(
    label: str,
    runtime: str,
    pool_size: int,
    reps: int,
    workloads: list[Workload],
    batch: bool = False,
    isolation: str = "test",
) -> dict[str, Any]:
    languages = sorted({w.language for w in workloads})
    box, expected_idle = open_sandbox(
        runtime, pool_size, languages, limits=BATCH_LIMITS if batch else LIMITS, isolation=isolation
    )
    submit = batch_submission if batch else sandbox_submission
    out: dict[str, Any] = {
        "runtime": runtime,
        "pool_size": pool_size,
        "batch": batch,
        "isolation": isolation,
        "workloads": {},
    }
    try:
        for w in workloads:  # warm-up submission per workload (image caches, pool refill rhythm)
            submit(box, w)
            settle(box, expected_idle)
        samples: dict[str, list[SubmissionTiming]] = {w.key: [] for w in workloads}
        for _ in range(reps):
            for w in workloads:  # interleaved, so drift hits every workload alike
                settle(box, expected_idle)
                samples[w.key].append(submit(box, w))
        for w in workloads:
            subs = samples[w.key]
            tests = [t for s in subs for t in s.tests]
            wrong = [t for t in tests if not t.correct]
            if len(wrong) == len(tests):
                raise BenchError(f"{label} {w.key}: every result is wrong, e.g. {wrong[0]}")
            if wrong:  # a loaded machine can push a test over its wall limit: count it, keep going
                log(f"[red]{label} {w.key}: {len(wrong)} of {len(tests)} results wrong, e.g. {wrong[0]}[/]")
            out["workloads"][w.key] = {
                "total_ms": med([s.total_ms for s in subs]),
                "compile_ms": med([s.compile_ms for s in subs]),
                "runs_ms": med([s.total_ms - s.compile_ms for s in subs]),
                "samples_total_ms": [s.total_ms for s in subs],
                "overhead_ms": [t.overhead_ms for t in tests],
                "latency_ms": [t.latency_ms for t in tests],
                "wall_ms": [t.wall_ms for t in tests],
                "wrong": len(wrong),
                "wrong_verdicts": sorted({t.verdict for t in wrong}),
            }
            o = [t.overhead_ms for t in tests]
            log(
                f"{label} {w.key}: verdict {out['workloads'][w.key]['total_ms']:.0f} ms, "
                f"{'per-submission (batch)' if batch else 'per-test'} overhead "
                f"p50 {pct(o, 50):.0f} / p95 {pct(o, 95):.0f} ms (n={len(o)})"
            )
        out["pool_stats"] = asdict(box.pool.stats)
    finally:
        box.close()
    return out


def run_concurrently(submit: Callable[[], bool], duration_s: float, workers: int) -> dict[str, Any]:
    """``workers`` threads each grade whole submissions back to back until the deadline; the
    submissions still running at the deadline finish and count, and the clock runs until they do."""
    counts = [0] * workers
    failures: list[str] = []
    deadline = time.perf_counter() + duration_s
    began = time.perf_counter()

    def loop(i: int) -> None:
        while time.perf_counter() < deadline:
            try:
                if not submit():
                    failures.append("wrong result")
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                if len(failures) > 5:
                    return
            counts[i] += 1

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "submissions": sum(counts),
        "elapsed_s": elapsed,
        "per_min": sum(counts) / elapsed * 60,
        "failures": failures[:5],
        "failure_count": len(failures),
    }


def phase_throughput(
    w: Workload,
    duration_s: float,
    python: str,
    runtimes: list[str],
    pool_size: int,
    batch: bool,
    per_test: bool = True,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    bare_submission(w, python)  # warm
    gate()
    with CpuMeter() as meter:
        out["bare"] = run_concurrently(
            lambda: bare_submission(w, python).outputs == w.expected, duration_s, CONCURRENCY
        )
    out["bare"]["cpu"] = meter.as_dict()
    log(f"throughput {w.key} bare: {out['bare']['per_min']:.1f}/min")
    variants = [(runtime, False, "submission") for runtime in runtimes]
    variants += [(runtime, False, "test") for runtime in runtimes if per_test]
    variants += [(runtime, True, "test") for runtime in runtimes if batch]
    for runtime, batched, isolation in variants:
        submit = batch_submission if batched else sandbox_submission
        key = f"{runtime}-batch" if batched else f"{runtime}-sub" if isolation == "submission" else runtime
        box, expected_idle = open_sandbox(
            runtime, pool_size, [w.language], limits=BATCH_LIMITS if batched else LIMITS, isolation=isolation
        )
        try:
            submit(box, w)
            settle(box, expected_idle)
            stats0 = asdict(box.pool.stats)
            with CpuMeter() as meter:
                result = run_concurrently(
                    lambda box=box, submit=submit: submit(box, w).correct, duration_s, CONCURRENCY
                )
            stats1 = asdict(box.pool.stats)
            result["cpu"] = meter.as_dict()
            result["pool"] = {k: stats1[k] - stats0[k] for k in stats1}
            result["ratio"] = result["per_min"] / out["bare"]["per_min"]
            out[key] = result
            log(
                f"throughput {w.key} {key}: {result['per_min']:.1f}/min "
                f"({result['ratio']:.0%} of bare; pool hits {result['pool']['hits']}, "
                f"misses {result['pool']['misses']})"
                + (
                    f" [red]{result['failure_count']} failures: {result['failures'][:1]}[/]"
                    if result["failure_count"]
                    else ""
                )
            )
        finally:
            box.close()
    return out


PROFILE_MODES = ("back-to-back", "isolated")


def phase_profile(runtime: str, pool_size: int, reps: int, workloads: list[Workload]) -> dict[str, Any]:
    """Profile tests in two modes: ``back-to-back`` as in a real submission (the pool refills and
    removes containers while the next tests run), and ``isolated``: before every test, wait until the
    pool is full and every removal has finished, so only the per-test path itself is measured."""
    languages = sorted({w.language for w in workloads})
    api = TimedAPI(connect())
    probe = HostProbe()
    meters: dict[str, dict[str, Any]] = {}
    with probe.installed():
        box, expected_idle = open_sandbox(runtime, pool_size, languages, api=api)
        try:
            for w in workloads:
                sandbox_submission(box, w)
                settle(box, expected_idle)
            probe.records.clear()
            for mode in PROFILE_MODES:
                for w in workloads:
                    tests = 0
                    program_cpu = 0
                    busy = 0.0
                    groups: dict[str, float] = {}
                    for _ in range(reps):
                        settle(box, expected_idle)
                        # In isolated mode the meter covers each test alone (plus its removal and the
                        # refill it causes); back-to-back, it covers the submission and its aftermath.
                        with CpuMeter() as meter:
                            sub = sandbox_submission(
                                box,
                                w,
                                probe,
                                mode,
                                (lambda: settle(box, expected_idle)) if mode == "isolated" else None,
                            )
                            settle(box, expected_idle)
                        tests += len(sub.tests)
                        program_cpu += sum(t.cpu_ms for t in sub.tests)
                        busy += meter.busy_ms
                        for name, ms in meter.groups.items():
                            groups[name] = groups.get(name, 0.0) + ms
                    meters[f"{mode} {w.key}"] = {
                        "mode": mode,
                        "workload": w.key,
                        "busy_ms": busy,
                        "tests": tests,
                        "program_cpu_ms": program_cpu,
                        "submissions": reps,
                        "groups_ms": dict(sorted(groups.items(), key=lambda kv: -kv[1])),
                    }
        finally:
            box.close()
    segments: dict[str, dict[str, list[float]]] = {}
    containers: dict[str, dict[str, list[float]]] = {}
    for mode in PROFILE_MODES:
        for kind in ("heavy", "tiny"):
            chosen = [r for r in probe.records if r["kind"] == kind and r["mode"] == mode]
            if not chosen:
                continue
            column = f"{mode} {kind}"
            segments[column] = {}
            for record in chosen:
                for name, value in segment_values(record).items():
                    segments[column].setdefault(name, []).append(value)
            containers[column] = container_values(api, chosen)
    warm = sum(1 for r in probe.records if r.get("warm"))
    log(
        f"profile {runtime}: {len(probe.records)} tests, {warm} got a container already in the pool"
        + (f"; missing hooks: {probe.missing}" if probe.missing else "")
    )
    return {
        "runtime": runtime,
        "segments": segments,
        "containers": containers,
        "cpu": meters,
        "records": probe.records,
        "missing_hooks": probe.missing,
        "warm_hits": warm,
        "tests": len(probe.records),
    }


def phase_lifecycle(runtime: str, language: str, count: int) -> dict[str, Any]:
    """What one container costs by itself, with no job: create + attach + start, 0.5 s for the agent
    to boot and wait, then the forced removal; sequential, on an otherwise idle pool."""
    box, _ = open_sandbox(runtime, 0, [language])
    try:
        spec = box.run_spec(language, LIMITS)
        Box.start(box.api, spec).destroy()  # warm
        starts, removes = [], []
        with CpuMeter() as meter:
            for _ in range(count):
                began = now_ms()
                started = Box.start(box.api, spec)
                starts.append(now_ms() - began)
                time.sleep(0.5)
                began = now_ms()
                started.destroy()
                removes.append(now_ms() - began)
    finally:
        box.close()
    out = {
        "runtime": runtime,
        "count": count,
        "start_ms": starts,
        "remove_ms": removes,
        "cpu": meter.as_dict(),
        "cpu_ms_per_container": meter.busy_ms / count,
    }
    log(
        f"lifecycle {runtime}: start {med(starts):.0f} ms, remove {med(removes):.0f} ms, "
        f"{out['cpu_ms_per_container']:.0f} CPU-ms per container"
    )
    return out


# ----------------------------------------------------------------------------- report


def counts(w: Workload) -> bool:
    """Whether a workload counts for the latency and throughput goals: the realistic (heavy) ones."""
    return w.kind == "heavy"


def report(data: dict[str, Any], workloads: list[Workload]) -> dict[str, Any]:
    goals: dict[str, Any] = {}
    bare = data["bare"]
    lat = data["latency"]

    table = Table(title="Workloads (10 tests each; bare = this host, sequential)", title_justify="left")
    for col in (
        "workload",
        "per-test native ms (min-max)",
        "bare: 10 runs ms",
        "bare: compile ms",
        "bare: compile + runs ms",
        "stdin bytes/test",
    ):
        table.add_column(col, justify="left" if col == "workload" else "right")
    for w in workloads:
        b = bare[w.key]
        table.add_row(
            w.key,
            f"{min(w.native_ms):.0f}-{max(w.native_ms):.0f}",
            fmt_ms(b["runs_ms"]),
            fmt_ms(b["compile_ms"]),
            fmt_ms(b["total_ms"]),
            f"{statistics.mean(len(t) for t in w.tests):,.0f}",
        )
    console.print(table)

    table = Table(
        title="Verdict latency: compile + 10 tests sequentially, median ms (ratio to bare 10 runs "
        "| to bare compile + runs)",
        title_justify="left",
    )
    table.add_column("workload")
    order = ("runc-sub", "runsc-sub", "crun-sub", "runc-cold", "runc-pool", "runsc-pool", "runsc-cold",
             "runc-batch", "runsc-batch", "crun-batch")
    modes = [m for m in order if m in lat]
    for mode in modes:
        table.add_column(mode + (" (what-if)" if mode.endswith("batch") else ""), justify="right")
    goal_modes = [m for m in modes if m.endswith("-sub")]
    for mode in goal_modes:
        runtime = mode.removesuffix("-sub")
        table.add_column(f"goal {mode} <= {GOAL_LATENCY_RATIO[runtime]}x", justify="center")
    goals["latency"] = {}
    for w in workloads:
        b = bare[w.key]
        cells = []
        for mode in modes:
            entry = lat[mode]["workloads"][w.key]
            total = entry["total_ms"]
            flag = f" [red]{entry['wrong']} wrong[/]" if entry.get("wrong") else ""
            cells.append(f"{fmt_ms(total)} ({total / b['runs_ms']:.2f}x | {total / b['total_ms']:.2f}x){flag}")
        marks = []
        for mode in goal_modes:
            runtime = mode.removesuffix("-sub")
            ratio = lat[mode]["workloads"][w.key]["total_ms"] / b["runs_ms"]
            ok = ratio <= GOAL_LATENCY_RATIO[runtime] and not lat[mode]["workloads"][w.key].get("wrong")
            goals["latency"][f"{runtime} {w.key}"] = {"ratio": ratio, "pass": ok, "counted": counts(w)}
            marks.append(verdict_mark(ok) if counts(w) else f"[dim]{'met' if ok else 'not met'} (info)[/]")
        table.add_row(w.key, *cells, *marks)
    console.print(table)

    table = Table(
        title="Per-test overhead with the warm pool: run_one latency - RunResult.wall_ms (ms)",
        title_justify="left",
    )
    for col in (
        "runtime",
        "workload",
        "n",
        "p50",
        "p95",
        "max",
        "mean",
        "latency p50",
        "wall_ms p50",
        "goal p95",
    ):
        table.add_column(col, justify="left" if col in ("runtime", "workload") else "right")
    goals["overhead_p95"] = {}
    for mode in [m for m in ("runc-sub", "runsc-sub", "crun-sub", "runc-pool", "runsc-pool") if m in lat]:
        runtime = mode.split("-")[0]
        limit = GOAL_OVERHEAD_P95_MS[runtime] if mode.endswith("-sub") else float("inf")
        goal_key = runtime if mode.endswith("-sub") else mode
        all_values: list[float] = []
        for w in workloads:
            entry = lat[mode]["workloads"][w.key]
            o = entry["overhead_ms"]
            all_values += o
            ok = pct(o, 95) <= limit
            if mode.endswith("-sub"):
                goals["overhead_p95"][f"{goal_key} {w.key}"] = {"p95": pct(o, 95), "pass": ok, "n": len(o)}
            table.add_row(
                mode,
                w.key,
                str(len(o)),
                fmt_ms(pct(o, 50)),
                fmt_ms(pct(o, 95)),
                fmt_ms(max(o)),
                fmt_ms(statistics.mean(o)),
                fmt_ms(pct(entry["latency_ms"], 50)),
                fmt_ms(pct(entry["wall_ms"], 50)),
                f"{verdict_mark(ok)} (<= {limit:.0f})" if mode.endswith("-sub") else "-",
            )
        ok = pct(all_values, 95) <= limit
        if mode.endswith("-sub"):
            goals["overhead_p95"][f"{goal_key} all"] = {
                "p95": pct(all_values, 95),
                "pass": ok,
                "n": len(all_values),
            }
        table.add_row(
            f"[bold]{mode}[/]",
            "[bold]all[/]",
            str(len(all_values)),
            fmt_ms(pct(all_values, 50)),
            fmt_ms(pct(all_values, 95)),
            fmt_ms(max(all_values)),
            fmt_ms(statistics.mean(all_values)),
            "",
            "",
            f"{verdict_mark(ok)} (<= {limit:.0f})" if mode.endswith("-sub") else "-",
            end_section=True,
        )
    console.print(table)

    if data.get("throughput"):
        table = Table(
            title=f"Throughput: graded submissions per minute, {CONCURRENCY} concurrent submissions "
            f"on {os.cpu_count()} cores (compile + 10 tests each)",
            title_justify="left",
        )
        table.add_column("workload")
        table.add_column("bare /min", justify="right")
        runtimes = [
            r
            for r in ("runc-sub", "runsc-sub", "crun-sub", "runc", "runsc", "runc-batch", "runsc-batch")
            if any(r in v for v in data["throughput"].values())
        ]
        for runtime in runtimes:
            what_if = " (what-if)" if runtime.endswith("batch") else "" if runtime.endswith("sub") else " per-test"
            table.add_column(f"{runtime}{what_if} /min (vs bare)", justify="right")
        for runtime in runtimes:
            table.add_column(f"{runtime} CPU-ms/sub (bare)", justify="right")
        table.add_column(f"goal runc-sub >= {GOAL_THROUGHPUT_RATIO:.0%}", justify="center")
        goals["throughput"] = {}
        for w in workloads:
            t = data["throughput"].get(w.key)
            if not t:
                continue
            bare_cpu = t["bare"]["cpu"]["busy_ms"] / max(1, t["bare"]["submissions"])
            cells = [f"{t['bare']['per_min']:.1f}"]
            cpu_cells = []
            for runtime in runtimes:
                r = t.get(runtime)
                if r is None:
                    cells.append("-")
                    cpu_cells.append("-")
                    continue
                flag = f" [red]({r['failure_count']} failed)[/]" if r["failure_count"] else ""
                cells.append(f"{r['per_min']:.1f} ({r['ratio']:.0%}){flag}")
                cpu = r["cpu"]["busy_ms"] / max(1, r["submissions"])
                cpu_cells.append(f"{cpu:,.0f} ({bare_cpu:,.0f})")
            sub = t.get("runc-sub")
            ok = sub is not None and sub["ratio"] >= GOAL_THROUGHPUT_RATIO and not sub["failure_count"]
            goals["throughput"][w.key] = {"ratio": (sub or {}).get("ratio"), "pass": ok, "counted": counts(w)}
            mark = verdict_mark(ok) if counts(w) else f"[dim]{'met' if ok else 'not met'} (info)[/]"
            table.add_row(w.key, *cells, *cpu_cells, mark)
        console.print(table)

    for runtime, prof in data.get("profile", {}).items():
        columns = list(prof["segments"])
        table = Table(
            title=f"Where a test's time goes, {runtime} + warm pool (profiling pass, {prof['tests']} "
            "tests; ms, p50 (mean); back-to-back = as in a submission, isolated = pool full and "
            "idle before each test)",
            title_justify="left",
        )
        table.add_column("segment")
        for column in columns:
            table.add_column(column, justify="right")

        def cell(values: list[float]) -> str:
            return f"{fmt_ms(pct(values, 50))} ({fmt_ms(statistics.mean(values))})" if values else "-"

        names = [s[0] for s in SEGMENTS] + [
            "total (run_one latency)",
            "overhead = latency - wall_ms",
            "program runs - its bare wall time",
            "agent CPU during the job",
            "agent /proc CPU scans (time, inside program run)",
            "agent CPU to boot (before the job)",
        ]
        for name in names:
            table.add_row(
                name,
                *[cell(prof["segments"][c].get(name, [])) for c in columns],
                end_section=name in (SEGMENTS[-1][0], "program runs - its bare wall time"),
            )
        row_names = sorted({n for c in columns for n in prof["containers"].get(c, {})})
        for name in row_names:
            table.add_row(
                f"[italic]container:[/] {name}",
                *[cell(prof["containers"].get(c, {}).get(name, [])) for c in columns],
            )
        console.print(table)

        table = Table(
            title=f"Host CPU per test, {runtime} + warm pool (whole machine, /proc/stat, including "
            "the container's start and removal)",
            title_justify="left",
        )
        for col in (
            "mode / workload",
            "tests",
            "busy CPU-ms/test",
            "program CPU-ms/test",
            "overhead CPU-ms/test",
            "top consumers (CPU-ms/test)",
        ):
            table.add_column(
                col, justify="left" if col in ("mode / workload", "top consumers (CPU-ms/test)") else "right"
            )
        for key, m in prof["cpu"].items():
            n = max(1, m["tests"])
            busy = m["busy_ms"] / n
            program = m["program_cpu_ms"] / n
            top = ", ".join(f"{name.split(' (')[0]} {ms / n:.0f}" for name, ms in list(m["groups_ms"].items())[:5])
            table.add_row(key, str(m["tests"]), fmt_ms(busy), fmt_ms(program), fmt_ms(busy - program), top)
        console.print(table)

    if data.get("lifecycle"):
        table = Table(
            title="One container by itself (no job): create+attach+start, agent boots, forced removal",
            title_justify="left",
        )
        for col in ("runtime", "n", "start p50 ms", "remove p50 ms", "CPU-ms per container", "top consumers"):
            table.add_column(col, justify="left" if col in ("runtime", "top consumers") else "right")
        for runtime, life in data["lifecycle"].items():
            n = life["count"]
            top = ", ".join(
                f"{name.split(' (')[0]} {ms / n:.0f}" for name, ms in list(life["cpu"]["groups_ms"].items())[:5]
            )
            table.add_row(
                runtime,
                str(n),
                fmt_ms(med(life["start_ms"])),
                fmt_ms(med(life["remove_ms"])),
                fmt_ms(life["cpu_ms_per_container"]),
                top,
            )
        console.print(table)

    if data.get("interference"):
        table = Table(
            title="Other work on this machine during each phase (sampled every 2 s; foreign = containers "
            "this run did not start)",
            title_justify="left",
        )
        for col in ("phase", "samples", "with foreign containers", "max foreign", "machine busy (mean)"):
            table.add_column(col, justify="left" if col == "phase" else "right")
        for name, w in data["interference"].items():
            share = w["with_foreign"] / w["samples"] if w["samples"] else 0.0
            style = "[yellow]" if share > 0 else ""
            table.add_row(
                name,
                str(w["samples"]),
                f"{style}{w['with_foreign']} ({share:.0%})",
                str(w["max_foreign"]),
                f"{w['mean_busy']:.0%}" if w["samples"] else "-",
            )
        console.print(table)

    if data.get("gate"):
        g = data["gate"]
        console.print(
            f"quiet gate: {g['calls']} waits, {g['waited_s']:.0f} s in total, {g['timeouts']} gave up after "
            f"{g['max_s']:.0f} s and measured anyway"
        )

    lines = []
    console.print(
        "[dim]Latency and throughput goals count the realistic workloads (lcs, 50-300 ms per test); the tiny "
        "ones (aplusb) show the fixed cost of a fresh container per submission, which they cannot absorb by "
        "construction (c/aplusb's bare compile alone is several times its 10 runs). Per-test overhead counts all.[/]"
    )
    for name, entries in (
        ("10-test verdict latency <= 1.2x bare runc / 1.5x runsc (submission isolation, pool)", goals.get("latency")),
        ("per-test overhead p95 <= 60 ms runc / 130 ms runsc (submission isolation)", goals.get("overhead_p95")),
        ("throughput >= 80% of bare (runc, submission isolation, 2 concurrent)", goals.get("throughput")),
    ):
        if not entries:
            continue
        misses = [k for k, v in entries.items() if not v["pass"] and v.get("counted", True)]
        info = [k for k, v in entries.items() if not v["pass"] and not v.get("counted", True)]
        lines.append(f"{verdict_mark(not misses)}  {name}" + (f"  — missed: {', '.join(misses)}" if misses else ""))
        if info:
            lines.append(f"      not counted (fixed-cost regime, see above): {', '.join(info)}")
    console.print("\n[bold]Goals[/]")
    for line in lines:
        console.print("  " + line)
    return goals


# ----------------------------------------------------------------------------- main


def environment(api: Any, languages: list[str]) -> dict[str, Any]:
    info = api.info()
    version = api.version()
    images = {lang: image_tag(get_language(lang), SandboxSettings().image_prefix) for lang in languages}
    try:
        runsc = subprocess.run(
            ["runsc", "--version"], capture_output=True, text=True, check=False, timeout=10
        ).stdout.splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        runsc = ""
    return {
        "host": platform.node(),
        "kernel": platform.release(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "docker": version.get("Version"),
        "runtimes": sorted((info.get("Runtimes") or {}).keys()),
        "cgroup": info.get("CgroupVersion"),
        "storage_driver": info.get("Driver"),
        "runsc": runsc,
        "images": images,
        "loadavg_start": os.getloadavg(),
    }


def runtime_problem(api: Any, runtime: str, language: str) -> str:
    """Why a registered runtime cannot start a sandbox container here ("" when it can)."""
    sandbox = Sandbox(SandboxSettings(runtime=runtime, pool_size=0), pool_size=0, api=api)
    try:
        Box.start(api, sandbox.run_spec(language, LIMITS)).destroy()
    except Exception as exc:
        return str(exc).split("Internal Server Error")[-1].strip(' ("):')[:300]
    finally:
        sandbox.close()
    return ""


def wait_for_images(api: Any, languages: list[str], wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        missing = []
        for lang in languages:
            tag = image_tag(get_language(lang), SandboxSettings().image_prefix)
            try:
                api.inspect_image(tag)
            except Exception:
                missing.append(tag)
        if not missing:
            return
        if time.monotonic() >= deadline:
            raise BenchError(
                f"sandbox images not built: {', '.join(missing)} (run `assay images build`, "
                "or pass --wait-images SECONDS while a build is under way)"
            )
        log(f"waiting for images: {', '.join(missing)}")
        time.sleep(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and shorter throughput runs")
    parser.add_argument(
        "--pool-size",
        type=int,
        default=SandboxSettings().pool_size,
        help="warm containers per spec for the pool figures (default: the setting, %(default)s)",
    )
    parser.add_argument("--duration", type=float, help="seconds per throughput measurement (default 40, quick 10)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="restrict to workloads containing this text (python3/lcs, c, aplusb...); repeatable",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["cold", "runsc", "crun", "batch", "throughput", "profile", "pertest"],
        help="leave a part out; repeatable",
    )
    parser.add_argument("--wait-images", type=float, default=0, help="wait this long for missing images")
    parser.add_argument(
        "--gate",
        type=float,
        default=0,
        help="before each measured submission, wait up to this long for the machine to be quiet",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        help="first wait up to this long for no foreign containers and < 25%% CPU use for 20 s",
    )
    parser.add_argument("--json", type=Path, help="where to write the figures (default bench/results/...)")
    args = parser.parse_args(argv)

    quick = args.quick
    reps = {
        "bare": 2 if quick else 5,
        "cold": 1 if quick else 3,
        "pool": 2 if quick else 5,
        "runsc_cold": 0 if quick else 2,
        "profile": 1 if quick else 3,
        "lifecycle": 5 if quick else 10,
    }
    duration = args.duration or (10.0 if quick else 40.0)
    workloads = [w for w in make_workloads() if not args.only or any(o in w.key for o in args.only)]
    if not workloads:
        parser.error("--only matched no workload")
    languages = sorted({w.language for w in workloads})

    api = connect()
    wait_for_images(api, languages, args.wait_images)
    env = environment(api, languages)
    runtimes = ["runc"] + (["runsc"] if "runsc" in env["runtimes"] and "runsc" not in args.skip else [])
    if "crun" in env["runtimes"] and "crun" not in args.skip:
        problem = runtime_problem(api, "crun", languages[0])
        env["crun"] = problem or "usable"
        if problem:
            console.print(f"[yellow]crun is registered but cannot run a sandbox here: {problem}[/]")
        else:
            runtimes.append("crun")
    python = bare_python()
    env["bare_python"] = (
        f"{python} ({subprocess.run([python, '--version'], capture_output=True, text=True).stdout.strip()})"
    )
    console.print(
        f"[bold]Assay sandbox benchmark[/] — {env['cpus']} cores, kernel {env['kernel']}, "
        f"Docker {env['docker']}, cgroup v{env['cgroup']}, {env['storage_driver']}; runsc: "
        f"{env['runsc'] or 'not registered'}; load avg {env['loadavg_start'][0]:.2f}"
    )
    console.print(
        f"images: {', '.join(env['images'].values())}; bare python: {env['bare_python']}; "
        f"pool_size {args.pool_size}; {'quick' if quick else 'full'} run: {reps}, "
        f"throughput {duration:.0f} s each"
    )
    if env["loadavg_start"][0] > 0.5:
        console.print(
            f"[yellow]note: the host is not idle (load {env['loadavg_start'][0]:.2f}); figures will be noisier[/]"
        )

    data: dict[str, Any] = {
        "env": env,
        "config": {
            "quick": quick,
            "reps": reps,
            "duration_s": duration,
            "pool_size": args.pool_size,
            "limits": LIMITS.model_dump(),
            "concurrency": CONCURRENCY,
        },
        "workloads": {},
        "latency": {},
        "throughput": {},
        "profile": {},
    }
    if args.wait_quiet > 0 and not wait_quiet(api, args.wait_quiet):
        log("[yellow]the machine did not become quiet; measuring anyway[/]")
    global GATE
    if args.gate > 0:
        GATE = QuietGate(api, args.gate)
    monitor = Interference(api).start()
    windows: dict[str, tuple[float, float]] = {}

    def phase(name: str, fn: Callable[..., Any], *fn_args: Any) -> Any:
        t0 = time.time()
        try:
            return fn(*fn_args)
        finally:
            windows[name] = (t0, time.time())

    began = time.monotonic()
    data["bare"] = phase("bare", phase_bare, workloads, reps["bare"], python)
    for w in workloads:
        data["workloads"][w.key] = {
            "language": w.language,
            "kind": w.kind,
            "native_ms": w.native_ms,
            "stdin_bytes": [len(t) for t in w.tests],
        }

    # label, runtime, pool size, reps, batch, isolation; the goals are measured on the <runtime>-sub modes
    latency_modes: list[tuple[str, str, int, int, bool, str]] = [
        (f"{r}-sub", r, args.pool_size, reps["pool"], False, "submission") for r in runtimes
    ]
    per_test = "pertest" not in args.skip
    if per_test:
        if "cold" not in args.skip:
            latency_modes.append(("runc-cold", "runc", 0, reps["cold"], False, "test"))
        latency_modes.append(("runc-pool", "runc", args.pool_size, reps["pool"], False, "test"))
        if "runsc" in runtimes:
            latency_modes.append(("runsc-pool", "runsc", args.pool_size, reps["pool"], False, "test"))
            if reps["runsc_cold"] and "cold" not in args.skip:
                latency_modes.append(("runsc-cold", "runsc", 0, reps["runsc_cold"], False, "test"))
    batch = "batch" not in args.skip
    if batch:
        latency_modes += [(f"{r}-batch", r, args.pool_size, reps["pool"], True, "test") for r in runtimes]
    for label, runtime, size, count, batched, isolation in latency_modes:
        data["latency"][label] = phase(
            f"latency {label}", phase_latency, label, runtime, size, count, workloads, batched, isolation
        )
    if "throughput" not in args.skip:
        for w in workloads:
            data["throughput"][w.key] = phase(
                f"throughput {w.key}",
                phase_throughput,
                w,
                duration,
                python,
                runtimes,
                args.pool_size,
                batch,
                per_test,
            )
    if "profile" not in args.skip:
        data["lifecycle"] = {}
        for runtime in runtimes:
            data["profile"][runtime] = phase(
                f"profile {runtime}",
                phase_profile,
                runtime,
                args.pool_size,
                reps["profile"],
                workloads,
            )
            data["lifecycle"][runtime] = phase(
                f"lifecycle {runtime}", phase_lifecycle, runtime, languages[0], reps["lifecycle"]
            )
    monitor.stop()
    data["interference"] = {name: monitor.window(*span) for name, span in windows.items()}
    data["gate"] = GATE.as_dict() if GATE else None

    data["env"]["loadavg_end"] = os.getloadavg()
    data["elapsed_s"] = time.monotonic() - began
    console.print()
    data["goals"] = report(data, workloads)
    RESULTS_DIR.mkdir(exist_ok=True)
    path = args.json or RESULTS_DIR / f"sandbox-{dt.datetime.now():%Y-%m-%d-%H%M%S}.json"
    path.write_text(json.dumps(data, indent=1, default=str))
    console.print(f"\nfigures written to {path} ({data['elapsed_s'] / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        console.print(f"[bold red]benchmark aborted:[/] {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
