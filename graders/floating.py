"""`float`: token comparison where numeric tokens pass within absolute OR relative tolerance."""

from __future__ import annotations

from typing import ClassVar

from graders.compare import compare_floats
from graders.output_grader import ComparingGrader
from problemformat import manifest


class FloatGrader(ComparingGrader):
    kind: ClassVar[str] = "float"
    config_model: ClassVar[type | None] = manifest.FloatGrader

    def compare(self, output: bytes, answer: bytes) -> tuple[bool, str]:
        c = self.config
        return compare_floats(output, answer, abs_tol=c.abs_tol, rel_tol=c.rel_tol,
                              case_sensitive=c.case_sensitive, space_sensitive=c.space_sensitive)
