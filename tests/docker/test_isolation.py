"""Submission isolation (``ASSAY_SANDBOX_ISOLATION=submission``): one container per submission.

The compile and every test of one submission run in the same container, each test a fresh process.
These tests attack that: a test leaves a daemon, files, a fifo, sockets, System V IPC objects or
changed rlimits/nice/affinity behind (tests/isolation/leave_behind.py), and the next test of the same
submission must see none of it (tests/isolation/probe.py prints the same as in a fresh container) and
get its own verdict. Then the adversarial suite of tests/test_security.py (runc) and
tests/test_security_runsc.py (gVisor) runs in submission mode: each hostile program is a test of a
submission whose next test is a canary in the same container. Everything runs under runc and runsc.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.languages import get_language
from sandbox.models import CompileResult, Limits, RunResult, TestInput
from sandbox.runner import Sandbox, Session
from sandbox.verdicts import Verdict

try:
    import test_security as sec
    import test_security_runsc as sec_runsc
except ImportError:  # collected as a package module (tests/__init__.py present)
    from tests.docker import test_security as sec
    from tests.docker import test_security_runsc as sec_runsc

pytestmark = pytest.mark.timeout(300)

HERE = Path(__file__).resolve().parents[1] / "isolation"
LIMITS = Limits(time_limit_s=2, memory_limit_mib=128, output_limit_bytes=1 << 20)
MAIN = (
    "import io, sys\n"
    "data = sys.stdin.read()\n"
    "sys.stdin = io.StringIO(data)\n"
    "name = 'probe.py' if data.startswith('probe') else 'leave_behind.py'\n"
    "exec(compile(open(name).read(), name, 'exec'))\n"
)
CANARY = {"python3": sec.CANARY, "c": '#include <stdio.h>\nint main(void){printf("45\\n");return 0;}\n'}


@pytest.fixture(scope="module", params=["runc", "runsc"])
def box(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    yield request.getfixturevalue("sandbox" if request.param == "runc" else "sandbox_runsc")


def session(box: Sandbox, language: str, limits: Limits = LIMITS) -> Session:
    """The submission's execution unit, whatever the sandbox's isolation setting."""
    return Session(box, get_language(language), limits)


def submission_files() -> dict[str, bytes]:
    return {"main.py": MAIN.encode(), "probe.py": (HERE / "probe.py").read_bytes(),
            "leave_behind.py": (HERE / "leave_behind.py").read_bytes()}


def probe_lines(result: RunResult) -> list[str]:
    return result.stdout.decode(errors="replace").splitlines()


@pytest.mark.parametrize("attack", ["daemon", "files", "fifo", "ipc", "rlimit", "inject",
                                    "daemon files fifo ipc rlimit inject",
                                    # issue 22: items 4, 6 and 7
                                    "ipcfill", "tcp", "mqueue"])
def test_a_test_leaves_nothing_behind_for_the_next(box: Sandbox, docker_api, attack: str) -> None:
    with session(box, "python3") as unit:
        compiled = unit.compile(submission_files())
        assert compiled.ok, compiled.message
        fresh = unit.run_one(compiled, "python3", TestInput(stdin=b"probe 1"), LIMITS)
        left = unit.run_one(compiled, "python3", TestInput(stdin=attack.encode()), LIMITS)
        after = [unit.run_one(compiled, "python3", TestInput(stdin=b"probe 1"), LIMITS) for _ in range(2)]
        containers = unit.containers
    assert fresh.verdict == Verdict.OK, fresh.message
    # all at once, the daemons may burn the attack's own CPU limit while it idles (SCHED_IDLE), or its memory
    allowed = (Verdict.OK, Verdict.TLE, Verdict.MLE) if " " in attack else (Verdict.OK,)
    assert left.verdict in allowed, f"{left.message} {left.stdout!r} {left.stderr[-800:]!r}"
    if left.verdict == Verdict.OK or " " not in attack:  # cut short (TLE/MLE), all at once may end before it
        assert f"LEFT {attack}" in left.stdout.decode()  # says so; each attack alone always says it
    for result in after:
        assert result.verdict == Verdict.OK, f"{result.message} {result.stderr[-800:]!r}"
        assert probe_lines(result) == probe_lines(fresh), (
            f"the next test saw what an earlier one left ({attack}):\n"
            + "\n".join(sorted(set(probe_lines(result)) ^ set(probe_lines(fresh)))))
        # a leftover daemon burning CPU or holding memory would show here
        assert result.time_ms < 1000 and result.memory_kib < 64 * 1024, result
    assert containers <= 2, containers
    if box.settings.runtime == "runc":
        sec.assert_no_stray_processes(docker_api)


def test_each_test_gets_the_verdict_of_its_own_program(box: Sandbox) -> None:
    """A memory hog and a CPU hog left behind by TLE/MLE/RE tests do not make the next one MLE/TLE."""
    program = (
        "import os, sys, time\n"
        "kind = sys.stdin.read().strip()\n"
        "if kind == 'ok':\n    print('fine')\n"
        "elif kind == 'mle':\n    x = bytearray(200 << 20)\n    x[::4096] = b'1' * len(x[::4096])\n"
        "elif kind == 'tle':\n    while True: pass\n"
        "elif kind == 're':\n    os.fork() or time.sleep(60)\n    sys.exit(3)\n"
    )
    expected = [("ok", Verdict.OK), ("mle", Verdict.MLE), ("ok", Verdict.OK), ("tle", Verdict.TLE),
                ("ok", Verdict.OK), ("re", Verdict.RE), ("ok", Verdict.OK)]
    limits = Limits(time_limit_s=1, memory_limit_mib=64)
    with session(box, "python3", limits) as unit:
        compiled = unit.compile(program)
        results = [unit.run_one(compiled, "python3", TestInput(stdin=kind.encode()), limits)
                   for kind, _ in expected]
    for (kind, verdict), result in zip(expected, results, strict=True):
        assert result.verdict == verdict, f"{kind}: {result.verdict} {result.message}"
        if kind == "ok":
            assert result.stdout == b"fine\n" and result.time_ms < 1000, result


def _canary(box: Sandbox, language: str) -> CompileResult:
    compiled = box.compile(language, CANARY[language])
    assert compiled.ok, compiled.message
    return compiled


def run_case_in_a_submission(box: Sandbox, case: sec.Case) -> sec.Outcome:
    """The hostile program as one test of a submission, then a canary as the next test, same container."""
    language = sec.language_of(case.program)
    canary = _canary(box, language)
    started = time.monotonic()
    with session(box, language, case.limits) as unit:
        compiled = unit.compile(sec.hostile(case.program))
        assert compiled.ok, f"{case.program} did not compile: {compiled.message[-2000:]}"
        result = unit.run_one(compiled, language, TestInput(stdin=b""), case.limits)
        seconds = time.monotonic() - started
        after = unit.run_one(canary, language, TestInput(stdin=b""), sec.LIMITS)
    assert after.verdict == Verdict.OK and after.stdout == b"45\n", (
        f"the test after {case.program} in the same container: {after.verdict} {after.message} {after.stderr!r}")
    return sec.Outcome(compiled, result, seconds)


# In submission mode the container is sized for the compile; the test's memory limit is the agent's to
# enforce and the scratch is the compile's size (512 MiB), its pages counted as the test's memory: a
# disk fill ends in MLE at the memory limit, where a test's own container gives ENOSPC at 64 MiB.
SUBMISSION_VERDICTS = {"disk_fill_tmp.py": (Verdict.OK, Verdict.MLE)}


def _cases(runtime: str) -> list:
    cases = sec.CASES if runtime == "runc" else sec_runsc.CASES
    return [pytest.param(runtime, case, id=f"{runtime}-{case.program}", marks=case.marks) for case in cases]


@pytest.mark.parametrize("runtime, case", _cases("runc") + _cases("runsc"))
def test_hostile_program_in_submission_mode(request: pytest.FixtureRequest, docker_api, runtime: str,
                                            case: sec.Case) -> None:
    box = request.getfixturevalue("sandbox" if runtime == "runc" else "sandbox_runsc")
    outcome = run_case_in_a_submission(box, case)
    sec.assert_host_unaffected(box, docker_api)
    allowed = SUBMISSION_VERDICTS.get(case.program)
    if allowed:
        case = sec.Case(case.program, allowed, None, case.limits)
    sec.assert_outcome(outcome, case)


def test_a_container_near_its_sweep_deadline_is_replaced(box: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long submission never outlives its container's labelled deadline: the next test moves to a
    fresh container (the agent cleaned up after each test anyway), with the same verdicts."""
    with session(box, "python3") as unit:
        compiled = unit.compile("print(input())\n")
        first = unit.run_one(compiled, "python3", TestInput(stdin=b"a\n"), LIMITS)
        monkeypatch.setattr(Session, "_expiring", lambda self, box, timeout_s: True)
        second = unit.run_one(compiled, "python3", TestInput(stdin=b"b\n"), LIMITS)
        containers = unit.containers
    assert (first.verdict, first.stdout, second.verdict, second.stdout) == (Verdict.OK, b"a\n", Verdict.OK, b"b\n")
    assert containers == 2
