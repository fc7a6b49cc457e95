"""The one mapping from sandbox verdicts to grader verdicts, and the one set of display names."""

import pytest

from graders.verdicts import CANDIDATE_MESSAGES, NAMES, RUN_NAMES, Verdict, from_sandbox
from sandbox import Verdict as SandboxVerdict


@pytest.mark.parametrize(
    ("sandbox", "running", "compiling"),
    [
        (SandboxVerdict.OK, Verdict.AC, Verdict.AC),
        (SandboxVerdict.TLE, Verdict.TLE, Verdict.CE),
        (SandboxVerdict.MLE, Verdict.MLE, Verdict.CE),
        (SandboxVerdict.RE, Verdict.RE, Verdict.CE),
        (SandboxVerdict.OLE, Verdict.OLE, Verdict.CE),
        (SandboxVerdict.CE, Verdict.JE, Verdict.CE),
        (SandboxVerdict.JE, Verdict.JE, Verdict.JE),
    ],
)
def test_every_sandbox_verdict_maps_once(sandbox, running, compiling):
    assert from_sandbox(sandbox) == running
    assert from_sandbox(sandbox, compiling=True) == compiling


def test_every_sandbox_verdict_is_covered():
    for verdict in SandboxVerdict:
        assert isinstance(from_sandbox(verdict), Verdict)


def test_every_grader_verdict_has_a_display_name_and_a_candidate_message():
    for verdict in Verdict:
        assert NAMES[verdict]
        assert RUN_NAMES[verdict]
        assert verdict in CANDIDATE_MESSAGES or verdict == Verdict.AC
    assert NAMES[Verdict.AC] == "Accepted"
