"""`exact`: byte-exact output, except that trailing whitespace at the very end is ignored."""

from __future__ import annotations

from typing import ClassVar

from graders.compare import compare_exact
from graders.output_grader import ComparingGrader
from problemformat import manifest


class ExactGrader(ComparingGrader):
    kind: ClassVar[str] = "exact"
    config_model: ClassVar[type | None] = manifest.ExactGrader

    def compare(self, output: bytes, answer: bytes) -> tuple[bool, str]:
        return compare_exact(output, answer)
