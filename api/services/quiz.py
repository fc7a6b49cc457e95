"""Quizzes (problems of grader kind ``quiz``) on the candidate's side: the questions without their
answers, the candidate's answers checked before they are stored, and what a candidate learns of a
quiz submission while the assessment runs (nothing of its score: the answers would leak by trying).

The candidate submits answers like code: language ``answers``, files ``{"answers.json": "{...}"}``
(drafts autosave the same way). The last submission counts (progress.problem_scores), never the best:
with the best, blind guesses submitted one after another would add up.
"""

from __future__ import annotations

from api.errors import Unprocessable
from api.models import ProblemVersion
from api.schemas import CodeIn, OptionOut, QuestionOut, SubmissionOut
from api.services import problems as problem_service
from api.statements import to_html
from graders.quiz import is_quiz
from problemformat.manifest import QuizGrader
from problemformat.package import Package
from problemformat.questions import (
    ANSWERS_FILE,
    ANSWERS_LANGUAGE,
    AnswersError,
    answers_json,
    option_order,
    parse_answers,
)

ANSWERS_NAME = "Answers"
RECORDED = "answers recorded; the score shows in your report once the assessment ends"

__all__ = ["ANSWERS_LANGUAGE", "ANSWERS_NAME", "answer_files", "is_quiz", "is_quiz_version", "questions_for",
           "withhold_score"]


def is_quiz_version(version: ProblemVersion) -> bool:
    return isinstance(problem_service.manifest_of(version).grader, QuizGrader)


def questions_for(package: Package, seed: str) -> list[QuestionOut]:
    """The questions as this candidate sees them (options in their stable order): no hidden answers."""
    assert package.questions is not None
    return [
        QuestionOut(
            id=q.id, type=q.type, prompt=q.prompt, prompt_html=to_html(q.prompt), points=q.points,
            options=[OptionOut(id=o.id, text=o.text, text_html=to_html(o.text)) for o in option_order(q, seed)],
            max_chars=None if q.choice else q.max_chars)
        for q in package.questions.questions
    ]


def answer_files(package: Package, body: CodeIn) -> dict[str, str]:
    """The files of a quiz submission or draft: ``answers.json`` with its answers checked against the
    questions and normalised; 422 naming the question when they are not answers to this quiz."""
    assert package.questions is not None
    if body.language != ANSWERS_LANGUAGE:
        message = f"{package.slug} is a set of questions: answer with language {ANSWERS_LANGUAGE!r}"
        raise Unprocessable(message, errors=[{"field": "language", "message": message}])
    files = body.files if body.files is not None else {ANSWERS_FILE: body.source or ""}
    if set(files) != {ANSWERS_FILE}:
        message = f"a quiz's answers are one file, {ANSWERS_FILE}"
        raise Unprocessable(message, errors=[{"field": "files", "message": message}])
    try:
        answers = parse_answers(package.questions, files[ANSWERS_FILE] or "{}")
    except AnswersError as exc:
        raise Unprocessable(str(exc), errors=[{"field": "answers", "message": str(exc)}]) from None
    return {ANSWERS_FILE: answers_json(answers)}


def withhold_score(view: SubmissionOut) -> SubmissionOut:
    """A quiz submission while the assessment runs: recorded, without its score or per-question results."""
    return view.model_copy(update={"verdict": None, "points": None, "tests": [],
                                   "compile_message": view.compile_message if view.verdict == "CE" else RECORDED})
