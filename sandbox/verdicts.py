"""Sandbox verdicts and the one function that derives a verdict from what the agent measured."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """What the sandbox can say about one execution (graders add AC/WA on top)."""

    OK = "OK"  # exited 0 within every limit
    TLE = "TLE"  # CPU or wall-clock limit exceeded
    MLE = "MLE"  # cgroup OOM kill, or peak memory over the limit
    RE = "RE"  # non-zero exit or killed by a signal
    OLE = "OLE"  # output over the cap
    CE = "CE"  # compilation failed (compile step only)
    JE = "JE"  # judge error: the sandbox itself failed; never the candidate's fault


def decide(
    *,
    agent_error: str | None,
    killed_for: str | None,
    oom_killed: bool,
    exit_code: int | None,
    signal_name: str | None,
    cpu_ms: int,
    memory_kib: int,
    cpu_limit_ms: int,
    memory_limit_kib: int,
) -> Verdict:
    """Verdict precedence: judge error, an OOM kill, the limit the agent enforced, measurements, exit."""
    if agent_error:
        return Verdict.JE
    if oom_killed or killed_for == "memory":  # an OOM kill on record stands, whatever limit was hit after it
        return Verdict.MLE
    if killed_for == "output":
        return Verdict.OLE
    if killed_for in ("cpu", "wall") or signal_name == "SIGXCPU":
        return Verdict.TLE
    if memory_kib > memory_limit_kib:
        return Verdict.MLE
    if cpu_ms > cpu_limit_ms:
        return Verdict.TLE
    if signal_name is not None or (exit_code or 0) != 0:
        return Verdict.RE
    return Verdict.OK
