"""What a unit-test framework is to the `unittest` grader (graders/unittest_suite.py): which
submissions it grades, which files of grader/ are its tests, and how its harness runs in the sandbox.

One module per framework: graders/unittest_pytest.py, unittest_junit.py, unittest_node.py and
unittest_go.py. pytest has its own harness (graders/harness/harness.py: the candidate's code in
child processes reached through proxies); the others share the supervisor
(graders/harness/supervisor.py) with an adapter each (graders/harness/fw_*.py). Every harness
prints the same report, signed with the per-job key; the grader reads nothing else.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graders.harness import supervisor_files
from sandbox import Language

if TYPE_CHECKING:
    from graders.base import GradingContext

WORK_CANDIDATE = "candidate"
WORK_HARNESS = ".assay"
WORK_SUITE = ".assay/suite"

__all__ = ["WORK_CANDIDATE", "WORK_HARNESS", "WORK_SUITE", "Framework", "SupervisedFramework"]


@dataclass(frozen=True)
class Framework:
    """A unit-test framework the grader can run (see the module docstring)."""

    name: str
    languages: tuple[str, ...]  # the submission languages it grades
    test_files: str  # what its test files look like, for messages ("test_*.py")
    suffixes: tuple[str, ...] = ()  # a test file ends with one of these
    prefixes: tuple[str, ...] = ()  # ... or starts with one of these (and has a suffix's extension)
    extensions: tuple[str, ...] = ()  # source files of the suite (cache files and data are not)
    test_noun: str = "test file"  # what a test file is called in messages
    harness_memory_mib: int = 192  # the harness and the framework's runtime, on top of the candidate's limit

    def is_test_file(self, path: str) -> bool:
        """Whether a file of the suite (a path under grader/) is one of its test files."""
        name = posixpath.basename(path)
        if not name.endswith(self.extensions or self.suffixes):
            return False
        return name.endswith(self.suffixes) or name.startswith(self.prefixes)

    def harness_files(self) -> dict[str, bytes]:
        raise NotImplementedError

    def language(self) -> Language:
        """The sandbox language (its image) and command the harness runs as."""
        raise NotImplementedError

    def args(self, context: GradingContext, config: Any, budget: float, cpu: float) -> list[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class SupervisedFramework(Framework):
    """A framework run by graders/harness/supervisor.py in the submission language's own image."""

    image: str = ""  # the sandbox language whose image has the framework
    options: tuple[str, ...] = field(default=())  # manifest settings passed to the adapter

    def harness_files(self) -> dict[str, bytes]:
        return supervisor_files()

    def language(self) -> Language:
        return Language(
            name=self.image,
            display_name=f"{self.name} unit-test harness",
            source_name="supervisor.py",
            run=("python3", "-I", "-B", f"{WORK_HARNESS}/supervisor.py"),
            version=("python3", "--version"),
        )

    def args(self, context: GradingContext, config: Any, budget: float, cpu: float) -> list[str]:
        args = [
            "--framework", self.name,
            "--suite", WORK_SUITE,
            "--candidate", WORK_CANDIDATE,
            "--test-timeout", f"{context.limits.effective_wall_s:g}",
            "--budget", f"{budget:g}",
            "--memory-mib", str(context.limits.memory_limit_mib),
        ]
        for option in self.options:
            value = getattr(config, option, None)
            if value:
                text = ",".join(value) if isinstance(value, (list, tuple)) else str(value)
                args += ["--option", f"{option}={text}"]
        return args
