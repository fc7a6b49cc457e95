"""Adversarial suite: hostile programs (tests/hostile/) against the hardened sandbox under runc.

Every program's header comment names the attack and the safe outcome it must meet. Each test asserts
that outcome -- a verdict (or a small set of them) and the program's own observations on stdout, e.g.
"BLOCKED ..." lines -- and then that the host and the next submission are unaffected: a canary
program runs OK right after, through the same sandbox, and no sandbox container of this process keeps
running anything but its idle agent. Host disk, /tmp and memory are measured around the disk-fill and
flood attacks.

Tests marked ``regression`` guard weaknesses this suite found and that were fixed (see their reasons):
the agent is now the container's pid 1 (non-dumpable, out of the program's reach), resets every signal
for the program, judges memory over all processes, and ranks an OOM kill above a time limit.
"""

from __future__ import annotations

import ast
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docker.errors
import pytest

from sandbox.labels import LABEL_OWNER, LABEL_SANDBOX, owner_id
from sandbox.models import CompileResult, Limits, RunResult, TestInput
from sandbox.verdicts import Verdict

pytestmark = pytest.mark.timeout(240)

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
MiB = 1 << 20
LIMITS = Limits(time_limit_s=1, memory_limit_mib=64, output_limit_bytes=MiB, stderr_limit_bytes=64 << 10)
WALL_MS = int(LIMITS.effective_wall_s * 1000)  # 3 s
SLOW_LIMITS = LIMITS.model_copy(update={"time_limit_s": 2})  # programs that start many subprocesses
HOST_GRACE_S = 5.0  # SandboxSettings.host_grace_s: the host timer fires at wall + grace
CANARY = "print(sum(range(10)))\n"
IDLE_PROCESSES = ("docker-init", "agent.py")  # what a warm container waiting for its job runs

OK, TLE, MLE, RE, OLE, CE, JE = (Verdict.OK, Verdict.TLE, Verdict.MLE, Verdict.RE, Verdict.OLE,
                                 Verdict.CE, Verdict.JE)


# ----------------------------------------------------------------------------------------- helpers


def hostile(name: str) -> bytes:
    return (HOSTILE / name).read_bytes()


def language_of(name: str) -> str:
    return "c" if name.endswith(".c") else "python3"


@dataclass
class Outcome:
    compiled: CompileResult
    result: RunResult
    seconds: float  # compile + run, as the caller waits

    @property
    def out(self) -> str:
        return self.result.stdout.decode("utf-8", errors="replace")

    def lines(self, prefix: str) -> list[str]:
        return [line for line in self.out.splitlines() if line.startswith(prefix)]

    def describe(self) -> str:
        r = self.result
        return (f"verdict={r.verdict} exit={r.exit_code} signal={r.signal} cpu={r.time_ms}ms "
                f"wall={r.wall_ms}ms mem={r.memory_kib}KiB message={r.message!r}\n"
                f"stdout={r.stdout[:1500]!r}\nstderr={r.stderr[:500]!r}")


def run_hostile(box, name: str, limits: Limits = LIMITS, files: dict[str, bytes] | None = None) -> Outcome:
    """Compile and run one hostile program (or a set of files) once, with empty stdin."""
    language = language_of(name)
    started = time.monotonic()
    compiled = box.compile(language, files if files is not None else hostile(name))
    assert compiled.ok, f"{name} did not compile: {compiled.verdict} {compiled.message[-2000:]}"
    [result] = box.run(compiled, language, [TestInput(stdin=b"")], limits)
    return Outcome(compiled, result, time.monotonic() - started)


def assert_canary(box) -> None:
    """The next submission is unaffected: a trivial program runs OK with the right output."""
    compiled, [result] = box.execute("python3", CANARY, [TestInput(stdin=b"")], LIMITS)
    assert compiled.ok, f"canary did not compile: {compiled.message}"
    assert result.verdict == OK, f"canary: {result.verdict} {result.message} {result.stderr[:500]!r}"
    assert result.stdout == b"45\n"


def our_containers(api) -> list[dict]:
    return [c for c in api.containers(filters={"label": f"{LABEL_SANDBOX}=1"})
            if (c.get("Labels") or {}).get(LABEL_OWNER) == owner_id()]


def _inspect(api, container_id: str) -> dict | None:
    try:
        return api.inspect_container(container_id)
    except docker.errors.NotFound:
        return None


def busy_containers(api) -> dict[str, list[str]]:
    """Our running runc sandbox containers that run anything besides an idle agent (`docker top`;
    it cannot look inside a gVisor sandbox, those are counted instead)."""
    busy = {}
    for container in our_containers(api):
        info = _inspect(api, container["Id"])
        if info is None or info["HostConfig"].get("Runtime") == "runsc":
            continue
        try:
            processes = api.top(container["Id"])["Processes"] or []
        except docker.errors.APIError:  # exited or being removed: runs nothing
            continue
        commands = [row[-1] for row in processes]
        extra = [cmd for cmd in commands if not any(mark in cmd for mark in IDLE_PROCESSES)]
        if extra:
            busy[container["Id"][:12]] = extra
    return busy


def assert_no_stray_processes(api, deadline_s: float = 20.0) -> None:
    """Nothing a job started keeps running: containers that ran a job are removed (in the background,
    right after the job), idle warm containers run only docker-init and the agent."""
    deadline = time.monotonic() + deadline_s
    while True:
        busy = busy_containers(api)
        if not busy or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not busy, f"sandbox containers still running a finished job's processes: {busy}"


def running_gvisor_containers(api) -> list[str]:
    ids = []
    for container in our_containers(api):
        info = _inspect(api, container["Id"])
        if info and info["HostConfig"].get("Runtime") == "runsc" and info["State"].get("Running"):
            ids.append(container["Id"][:12])
    return ids


def assert_no_leftover_gvisor(box, api, deadline_s: float = 20.0) -> None:
    """gVisor: once a job is over its container is removed; what still runs is the pool's idle
    containers (plus at most the two starts the pool's starter threads may have under way)."""
    deadline = time.monotonic() + deadline_s
    while True:
        running = running_gvisor_containers(api)
        idle = box.pool.idle_count()
        if len(running) <= idle + 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(running) <= idle + 2, f"{len(running)} gVisor containers still running, {idle} idle: {running}"


def assert_host_unaffected(box, api) -> None:
    assert_canary(box)
    if box.settings.runtime == "runsc":
        assert_no_leftover_gvisor(box, api)
    else:
        assert_no_stray_processes(api)


def assert_verdict(outcome: Outcome, *allowed: Verdict) -> None:
    assert outcome.result.verdict in allowed, outcome.describe()


def free_mib(path: str) -> float:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize / MiB


def host_free_space() -> dict[str, float]:
    paths = ["/", "/tmp", "/var/lib/docker"]
    return {path: free_mib(path) for path in paths if os.path.exists(path)}


def rss_mib(pid: int | str = "self", field_name: str = "VmRSS") -> float | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def dockerd_pid() -> int | None:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as handle:
                    if handle.read().strip() == "dockerd":
                        return int(entry)
            except OSError:
                continue
    return None


# ----------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", autouse=True)
def nothing_left_running(docker_api) -> Iterator[None]:
    """Module check: once the suite is over, no container of ours runs a job's process any more."""
    yield
    assert_no_stray_processes(docker_api, deadline_s=30.0)


@pytest.fixture(scope="module")
def compile_bomb_sandbox(docker_api) -> Iterator:
    """A sandbox with small compile limits (5 s CPU, 256 MiB) so that compile bombs end quickly; the
    production defaults (30 s, 1 GiB) give the same CE, only later."""
    from sandbox.runner import Sandbox
    from sandbox.settings import SandboxSettings

    settings = SandboxSettings(runtime="runc", pool_size=1, compile_time_limit_s=5, compile_memory_mib=256)
    box = Sandbox(settings, api=docker_api)
    yield box
    box.close()


# ----------------------------------------------------------------------------------------- checks


def check_cpu_counted(o: Outcome) -> None:
    # the CPU of every thread and process counts; on a loaded host the wall limit may come first
    r = o.result
    assert r.time_ms >= 1000 or r.wall_ms >= WALL_MS, o.describe()


def check_memory_bomb(o: Outcome) -> None:
    # MLE is required. A TLE is tolerated only as the verdict-precedence bug shown by oom_then_sleep.py
    # (decide() ranks a time kill above an OOM kill / a peak over the limit): under heavy host load the
    # bomb's processes can thrash near the cgroup limit until the wall limit fires first.
    r = o.result
    if r.verdict == TLE:
        assert r.memory_kib > LIMITS.memory_limit_mib * 1024, o.describe()


def check_sigalrm(o: Outcome) -> None:
    assert o.result.signal == "SIGALRM", o.describe()


def check_signal_state(o: Outcome) -> None:
    assert o.out.strip() == "ignored= blocked= cpu_limited=1", o.describe()


def check_disk_fill_tmp(o: Outcome) -> None:
    [line] = o.lines("STOPPED")
    match = re.match(r"STOPPED (\w+) after (\d+) MiB", line)
    assert match, line
    assert match[1] in ("ENOSPC", "EFBIG"), line
    assert int(match[2]) <= 64, f"more than the 64 MiB tmpfs was written: {line}"


def check_disk_fill_inodes(o: Outcome) -> None:
    if o.result.verdict != OK:
        return
    for line in o.lines("DIR "):
        path, _, what = line[4:].partition(": ")
        if path in ("/tmp", "/tmp/box", "/dev/mqueue"):
            match = re.match(r"wrote (\d+) MiB", what)
            assert match is None or int(match[1]) <= 64, line
        else:
            assert not what.startswith("wrote"), f"wrote outside /tmp: {line}"


def check_write_everywhere(o: Outcome) -> None:
    allowed = {"/tmp", "/dev/mqueue", "/dev/shm"}
    for line in o.lines("WRITABLE DIR "):
        path = line.removeprefix("WRITABLE DIR ")
        assert path in allowed or path.startswith("/tmp/"), f"writable outside /tmp: {path}"
    assert not o.lines("OVERWROTE"), o.lines("OVERWROTE")
    assert "DONE" in o.out
    assert any(line.startswith("BLOCKED /opt/assay/agent.py") for line in o.lines("BLOCKED"))


def check_stdout_capped(o: Outcome) -> None:
    assert len(o.result.stdout) <= LIMITS.output_limit_bytes


def check_stderr_capped(o: Outcome) -> None:
    assert len(o.result.stderr) <= LIMITS.stderr_limit_bytes


def check_slept_past_wall(o: Outcome) -> None:
    r = o.result
    assert "WOKE UP" not in o.out
    assert WALL_MS <= r.wall_ms <= WALL_MS + 1000 * HOST_GRACE_S, o.describe()


def check_quick_exit(o: Outcome) -> None:
    # the job ends with the main process: far below the 3 s wall limit, not waiting for leftovers
    assert o.result.wall_ms < 2000, o.describe()


def check_network(o: Outcome) -> None:
    assert not o.lines("ALLOWED"), o.lines("ALLOWED")
    assert len(o.lines("BLOCKED")) == 20, o.out
    assert "INTERFACES ['lo']" in o.out


def check_host_secrets(o: Outcome, *, agent_proc_denied: bool = True) -> None:
    out = o.out
    assert "ENV ['HOME', 'LANG', 'PATH']" in out, "the program's environment is exactly PATH/HOME/LANG"
    assert "DENIED /etc/shadow" in out
    assert "DENIED /etc/gshadow" in out
    for sock in ("/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"):
        assert f"ABSENT {sock}" in out
    for path in ("/var/lib/docker", "/etc/docker", "/host"):
        assert f"ABSENT {path}" in out
    pid1_env = o.lines("PID1ENV")
    if pid1_env:  # gVisor shows pid 1's environment; it must be clean
        names = set(ast.literal_eval(pid1_env[0].removeprefix("PID1ENV ")))
        assert names <= {"PATH", "HOME", "LANG", "HOSTNAME"}, f"pid 1 holds more than the clean env: {names}"
    else:  # runc: pid 1 is the non-dumpable agent
        assert "DENIED /proc/1/environ" in out, out
    if agent_proc_denied:
        assert re.search(r"DENIED /proc/\d+/environ", out), "the agent's environment is readable"
    [pids] = o.lines("PIDS")
    assert int(pids.split()[1]) <= 4, f"more processes visible than init, agent and the program: {pids}"
    for secret in ("/proc/kcore", "/proc/kmsg", "/dev/mem", "/dev/kmsg", "/sys/firmware/dmi/tables/DMI"):
        leaks = [line for line in o.lines(f"READ {secret} ") if not line.endswith(" 0")]
        assert not leaks, f"{secret} is readable"
    assert "HOSTNAME sandbox" in out


def check_capabilities(o: Outcome) -> None:
    out = o.out
    for key in ("CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb"):
        assert f"STATUS {key} 0000000000000000" in out, f"{key} is not empty"
    assert "STATUS NoNewPrivs 1" in out
    [ids] = o.lines("IDS")
    assert " 0 " not in ids + " " and "[0]" not in ids, ids
    assert not o.lines("ALLOWED"), o.lines("ALLOWED")
    for line in o.lines("RAN "):
        assert "b'0\\n'" not in line, f"a setuid binary ran as root: {line}"
    assert "CHILD EUID 10001" in out


def check_symlinks(o: Outcome) -> None:
    assert not o.lines("LEAKED"), o.lines("LEAKED")
    assert "root:" not in o.out  # no /etc/shadow or /etc/passwd content anywhere
    assert "planted" in o.out
    assert not getattr(o.result, "collected", {}), "the host collected files from the work dir"


def check_huge_argv(o: Outcome) -> None:
    lines = [line for line in o.out.splitlines() if ": " in line]
    assert len(lines) == 4 and all(line.endswith("E2BIG") for line in lines), o.out


def check_many_files(o: Outcome) -> None:
    [line] = o.lines("STOPPED")
    assert line.startswith("STOPPED EMFILE opened"), line
    assert int(line.split()[-1]) <= 256
    assert "NOFILE 256 256" in o.out
    assert o.lines("RAISE BLOCKED")


def check_setrlimit(o: Outcome) -> None:
    assert len(o.lines("BLOCKED")) == 4, o.out
    assert not o.lines("RAISED") and not o.lines("UNLIMITED"), o.out
    assert "LOWERED RLIMIT_NOFILE" in o.out


def check_ptrace_init(o: Outcome) -> None:
    assert not o.lines("ATTACHED") and not o.lines("SEIZED"), o.out


def check_ptrace_agent(o: Outcome) -> None:
    for word in ("ATTACHED", "SEIZED", "READ", "OPENED", "LISTED"):
        assert not o.lines(word), o.out
    assert len(o.lines("BLOCKED")) == 6, o.out


def check_agent_memory(o: Outcome, *, all_denied: bool = True) -> None:
    assert "DENIED mem" in o.out, "the agent's memory is readable"
    if all_denied:
        assert not o.lines("LEAKED"), o.lines("LEAKED")
    assert o.lines("STDIN EMPTY") or o.lines("STDIN DENIED"), "the request is still readable on stdin"


def check_mount(o: Outcome) -> None:
    assert o.lines("ALLOWED") == ["ALLOWED mkdir /tmp/m"], o.out
    assert len(o.lines("BLOCKED")) == 11, o.out


SECCOMP_REFUSED = ("unshare user", "unshare mount", "unshare net", "clone user", "clone3 user", "mount tmpfs",
                   "keyctl join", "add_key", "ptrace attach child", "ptrace attach 1", "bpf", "userfaultfd",
                   "io_uring_setup", "mq_open", "seccomp listener")


def check_seccomp_refusals(o: Outcome) -> None:
    """Issue 22 item 5: the sandbox's seccomp profile (sandbox/seccomp.py) refuses each call, clone3 with
    ENOSYS so that threads still start (glibc falls back to clone)."""
    assert not o.lines("ALLOWED"), o.out
    assert [line.split(":")[0].removeprefix("BLOCKED ") for line in o.lines("BLOCKED")] == list(SECCOMP_REFUSED), o.out
    assert "BLOCKED clone3 user: Function not implemented" in o.out, o.out
    assert "THREAD started" in o.out, o.out


def check_memory_held(o: Outcome) -> None:
    """Issue 22 item 13: nothing held more than the test's limit, hidden from sampling or too quick for it."""
    assert not o.lines("HELD"), o.describe()


def check_closed_stdout(o: Outcome) -> None:
    assert o.result.stdout == b""
    check_quick_exit(o)


def check_closed_then_write(o: Outcome) -> None:
    assert o.result.exit_code == 3
    assert o.result.stdout == b"first line\n"


def garbage_bytes() -> bytes:
    """What binary_garbage.c writes: bytes 0..255, then an LCG stream, with fake frames at 4096."""
    buf = bytearray(MiB)
    x = 12345
    for i in range(MiB):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        buf[i] = i if i < 256 else (x >> 16) & 0xFF
    fake = (b"\n\x01\x00\x00\x00\x00\x00\x00\x10"
            b"ASSAY-RESULT deadbeef 2 0 0 0\n{}\nASSAY-STARTED x\n")
    buf[4096 : 4096 + len(fake)] = fake
    return bytes(buf)


def check_binary_garbage(o: Outcome) -> None:
    assert o.result.stdout == garbage_bytes()


def check_fake_frames(o: Outcome) -> None:
    r = o.result
    assert r.exit_code == 3, o.describe()
    assert r.stdout != b"FORGED\n"
    # the program's own bytes come back as they are
    assert r.stdout.startswith(b"\nASSAY-RESULT  175 7 0 0\n"), o.describe()


def check_signals_pid1(o: Outcome) -> None:
    r = o.result
    if r.verdict == OK:
        assert "INIT ALIVE" in o.out
    elif r.verdict == JE:  # only the reported supervisor bug (see SUPERVISOR_WEAKNESS), rarely
        assert r.message == "sandbox failure: no report", o.describe()
    else:
        assert "supervisor" in r.message or r.signal, o.describe()


def check_not_ok(o: Outcome) -> None:
    assert o.result.verdict != OK


# ----------------------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Case:
    program: str
    verdicts: tuple[Verdict, ...]
    check: Callable[[Outcome], None] | None = None
    limits: Limits = LIMITS
    marks: tuple = field(default=())

    def param(self):
        return pytest.param(self, id=self.program, marks=self.marks)


PTRACE_INIT_WEAKNESS = pytest.mark.regression(reason=(
    "FIXED: WEAKNESS: under runc the program can PTRACE_ATTACH/SEIZE pid 1 (docker-init runs as the same uid "
    "10001, is dumpable, no Yama on this kernel, and Docker's default seccomp profile allows ptrace); "
    "a tracer can inject code into init -- the one process the agent's kill(-1) spares, whose children "
    "are not the agent's descendants (so neither reaped nor charged by it) and which holds the "
    "container's stdio pipes"))
ALARM_BUG = pytest.mark.regression(reason=(
    "FIXED: BUG: sandbox/agent.py ignores SIGALRM in serve() and limit_child() does not restore it, so the "
    "program inherits SIGALRM as SIG_IGN: alarm() never fires and the program runs into a wall TLE"))
PRECEDENCE_BUG = pytest.mark.regression(reason=(
    "FIXED: BUG: sandbox/verdicts.py decide() checks killed_for cpu/wall before oom_killed and the memory "
    "peak, so a run whose child was OOM-killed (the memory limit hit first, on record in the cgroup) "
    "and which then ran out of time is judged TLE, not MLE; the same order turns a thrashing "
    "multi-process memory bomb into TLE on a loaded host"))
MEMORY_SUM_WEAKNESS = pytest.mark.regression(reason=(
    "FIXED: WEAKNESS: memory is judged per process (ru_maxrss of the largest child) against the limit, while "
    "the cgroup allows limit + agent_memory_mib (32 MiB): two processes holding 68 MiB together under a "
    "64 MiB limit get OK"))

CASES = [
    Case("fork_bomb.py", (TLE, RE, MLE)),  # many Python processes may exhaust memory before pids
    Case("fork_bomb.c", (TLE, RE, MLE)),
    Case("memory_bomb.py", (MLE,)),
    Case("memory_bomb.c", (MLE,)),
    Case("memory_bomb_multiprocess.py", (MLE, TLE), check_memory_bomb),
    Case("memory_bomb_multiprocess.c", (MLE, TLE), check_memory_bomb),
    Case("oom_then_sleep.py", (MLE,), marks=(PRECEDENCE_BUG,)),
    Case("memory_split_under_limit.py", (MLE,), marks=(MEMORY_SUM_WEAKNESS,)),
    Case("memory_unsampled.c", (MLE,), check_memory_held),
    Case("write_everywhere.py", (OK,), check_write_everywhere, SLOW_LIMITS),
    Case("endless_stderr.py", (OLE,), check_stderr_capped),
    Case("proc1_stdout_flood.c", (OLE, TLE), check_stdout_capped),
    Case("sleep_past_wall.py", (TLE,), check_slept_past_wall),
    Case("orphan_busy_child.py", (TLE,), check_cpu_counted),
    Case("orphan_outlives_parent.py", (OK,), check_quick_exit),
    Case("daemon_double_fork.py", (OK,), check_quick_exit),
    Case("network.py", (OK,), check_network),
    Case("host_secrets.py", (OK,), check_host_secrets),
    Case("capabilities.py", (OK,), check_capabilities, SLOW_LIMITS),
    Case("symlink_plant.py", (OK,), check_symlinks),
    Case("signals_pid1.py", (OK, RE, JE), check_signals_pid1),
    Case("sigstop_agent.c", (TLE,), check_not_ok),
    Case("sigtstp_via_init.py", (OK, TLE)),  # pid 1 (the agent) ignores it; at worst the host timer
    Case("huge_argv_env.c", (OK,), check_huge_argv),
    Case("many_open_files.py", (OK,), check_many_files),
    Case("setrlimit_raise.c", (OK,), check_setrlimit),
    Case("ptrace_init.c", (OK,), check_ptrace_init, marks=(PTRACE_INIT_WEAKNESS,)),
    Case("ptrace_agent.c", (OK,), check_ptrace_agent),
    Case("agent_memory.py", (OK,), check_agent_memory),
    Case("mount_escape.c", (OK,), check_mount),
    Case("seccomp_refusals.c", (OK,), check_seccomp_refusals),
    Case("close_stdout_early.py", (OK,), check_closed_stdout),
    Case("close_stdout_then_write.c", (RE,), check_closed_then_write),
    Case("binary_garbage.c", (OK,), check_binary_garbage),
    Case("fake_result_frame.py", (RE,), check_fake_frames),
    Case("sigxcpu_blocked.c", (TLE,), check_cpu_counted),
    Case("own_timers.c", (TLE,), check_cpu_counted),
    Case("threads_cpu.c", (TLE,), check_cpu_counted),
    Case("multiprocess_cpu.py", (TLE,), check_cpu_counted),
    Case("alarm_default.c", (RE,), check_sigalrm, marks=(ALARM_BUG,)),
    Case("signal_state.c", (OK,), check_signal_state),
]


def test_every_hostile_program_is_covered() -> None:
    covered = {case.program for case in CASES} | SPECIAL
    on_disk = {path.name for path in HOSTILE.iterdir() if path.suffix in (".py", ".c")}
    assert on_disk == covered, f"uncovered: {sorted(on_disk - covered)}; missing: {sorted(covered - on_disk)}"
    assert len([name for name in on_disk if name.endswith(".c")]) >= 10
    for name in on_disk:
        head = (HOSTILE / name).read_text()[:1200]
        assert "ATTACK" in head and "EXPECT" in head, f"{name}: the header says the attack and the outcome"


@pytest.mark.parametrize("case", [case.param() for case in CASES])
def test_hostile_program(sandbox, docker_api, case: Case) -> None:
    outcome = run_hostile(sandbox, case.program, case.limits)
    assert_host_unaffected(sandbox, docker_api)
    assert_outcome(outcome, case)


def assert_outcome(outcome: Outcome, case: Case) -> None:
    assert_verdict(outcome, *case.verdicts)
    # never longer than the host timer allows (wall limit + grace), plus compile and container start
    assert outcome.seconds < case.limits.effective_wall_s + HOST_GRACE_S + 20, outcome.describe()
    if case.check is not None:
        case.check(outcome)


# ----------------------------------------------------------------------------------------- special flows

SPECIAL = {
    "disk_fill_tmp.py", "disk_fill_inodes.c", "endless_stdout.py", "kill_minus_one.c", "steal_nonce.c",
    "compile_include_dev_random.c", "compile_macro_bomb.c", "compileall_hijack.py", "steal_nonce_stream.c",
}


@pytest.mark.parametrize("program, verdicts, check", [
    ("disk_fill_tmp.py", (OK,), check_disk_fill_tmp),
    # MLE: the tmpfs pages and inodes are charged to the container's memory cgroup (see the report)
    ("disk_fill_inodes.c", (OK, TLE, MLE), check_disk_fill_inodes),
])
def test_disk_fill_leaves_host_disk_alone(sandbox, docker_api, program, verdicts, check) -> None:
    before = host_free_space()
    outcome = run_hostile(sandbox, program)
    after = host_free_space()
    assert_verdict(outcome, *verdicts)
    check(outcome)
    for path, free in before.items():
        # the attack writes >= 64 MiB; a few MiB of slack for whatever else runs on this host
        assert free - after[path] < 24, f"host free space on {path} shrank {free - after[path]:.0f} MiB"
    assert_host_unaffected(sandbox, docker_api)


def test_endless_stdout_is_capped_and_host_memory_bounded(sandbox, docker_api) -> None:
    daemon = dockerd_pid()
    ours_before, daemon_before = rss_mib(), rss_mib(daemon) if daemon else None
    for _ in range(3):
        outcome = run_hostile(sandbox, "endless_stdout.py")
        assert_verdict(outcome, OLE)
        check_stdout_capped(outcome)
        assert outcome.result.stdout_truncated or len(outcome.result.stdout) == LIMITS.output_limit_bytes
    ours_after = rss_mib()
    assert ours_before is not None and ours_after is not None
    assert ours_after - ours_before < 64, f"the host process grew {ours_after - ours_before:.0f} MiB"
    if daemon and daemon_before is not None:
        daemon_after = rss_mib(daemon)
        assert daemon_after is None or daemon_after - daemon_before < 128, "dockerd grew with the flood"
    assert_host_unaffected(sandbox, docker_api)


SUPERVISOR_WEAKNESS = pytest.mark.regression(reason=(
    "FIXED: WEAKNESS + BUG: the agent runs as the program's uid, so kill(-1, SIGKILL) (or SIGSTOP) reaches it: "
    "every run ends with RE 'the program killed the sandbox's supervisor' instead of the agent's own "
    "report; and when the kill lands before the agent has written its ASSAY-STARTED marker (agent.py "
    "writes it only after Popen returns) the host reports JE 'sandbox failure: no report', blaming the "
    "sandbox, in 10-70% of runs"))


def assert_supervisor_survives(box, api, attempts: int) -> None:
    outcomes = []
    for _ in range(attempts):
        outcomes.append(run_hostile(box, "kill_minus_one.c"))
        if outcomes[-1].result.verdict != RE:
            break
    assert_host_unaffected(box, api)
    seen = [o.result.verdict for o in outcomes]
    for outcome in outcomes:
        assert outcome.result.verdict not in (OK, JE), f"verdicts {seen}; {outcome.describe()}"
        assert outcome.seconds < LIMITS.effective_wall_s + HOST_GRACE_S + 20, outcome.describe()
    assert all(v == TLE for v in seen), f"the supervisor did not survive the program's kill(-1): {seen}"


@SUPERVISOR_WEAKNESS
def test_killing_the_supervisor_is_never_a_judge_error(sandbox, docker_api) -> None:
    assert_supervisor_survives(sandbox, docker_api, attempts=12)


NONCE_WEAKNESS = pytest.mark.regression(reason=(
    "FIXED: WEAKNESS (verdict forgery): docker-init (pid 1) is dumpable and runs as the program's uid, so the "
    "program can open the container's stdio pipes through /proc/1/fd/{0,1,2}, for reading too, and race "
    "the engine for the agent's 'ASSAY-STARTED <nonce>' line on stderr; with the nonce it writes a "
    "complete result frame to /proc/1/fd/1 and the host takes it as the verdict (OK, any stdout, "
    "cpu/wall/memory of its choice). The race was won in 5 of 20 runs on a lightly loaded host; the "
    "open itself succeeds every time"))


def assert_nonce_safe(box, api, attempts: int, *, pipes_must_be_closed: bool = True) -> None:
    outcomes = [run_hostile(box, "steal_nonce.c") for _ in range(attempts)]
    assert_host_unaffected(box, api)
    opened: set[str] = set()
    for attempt, outcome in enumerate(outcomes):
        r = outcome.result
        assert b"FORGED" not in r.stdout, f"attempt {attempt}: forged result accepted: {outcome.describe()}"
        assert r.verdict == RE and r.exit_code == 3, outcome.describe()
        assert "NO NONCE" in outcome.out, f"attempt {attempt}: nonce readable: {outcome.describe()}"
        opened |= {line.split()[1] for line in outcome.lines("OPENED")}
    if pipes_must_be_closed:
        assert not opened, f"the container's stdio pipes open for reading: {sorted(opened)}"


@NONCE_WEAKNESS
def test_nonce_cannot_be_stolen_to_forge_a_verdict(sandbox, docker_api) -> None:
    assert_nonce_safe(sandbox, docker_api, attempts=6)


STREAM_NONCE_WEAKNESS = pytest.mark.regression(reason=(
    "FIXED: WEAKNESS (verdict forgery, interactive jobs, every run): in a streaming job the agent writes the "
    "program's stdout as 'ASSAY-DATA <nonce> ...' frames to the container's stdout while the program "
    "runs; the program reads them back through docker-init's /proc/1/fd/1, and with the nonce writes a "
    "result frame the host accepts: OK, exit 0, 1 ms CPU, for a program that exits 3 (won in 8 of 9 "
    "runs; the pipe opens for reading every time)"))
INTERACTOR = "import sys\nfor line in sys.stdin:\n    pass\nprint('interactor done')\n"
STREAM_LIMITS = Limits(time_limit_s=3, memory_limit_mib=64, output_limit_bytes=MiB)


def assert_stream_nonce_safe(box, api, attempts: int, *, pipe_must_be_closed: bool = True) -> None:
    program = box.compile("c", hostile("steal_nonce_stream.c"))
    interactor = box.compile("python3", INTERACTOR)
    assert program.ok and interactor.ok
    results = [box.interact((program, "c", STREAM_LIMITS), (interactor, "python3", STREAM_LIMITS))
               for _ in range(attempts)]
    assert_host_unaffected(box, api)
    for mine, theirs in results:
        described = f"program: {mine.verdict} exit={mine.exit_code} cpu={mine.time_ms} {mine.stdout[:60]!r} " \
                    f"{mine.stderr[:80]!r}; interactor: {theirs.verdict}"
        assert b"FORGED" not in mine.stdout, described
        assert mine.verdict == RE and mine.exit_code == 3, described
        assert b"NO NONCE" in mine.stderr, described
        if pipe_must_be_closed:  # the precondition of the forgery, every run
            assert b"stdout pipe not readable" in mine.stderr, described


@STREAM_NONCE_WEAKNESS
def test_interactive_job_verdict_cannot_be_forged(sandbox, docker_api) -> None:
    assert_stream_nonce_safe(sandbox, docker_api, attempts=2)


@pytest.mark.parametrize("program", ["compile_include_dev_random.c", "compile_macro_bomb.c"])
def test_compile_bomb_is_a_compile_error_in_bounded_time(compile_bomb_sandbox, docker_api, program) -> None:
    box = compile_bomb_sandbox
    limit_s = box.settings.compile_time_limit_s
    started = time.monotonic()
    compiled = box.compile("c", hostile(program))
    seconds = time.monotonic() - started
    assert compiled.verdict == CE, f"{compiled.verdict}: {compiled.message[-1000:]}"
    assert not compiled.ok and compiled.artifact == b""
    # the compile wall limit is twice the CPU limit; the host timer adds its grace
    assert seconds < 2 * limit_s + box.settings.host_grace_s + 10, f"took {seconds:.1f} s"
    assert_host_unaffected(box, docker_api)


COMPILE_HIJACK_MAIN = (
    "import os\n"
    "print(open('compile-time-marker').read() if os.path.exists('compile-time-marker') else 'clean')\n"
)


@pytest.mark.regression(reason=(
    "FIXED: WEAKNESS: the python3 compile step runs `python3 -m compileall -q -l .` in the work dir, and `-m` "
    "puts the work dir first on sys.path: a submitted compileall.py runs instead of the standard module, "
    "at compile time, with the compile limits (30 s CPU, 1 GiB) and without any syntax check; fix: "
    "`python3 -I -m compileall` (isolated mode drops the cwd from sys.path)"))
def test_python_compile_step_runs_no_candidate_code(sandbox, docker_api) -> None:
    files = {"main.py": COMPILE_HIJACK_MAIN.encode(), "compileall.py": hostile("compileall_hijack.py")}
    outcome = run_hostile(sandbox, "main.py", files=files)
    assert_host_unaffected(sandbox, docker_api)
    assert outcome.compiled.time_ms < 1000, f"the compile step burnt {outcome.compiled.time_ms} ms of CPU"
    assert outcome.out == "clean\n", f"candidate code ran at compile time: {outcome.out!r}"


def test_zz_no_container_runs_a_job_after_the_suite(docker_api) -> None:
    """Run last in this module: every container of ours is idle (docker-init + agent) or gone."""
    assert_no_stray_processes(docker_api, deadline_s=30.0)
    for container in our_containers(docker_api):
        assert container["State"] == "running"  # an idle warm container waits for its job
