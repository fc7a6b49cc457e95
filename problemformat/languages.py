"""Which of the sandbox's languages a problem accepts."""

from __future__ import annotations

from problemformat.manifest import Manifest, QuizGrader
from problemformat.questions import ANSWERS_LANGUAGE
from sandbox import all_languages


def allowed_languages(manifest: Manifest) -> list[str]:
    """The manifest's languages, or every language the sandbox knows when it names none; a quiz's
    answers are JSON, the one "language" ``answers`` that no sandbox runs."""
    if isinstance(manifest.grader, QuizGrader):
        return [ANSWERS_LANGUAGE]
    return list(manifest.languages) if manifest.languages is not None else sorted(all_languages())
