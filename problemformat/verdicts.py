"""The verdict vocabulary: what a test case, a group or a submission can get.

The problem format names its reference submissions' expected outcomes in it (``submissions/<verdict>/``
folders, checked by problemformat.verify); the graders produce it (graders.verdicts adds the display
names and the mapping from what the sandbox said).
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    AC = "AC"  # accepted
    WA = "WA"  # wrong answer
    TLE = "TLE"  # time limit exceeded
    MLE = "MLE"  # memory limit exceeded
    RE = "RE"  # run-time error
    OLE = "OLE"  # output limit exceeded
    CE = "CE"  # compile error
    JE = "JE"  # judge error: the grader or sandbox failed; never the candidate's fault
    SKIPPED = "SKIPPED"
