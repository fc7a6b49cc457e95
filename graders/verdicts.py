"""The one verdict vocabulary (the enum itself is problemformat.verdicts.Verdict, re-exported here): what
a test case, a group or a submission can get, the one mapping from what the sandbox said about an
execution, and the one set of display names (the reviewer pages, the candidate's pages and the
candidate app all read them from here).

The sandbox has its own smaller set (sandbox.verdicts: OK, TLE, MLE, RE, OLE, CE, JE) and knows nothing
of graders; graders and the api translate with ``from_sandbox``.
"""

from __future__ import annotations

from problemformat.verdicts import Verdict  # the vocabulary itself, shared with the problem format
from sandbox import Verdict as SandboxVerdict

__all__ = ["CANDIDATE_MESSAGES", "NAMES", "RUN_NAMES", "SEVERITY", "Verdict", "from_sandbox"]

# Kattis-style precedence when one verdict must stand for several (worst first).
SEVERITY = [Verdict.JE, Verdict.CE, Verdict.RE, Verdict.MLE, Verdict.OLE, Verdict.TLE, Verdict.WA,
            Verdict.SKIPPED, Verdict.AC]

# Display names (a badge's title, the screen-reader text, the result's headline).
NAMES: dict[str, str] = {
    Verdict.AC: "Accepted", Verdict.WA: "Wrong answer", Verdict.TLE: "Time limit exceeded",
    Verdict.MLE: "Memory limit exceeded", Verdict.RE: "Run-time error", Verdict.OLE: "Output limit exceeded",
    Verdict.CE: "Compile error", Verdict.JE: "Judge error", Verdict.SKIPPED: "Skipped",
}
# A custom run (unscored) shows the sandbox's verdict: OK as well as the limits and errors.
RUN_NAMES: dict[str, str] = {**NAMES, SandboxVerdict.OK: "Ran"}

# What candidates read for a test without a grader's own message: generic, never a hint about the
# expected output.
CANDIDATE_MESSAGES: dict[str, str] = {
    **NAMES, Verdict.JE: "Judge error: the grader failed; this is not your fault and will be looked at",
}


def from_sandbox(verdict: SandboxVerdict, *, compiling: bool = False) -> Verdict:
    """The grader's verdict for what the sandbox said about one execution of the candidate's program.

    Running: OK is AC as far as the sandbox can tell (a grader that judges output decides AC or WA
    instead); TLE, MLE, RE and OLE stay; JE stays; CE becomes JE (a run never compiles: the sandbox is
    confused). Compiling (``compiling``): JE stays, any other failure is CE.
    """
    if verdict == SandboxVerdict.JE:
        return Verdict.JE
    if verdict == SandboxVerdict.OK:
        return Verdict.AC
    if compiling:
        return Verdict.CE
    if verdict == SandboxVerdict.CE:
        return Verdict.JE
    return Verdict(verdict.value)  # TLE, MLE, RE, OLE: the same in both vocabularies
