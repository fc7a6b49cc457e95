#!/usr/bin/env python3
"""What each container option costs: a sandbox container's life (create + attach + start, the agent
boots, forced removal) with the hardened spec and with one option changed at a time.

    .venv/bin/python bench/container_options.py            # 20 lives per variant, runc
    .venv/bin/python bench/container_options.py --runtime runsc --count 10

Per variant: median wall time of create+attach+start, of start -> the agent is ready (a job's round
trip), of the forced removal, and the whole machine's busy CPU per container (/proc/stat: noisy when
other work runs; the load average is printed). Variants that weaken the sandbox are measured only to
show what the hardening costs, never to be adopted. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from sandbox.container import Box, ContainerSpec  # noqa: E402
from sandbox.models import Limits  # noqa: E402
from sandbox.runner import Sandbox, connect  # noqa: E402
from sandbox.settings import SandboxSettings  # noqa: E402

Tweak = Callable[[dict[str, Any]], None]


def _host(kwargs: dict[str, Any]) -> dict[str, Any]:
    return kwargs["host_config"]


def _drop(key: str) -> Tweak:
    return lambda kwargs: _host(kwargs).pop(key, None)


def _set(key: str, value: Any) -> Tweak:
    return lambda kwargs: _host(kwargs).__setitem__(key, value)


VARIANTS: dict[str, tuple[str, list[Tweak]]] = {
    "hardened (as shipped)": ("", []),
    "IpcMode private (+ /dev/shm mount)": ("what ipc=none saves", [_set("IpcMode", "private")]),
    "NetworkMode bridge (veth + iptables)": ("what network=none saves", [_set("NetworkMode", "bridge")]),
    "no ulimits": ("ulimits are rlimits set by runc: free", [_drop("Ulimits")]),
    "no pids/memory/CPU limits": ("cgroup files written by runc", [_drop("PidsLimit"), _drop("Memory"),
                                                                  _drop("MemorySwap"), _drop("NanoCpus")]),
    "no tmpfs /tmp": ("one tmpfs mount (the scratch is needed)", [_drop("Tmpfs")]),
    "seccomp unconfined": ("the default profile, compiled to BPF by runc at every start (weakens!)",
                           [lambda kw: _host(kw).__setitem__("SecurityOpt", ["no-new-privileges:true",
                                                                             "seccomp=unconfined"])]),
    "json-file log driver": ("what LogConfig none saves", [_set("LogConfig", {"Type": "json-file", "Config": {}})]),
    "hardened again (drift check)": ("the first row measured again, last", []),
}


def busy_ticks() -> int:
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    return sum(fields[:8]) - fields[3] - fields[4]


def life(api: Any, spec: ContainerSpec, tweaks: list[Tweak]) -> tuple[float, float, float]:
    """(create+attach+start ms, start -> agent answers ms, remove ms) for one container."""
    original = ContainerSpec.create_kwargs

    def patched(self: ContainerSpec, client: Any) -> dict[str, Any]:
        kwargs = original(self, client)
        for tweak in tweaks:
            tweak(kwargs)
        return kwargs

    ContainerSpec.create_kwargs = patched  # type: ignore[method-assign]
    try:
        began = time.perf_counter()
        box = Box.start(api, spec)
        started = time.perf_counter()
    finally:
        ContainerSpec.create_kwargs = original  # type: ignore[method-assign]
    reply = box.execute({"argv": ["true"], "cpu_limit_ms": 1000, "wall_limit_ms": 5000, "output_limit": 1024,
                         "stderr_limit": 1024}, b"", b"", timeout_s=30, max_stdout_bytes=1 << 20)
    ready = time.perf_counter()
    if reply.meta is None:
        raise RuntimeError(f"no report from the agent: {reply}")
    box.destroy()
    removed = time.perf_counter()
    return (started - began) * 1000, (ready - started) * 1000, (removed - ready) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runtime", default="runc")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--language", default="python3")
    args = parser.parse_args()
    api = connect()
    sandbox = Sandbox(SandboxSettings(runtime=args.runtime, pool_size=0), pool_size=0, api=api)
    spec = sandbox.run_spec(args.language, Limits())
    sandbox.close()
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    print(f"runtime {args.runtime}, {args.count} containers per variant, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f} at the start")
    print(f"{'variant':40} {'start ms':>9} {'job ms':>7} {'remove ms':>10} {'busy CPU-ms/ctr':>16}  note")
    for name, (note, tweaks) in VARIANTS.items():
        life(api, spec, tweaks)  # warm-up
        samples = []
        before = busy_ticks()
        for _ in range(args.count):
            samples.append(life(api, spec, tweaks))
        cpu = (busy_ticks() - before) * tick_ms / args.count
        start, job, remove = (statistics.median(s[i] for s in samples) for i in range(3))
        print(f"{name:40} {start:9.0f} {job:7.0f} {remove:10.0f} {cpu:16.0f}  {note}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
