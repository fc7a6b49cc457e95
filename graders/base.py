"""The grader plugin interface: what a grader kind implements and what it is given.

A grader kind is a class with a ``kind`` name, registered as an entry point of the group
``assay.graders``; the registry that finds kinds and their config schemas is
problemformat.grader_kinds (the manifest checks a plugin's options through it). A third-party
distribution adds one without touching Assay by declaring, in its pyproject.toml:

    [project.entry-points."assay.graders"]
    mykind = "my_package.my_module:MyGrader"

and, for its manifest options, a pydantic model as ``MyGrader.config_model`` (``kind: Literal["mykind"]``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from graders.results import TestCaseResult
from problemformat.package import Package, TestCase

if TYPE_CHECKING:
    from sandbox import CompileResult, Limits, PerTest, Sandbox, Session


@dataclass(frozen=True)
class Submission:
    """What the candidate handed in: a language and files (name -> bytes)."""

    language: str
    files: Mapping[str, bytes]


@dataclass
class GradingContext:
    """Everything a grader may use for one submission."""

    package: Package
    sandbox: Sandbox
    submission: Submission
    compiled: CompileResult  # the candidate's program, compiled once
    limits: Limits  # the candidate's limits from the manifest
    # Where the candidate's program runs: the submission's own container (Session) or a container
    # per run (PerTest), per ASSAY_SANDBOX_ISOLATION; None: ``sandbox.run_job``, a container per run.
    runner: Session | PerTest | None = None


class Grader(ABC):
    """One grader kind. ``grade`` returns one TestCaseResult per test case of the given list."""

    kind: ClassVar[str]
    config_model: ClassVar[type | None] = None

    def __init__(self, config: Any, package: Package, sandbox: Sandbox) -> None:
        self.config = config
        self.package = package
        self.sandbox = sandbox

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Compile or check the grader's own programs once per package (a failure is a judge error)."""

    @abstractmethod
    def grade(self, context: GradingContext, tests: list[TestCase]) -> list[TestCaseResult]:
        """Grade the compiled submission on these test cases."""
