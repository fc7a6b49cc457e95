"""The sandbox's seccomp profile (sandbox/seccomp.py, issue 22 items 5 and 7), as data: what it allows,
what it refuses, and the clone3 rule that differs per runtime. tests/docker/test_security*.py run
tests/hostile/seccomp_refusals.c under runc and runsc to show that each runtime applies it."""

from __future__ import annotations

import json

import pytest

from sandbox import seccomp


def rules(runtime: str, name: str) -> list[dict]:
    return [rule for rule in seccomp.profile(runtime)["syscalls"] if name in rule["names"]]


@pytest.mark.parametrize("runtime", ["runc", "runsc", "crun"])
def test_everything_not_allowed_is_refused_with_eperm(runtime: str) -> None:
    profile = seccomp.profile(runtime)
    assert profile["defaultAction"] == "SCMP_ACT_ERRNO" and "defaultErrnoRet" not in profile
    for name in seccomp.REFUSED:
        allowing = [rule for rule in rules(runtime, name) if rule["action"] == "SCMP_ACT_ALLOW"]
        assert not allowing, f"{name} is allowed under {runtime}"


def test_clone3_answers_enosys_under_each_runtime() -> None:
    """runc honours errnoRet; the runsc of bookworm and backports do not (they would answer EPERM and no
    thread would start), so under runsc clone3 is traced: with no tracer, ENOSYS."""
    assert rules("runc", "clone3") == [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]
    assert rules("crun", "clone3") == rules("runc", "clone3")
    [traced] = rules("runsc", "clone3")
    assert traced["action"] == "SCMP_ACT_TRACE"
    # TRACE is only as safe as the absence of a tracer: nothing in the sandbox may ptrace
    assert not rules("runsc", "ptrace") and "ptrace" in seccomp.REFUSED


def test_namespaces_stay_out_of_clone_and_no_seccomp_listener() -> None:
    for runtime in ("runc", "runsc"):
        [clone] = rules(runtime, "clone")
        assert clone["args"] == [{"index": 0, "value": 0x7E020000, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]
        [own_filter] = rules(runtime, "seccomp")
        assert own_filter["args"] == [{"index": 1, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]


def test_what_a_judged_program_needs_is_allowed() -> None:
    allowed = set(seccomp.ALLOWED)
    for name in ("read", "write", "mmap", "futex", "execve", "fork", "vfork", "wait4", "rt_sigaction", "prlimit64",
                 "shmget", "msgget", "semget", "socket", "bind", "listen", "getrandom", "rseq", "pidfd_open"):
        assert name in allowed, name
    assert not allowed & set(seccomp.REFUSED)
    assert not [name for name in allowed if name.startswith(("mq_", "io_uring"))]


def test_the_security_option_is_the_profile_inline() -> None:
    option = seccomp.security_opt("runsc")
    assert option.startswith("seccomp={")
    assert json.loads(option.removeprefix("seccomp=")) == seccomp.profile("runsc")


def test_gvisor_aliases_only_under_runsc() -> None:
    """bookworm's runsc knows pselect6 as "pselect" (glibc's select() would be refused); runc's libseccomp
    gets Docker's names only."""
    assert rules("runsc", "pselect") and rules("runsc", "pselect6")
    assert not rules("runc", "pselect") and rules("runc", "pselect6")
