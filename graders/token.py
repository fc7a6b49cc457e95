"""`token`: the Kattis default output validator (case and space sensitivity flags)."""

from __future__ import annotations

from typing import ClassVar

from graders.compare import compare_tokens
from graders.output_grader import ComparingGrader
from problemformat import manifest


class TokenGrader(ComparingGrader):
    kind: ClassVar[str] = "token"
    config_model: ClassVar[type | None] = manifest.TokenGrader

    def compare(self, output: bytes, answer: bytes) -> tuple[bool, str]:
        return compare_tokens(output, answer, case_sensitive=self.config.case_sensitive,
                              space_sensitive=self.config.space_sensitive)
