"""Regression tests for the sandbox findings of issue 13 (items 7 and 8): the interactive relay under
back-pressure, a container leaked when the second acquire fails, and quadratic buffer copying while
decoding a job's result. Real Docker (the session's runc sandbox); each test says what it guards."""

from __future__ import annotations

import textwrap
import time
from typing import Any

import docker.errors
import pytest
from support.gate import need

from sandbox.models import Limits

BIG = 4 << 20  # bytes the interactor sends before it reads anything

# The interactor writes BIG bytes at once; the program sleeps before reading them (back-pressure on
# the host's writes into the program's container), then says how many it got.
FLOOD_INTERACTOR = textwrap.dedent(f'''
    import sys
    sys.stdout.buffer.write(b"x" * {BIG} + b"\\n")
    sys.stdout.flush()
    line = sys.stdin.readline()
    sys.stderr.write("GOT " + line)
    sys.exit(0 if line.strip() == "{BIG + 1}" else 1)
''')
SLOW_READER = textwrap.dedent(f'''
    import sys, time
    time.sleep(1.5)
    data = sys.stdin.buffer.read({BIG + 1})
    print(len(data), flush=True)
''')


def test_interactive_input_survives_back_pressure(sandbox):
    """Guards issue 13 item 7: the relay wrote a program's input with the socket timeout its reader
    had just set (10 ms); under back-pressure (a program not reading yet) the write timed out half-way
    and the program's input was closed: it got a fraction of what the interactor sent."""
    program = sandbox.compile("python3", {"main.py": SLOW_READER})
    interactor = sandbox.compile("python3", {"main.py": FLOOD_INTERACTOR})
    limits = Limits(time_limit_s=10, wall_limit_s=20, memory_limit_mib=128, output_limit_bytes=16 << 20)
    started = time.monotonic()
    ran, judged = sandbox.interact((program, "python3", limits), (interactor, "python3", limits))
    print(f"relayed {BIG} bytes to a slow reader in {time.monotonic() - started:.2f} s")
    assert judged.stderr.decode().strip() == f"GOT {BIG + 1}", (ran, judged)
    assert judged.exit_code == 0 and ran.exit_code == 0, (ran, judged)


def test_a_failed_second_acquire_leaks_no_container(sandbox, docker_api, monkeypatch):
    """Guards issue 13 item 7: when the interactor's container could not be had (engine error, pool
    timeout), the program's container, already taken from the pool, was never released: it kept
    running until the leftover sweep, minutes later."""
    program = sandbox.compile("python3", {"main.py": "print(1)\n"})
    limits = Limits(time_limit_s=1, memory_limit_mib=96)
    real_acquire = sandbox.pool.acquire
    taken: list[Any] = []

    def acquire(spec: Any, **kwargs: Any) -> Any:
        if taken:
            raise RuntimeError("the engine refused the second container")
        box, warm = real_acquire(spec, **kwargs)
        taken.append(box)
        return box, warm

    monkeypatch.setattr(sandbox.pool, "acquire", acquire)
    with pytest.raises(RuntimeError, match="second container"):
        sandbox.interact((program, "python3", limits), (program, "python3", limits))
    monkeypatch.undo()
    [box] = taken
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            docker_api.inspect_container(box.container_id)
        except docker.errors.NotFound:
            return
        time.sleep(0.1)
    pytest.fail(f"container {box.container_id[:12]} of the failed interact() is still there")


class _EngineWithout:
    """The real Docker API client, except that ``docker info`` does not list one runtime."""

    def __init__(self, api: Any, hidden: str) -> None:
        self._api = api
        self._hidden = hidden

    def info(self) -> dict[str, Any]:
        info = dict(self._api.info())
        info["Runtimes"] = {k: v for k, v in (info.get("Runtimes") or {}).items() if k != self._hidden}
        return info

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)


def test_candidate_code_runs_under_gvisor_by_default(docker_api, monkeypatch):
    """Guards issue 13 item 2: with no setting, candidate code ran under runc, on the host kernel.
    The default is now ``auto``: gVisor wherever runsc is registered with the engine."""
    from sandbox.runner import Sandbox
    from sandbox.settings import SandboxSettings

    if "runsc" not in (docker_api.info().get("Runtimes") or {}):
        need("gVisor runtime runsc is not registered with Docker (scripts/setup-host.sh does it)")
    monkeypatch.delenv("ASSAY_SANDBOX_RUNTIME", raising=False)  # the tests' own explicit runc
    settings = SandboxSettings(pool_size=0)
    assert settings.runtime == "auto"
    box = Sandbox(settings, api=docker_api)
    try:
        assert box.settings.runtime == "runsc"
        compiled = box.compile("python3", {"main.py": "print(open('/proc/version').read())"})
        [result] = box.run(compiled, "python3", [b""], Limits(time_limit_s=2))
    finally:
        box.close()
    host_kernel = open("/proc/version").read().strip()
    assert result.verdict == "OK" and result.runtime == "runsc", result
    assert result.stdout.decode().strip() != host_kernel  # gVisor's kernel, not the host's


def test_without_gvisor_auto_falls_back_to_runc_loudly_and_runsc_is_refused(docker_api, caplog):
    """Issue 13 item 2: where runsc is not registered, ``auto`` runs under runc with a warning that
    says so (and how to change it); an explicit runsc is refused rather than silently downgraded."""
    from sandbox.container import SandboxError
    from sandbox.runner import Sandbox
    from sandbox.settings import SandboxSettings

    engine = _EngineWithout(docker_api, "runsc")
    with caplog.at_level("WARNING", logger="assay.sandbox"):
        box = Sandbox(SandboxSettings(runtime="auto", pool_size=0), api=engine)  # type: ignore[arg-type]
    try:
        assert box.settings.runtime == "runc"
    finally:
        box.close()
    assert any("host kernel" in r.getMessage() and "runsc" in r.getMessage() for r in caplog.records)
    with pytest.raises(SandboxError, match="no runtime 'runsc'"):
        Sandbox(SandboxSettings(runtime="runsc", pool_size=0), api=engine)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- issue 22 item 5: gVisor + seccomp


class _EngineRunscArgs:
    """The real Docker API client, except that ``docker info`` lists runsc with other runtimeArgs."""

    def __init__(self, api: Any, args: list[str]) -> None:
        self._api = api
        self._args = args

    def info(self) -> dict[str, Any]:
        info = dict(self._api.info())
        runtimes = dict(info.get("Runtimes") or {})
        runtimes["runsc"] = {"path": "/usr/bin/runsc", "runtimeArgs": self._args}
        info["Runtimes"] = runtimes
        return info

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)


def test_gvisor_without_oci_seccomp_is_refused_or_warned(docker_api, caplog):
    """Guards issue 22 item 5: runsc registered without --oci-seccomp does not apply the containers'
    seccomp profile inside gVisor. An explicit runsc is refused with the fix; ``auto`` warns loudly."""
    from sandbox.container import SandboxError
    from sandbox.runner import Sandbox
    from sandbox.runtimes import applies_seccomp
    from sandbox.settings import SandboxSettings

    engine = _EngineRunscArgs(docker_api, ["--network=none"])
    assert not applies_seccomp(engine, "runsc") and applies_seccomp(engine, "runc")
    assert applies_seccomp(_EngineRunscArgs(docker_api, ["--network=none", "--oci-seccomp"]), "runsc")
    assert applies_seccomp(_EngineRunscArgs(docker_api, ["--oci-seccomp=true"]), "runsc")
    assert not applies_seccomp(_EngineRunscArgs(docker_api, ["--oci-seccomp=false"]), "runsc")
    with pytest.raises(SandboxError, match=r"without --oci-seccomp.*daemon\.json"):
        Sandbox(SandboxSettings(runtime="runsc", pool_size=0), api=engine)  # type: ignore[arg-type]
    with caplog.at_level("WARNING", logger="assay.sandbox"):
        box = Sandbox(SandboxSettings(runtime="auto", pool_size=0), api=engine)  # type: ignore[arg-type]
    try:
        assert box.settings.runtime == "runsc"
    finally:
        box.close()
    assert any("--oci-seccomp" in r.getMessage() and "NOT applied" in r.getMessage() for r in caplog.records)


def test_this_hosts_gvisor_applies_seccomp(docker_api):
    """scripts/setup-host.sh registers runsc with --oci-seccomp (CI runs it on a fresh machine)."""
    from sandbox.runtimes import applies_seccomp

    if "runsc" not in (docker_api.info().get("Runtimes") or {}):
        need("gVisor runtime runsc is not registered with Docker (scripts/setup-host.sh does it)")
    assert applies_seccomp(docker_api, "runsc"), docker_api.info()["Runtimes"]["runsc"]


@pytest.mark.parametrize("runtime", ["runc", "runsc"])
def test_every_sandbox_container_gets_the_assay_seccomp_profile(docker_api, runtime):
    """Issue 22 item 5: the containers carry sandbox/seccomp.py's profile for their runtime, not the
    engine's default (whose clone3 rule gVisor answers with EPERM)."""
    import json

    from sandbox import seccomp
    from sandbox.container import Box
    from sandbox.runner import Sandbox
    from sandbox.settings import SandboxSettings

    if runtime not in (docker_api.info().get("Runtimes") or {}):
        need(f"runtime {runtime} is not registered with Docker")
    box = Sandbox(SandboxSettings(runtime=runtime, pool_size=0), api=docker_api)
    try:
        started = Box.start(docker_api, box.run_spec("python3", Limits()))
        try:
            options = docker_api.inspect_container(started.container_id)["HostConfig"]["SecurityOpt"]
        finally:
            started.destroy()
    finally:
        box.close()
    [profile] = [json.loads(option.removeprefix("seccomp=")) for option in options if option.startswith("seccomp=")]
    assert profile == seccomp.profile(runtime)
    assert "no-new-privileges:true" in options
