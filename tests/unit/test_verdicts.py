"""Verdict precedence: one table, every branch."""

import pytest

from sandbox.verdicts import Verdict, decide

BASE = dict(agent_error=None, killed_for=None, oom_killed=False, exit_code=0, signal_name=None,
            cpu_ms=100, memory_kib=1000, cpu_limit_ms=1000, memory_limit_kib=65536)


@pytest.mark.parametrize(
    ("changes", "verdict"),
    [
        ({}, Verdict.OK),
        ({"agent_error": "boom"}, Verdict.JE),
        ({"agent_error": "boom", "killed_for": "output"}, Verdict.JE),
        ({"killed_for": "output", "signal_name": "SIGKILL", "exit_code": None}, Verdict.OLE),
        ({"killed_for": "cpu", "signal_name": "SIGKILL", "exit_code": None}, Verdict.TLE),
        ({"killed_for": "wall", "signal_name": "SIGKILL", "exit_code": None}, Verdict.TLE),
        ({"signal_name": "SIGXCPU", "exit_code": None}, Verdict.TLE),
        ({"oom_killed": True, "signal_name": "SIGKILL", "exit_code": None}, Verdict.MLE),
        ({"memory_kib": 70000}, Verdict.MLE),
        ({"memory_kib": 70000, "exit_code": 1}, Verdict.MLE),
        ({"cpu_ms": 1001}, Verdict.TLE),
        ({"exit_code": 3}, Verdict.RE),
        ({"signal_name": "SIGSEGV", "exit_code": None}, Verdict.RE),
        ({"killed_for": "cpu", "oom_killed": True}, Verdict.MLE),
    ],
)
def test_verdict_precedence(changes, verdict):
    assert decide(**{**BASE, **changes}) == verdict
