"""The `pytest` framework of the `unittest` grader: test modules (``test_*.py``, ``*_test.py``) in
grader/, run by graders/harness/harness.py in the python3 image; the candidate's code runs in child
processes the tests reach through proxies (graders/harness/assay_unittest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graders.harness import harness_files
from graders.unittest_framework import WORK_CANDIDATE, WORK_HARNESS, WORK_SUITE, Framework
from sandbox import Language

if TYPE_CHECKING:
    from graders.base import GradingContext

# A candidate process's address space beyond the memory limit: the interpreter's own mappings.
CANDIDATE_ADDRESS_SPACE_MIB = 64

HARNESS_LANGUAGE = Language(
    name="python3",  # the python3 sandbox image (it has pytest)
    display_name="Python 3 unit-test harness",
    source_name="harness.py",
    run=("python3", "-I", "-B", f"{WORK_HARNESS}/harness.py"),
    version=("python3", "--version"),
)

__all__ = ["CANDIDATE_ADDRESS_SPACE_MIB", "HARNESS_LANGUAGE", "PYTEST"]


@dataclass(frozen=True)
class PytestFramework(Framework):
    def harness_files(self) -> dict[str, bytes]:
        return harness_files()

    def language(self) -> Language:
        return HARNESS_LANGUAGE

    def args(self, context: GradingContext, config: Any, budget: float, cpu: float) -> list[str]:
        return [
            "--suite", WORK_SUITE,
            "--candidate", WORK_CANDIDATE,
            "--call-timeout", f"{context.limits.effective_wall_s:g}",
            "--budget", f"{budget:g}",
            "--cpu-budget", f"{cpu - 5:g}",
            "--memory-mib", str(context.limits.memory_limit_mib + CANDIDATE_ADDRESS_SPACE_MIB),
            "--sandboxed",
        ]


PYTEST = PytestFramework(
    name="pytest",
    languages=("python3",),
    test_files="test_*.py or *_test.py",
    suffixes=("_test.py",),
    prefixes=("test_",),
    extensions=(".py",),
    test_noun="test module",
    harness_memory_mib=192 + CANDIDATE_ADDRESS_SPACE_MIB // 2,
)
