"""The judge that ``problemformat.verify`` grades reference submissions with: graders.judge in a sandbox.

The problem format does not import the graders (they depend on it); the CLI, the composition root of
``assay problems verify``, builds this judge and hands it to ``verify_package``.
"""

from __future__ import annotations

from collections.abc import Mapping

from graders.base import Submission
from graders.judge import grade_submission
from graders.results import GradeResult
from problemformat.package import Package
from problemformat.verify import Judge, JudgeProgress
from sandbox import Sandbox


def reference_judge(sandbox: Sandbox) -> Judge:
    """A :class:`problemformat.verify.Judge` grading with every installed grader kind in ``sandbox``."""

    def judge(package: Package, language: str, files: Mapping[str, bytes],
              progress: JudgeProgress | None) -> GradeResult:
        return grade_submission(package, Submission(language, files), sandbox, progress=progress)

    return judge
