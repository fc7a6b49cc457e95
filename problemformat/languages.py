"""Which of the sandbox's languages a problem accepts."""

from __future__ import annotations

from problemformat.manifest import Manifest, QuizGrader
from problemformat.questions import ANSWERS_LANGUAGE
from sandbox import all_languages


def allowed_languages(manifest: Manifest) -> list[str]:
    """The manifest's languages, or every general-purpose language the sandbox knows when it names none
    (a query language such as sqlite only where a problem names it); a quiz's answers are JSON, the one
    "language" ``answers`` that no sandbox runs."""
    if isinstance(manifest.grader, QuizGrader):
        return [ANSWERS_LANGUAGE]
    if manifest.languages is not None:
        return list(manifest.languages)
    return sorted(name for name, language in all_languages().items() if language.general_purpose)
