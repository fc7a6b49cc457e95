"""A question set (``questions.yaml``): the items of a problem package whose grader kind is ``quiz``.

    grader: {kind: quiz, partial_credit: false}      # in problem.yaml

    questions:                                        # questions.yaml
      - id: status-404
        type: single                                  # single | multiple | text
        prompt: "Which status code says the resource does not exist?"
        options:
          - {id: a, text: "`400 Bad Request`"}
          - {id: b, text: "`404 Not Found`"}
        correct: [b]                                  # hidden: never sent to a candidate
        points: 2
        shuffle: true                                 # options in a stable per-candidate order
      - id: idempotency
        type: text
        prompt: "Why should a client retry a POST with an Idempotency-Key?"
        max_chars: 1000
        rubric: "Full marks: names duplicate side effects and how the key prevents them."
        points: 4

Prompts and option texts are Markdown (math through problemformat.statement_math). A candidate's
answers are one JSON document, ``answers.json``: ``{"<question id>": ["<option id>", ...] | "text"}``.

:func:`parse_questions` checks a document and reports every mistake at once, naming the question and
the field (``questions.3.correct: question 'status-404': ...``); the package loader turns them into
package problems. Nothing here knows graders, HTTP or the database.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

QUIZ_KIND = "quiz"
QUESTIONS_FILE = "questions.yaml"
ANSWERS_FILE = "answers.json"
ANSWERS_LANGUAGE = "answers"  # the "language" of a quiz submission: JSON answers, never run in a sandbox
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
MAX_QUESTIONS = 200
MAX_OPTIONS = 26
MAX_TEXT_CHARS = 20_000

__all__ = [
    "ANSWERS_FILE",
    "ANSWERS_LANGUAGE",
    "QUESTIONS_FILE",
    "QUIZ_KIND",
    "Answers",
    "AnswersError",
    "Option",
    "Question",
    "QuestionSet",
    "answers_json",
    "option_order",
    "parse_answers",
    "parse_questions",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    id: str = Field(description="lowercase letters, digits, '-' and '_'; unique in its question")
    text: str = Field(min_length=1, max_length=2000, description="Markdown")


class Question(_Strict):
    id: str = Field(description="lowercase letters, digits, '-' and '_'; unique in the set")
    type: Literal["single", "multiple", "text"]
    prompt: str = Field(min_length=1, max_length=10_000, description="Markdown; $...$ renders as math")
    options: list[Option] = Field(default_factory=list, description="choice questions: 2 to 26")
    correct: list[str] = Field(default_factory=list, description="hidden: the correct option ids")
    points: float = Field(1.0, gt=0, le=1000)
    shuffle: bool = Field(True, description="show the options in a stable per-candidate order")
    max_chars: int = Field(2000, ge=1, le=MAX_TEXT_CHARS, description="text questions: the answer's length cap")
    rubric: str = Field("", max_length=5000, description="text questions: guidance for the reviewer (hidden)")

    @property
    def choice(self) -> bool:
        return self.type != "text"


class QuestionSet(_Strict):
    questions: list[Question]

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def parse_questions(document: object) -> tuple[QuestionSet | None, list[tuple[str, str]]]:
    """(the question set or None, every problem as (dotted field, reason)) of questions.yaml's document."""
    if not isinstance(document, dict):
        return None, [("", "must be a mapping with a list of 'questions'")]
    try:
        questions = QuestionSet.model_validate(document)
    except ValidationError as exc:
        problems = []
        raw = document.get("questions")
        for error in exc.errors():
            loc = tuple(error["loc"])
            reason = str(error.get("msg", "")).removeprefix("Value error, ")
            if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int) and isinstance(raw, list):
                item = raw[loc[1]] if loc[1] < len(raw) else None
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    reason = f"question {item['id']!r}: {reason}"
            problems.append((_where(loc), reason))
        return None, problems
    problems = _check(questions)
    return (None if problems else questions), problems


def _check(questions: QuestionSet) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not questions.questions:
        problems.append(("questions", "a question set needs at least one question"))
    if len(questions.questions) > MAX_QUESTIONS:
        problems.append(("questions", f"{len(questions.questions)} questions; a set has at most {MAX_QUESTIONS}"))
    seen: set[str] = set()
    for index, question in enumerate(questions.questions):
        at = f"questions.{index}"
        name = f"question {question.id!r}"

        def say(field: str, reason: str, at: str = at, name: str = name) -> None:
            problems.append((f"{at}.{field}", f"{name}: {reason}"))

        if not ID_RE.match(question.id):
            say("id", "ids are 1-63 lowercase letters, digits, '-' and '_'")
        if question.id in seen:
            say("id", "another question has this id; ids are unique in a set")
        seen.add(question.id)
        option_ids = [o.id for o in question.options]
        if not question.choice:
            if question.options:
                say("options", "a text question has no options (the reviewer scores it with the rubric)")
            if question.correct:
                say("correct", "a text question has no correct options (the reviewer scores it)")
            continue
        if len(question.options) < 2:
            say("options", f"a {question.type}-answer question needs at least 2 options")
        if len(question.options) > MAX_OPTIONS:
            say("options", f"{len(question.options)} options; at most {MAX_OPTIONS}")
        for o_index, option in enumerate(question.options):
            if not ID_RE.match(option.id):
                say(f"options.{o_index}.id", f"option id {option.id!r}: lowercase letters, digits, '-' and '_'")
            elif option_ids.count(option.id) > 1 and option_ids.index(option.id) != o_index:
                say(f"options.{o_index}.id", f"option id {option.id!r} is used twice")
        if not question.correct:
            say("correct", "no correct answer: list the id of the correct option in 'correct'")
        for c_index, correct in enumerate(question.correct):
            if correct not in option_ids:
                say(f"correct.{c_index}", f"{correct!r} is not one of its options ({', '.join(option_ids)})")
        if len(set(question.correct)) != len(question.correct):
            say("correct", "an option is listed twice")
        if question.type == "single" and len(set(question.correct)) > 1:
            say("correct", f"a single-answer question has exactly one correct option, not "
                f"{len(set(question.correct))} (use type: multiple)")
        if question.rubric:
            say("rubric", "only text questions have a rubric")
    return problems


# ---------------------------------------------------------------------- a candidate's answers

Answers = dict[str, list[str] | str]


class AnswersError(ValueError):
    """The answers document is not what a question set accepts (the message says what and where)."""


def parse_answers(questions: QuestionSet, data: bytes | str) -> Answers:
    """A candidate's answers.json, checked against the set: choice answers are lists of option ids of
    that question (at most one for a single-answer question), text answers strings within max_chars.
    Unknown questions and options are refused; unanswered questions are simply absent."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise AnswersError(f"{ANSWERS_FILE} is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise AnswersError(f"{ANSWERS_FILE} must be an object of question id -> answer")
    answers: Answers = {}
    for key, value in document.items():
        question = questions.question(str(key))
        if question is None:
            raise AnswersError(f"there is no question {key!r}")
        if question.choice:
            chosen = [value] if isinstance(value, str) else value
            if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
                raise AnswersError(f"question {key!r}: the answer is a list of option ids")
            options = {o.id for o in question.options}
            unknown = [c for c in chosen if c not in options]
            if unknown:
                raise AnswersError(f"question {key!r}: {unknown[0]!r} is not one of its options")
            chosen = sorted(set(chosen))
            if question.type == "single" and len(chosen) > 1:
                raise AnswersError(f"question {key!r}: one option only")
            if chosen:
                answers[question.id] = chosen
        else:
            if not isinstance(value, str):
                raise AnswersError(f"question {key!r}: the answer is text")
            text = value.replace("\r\n", "\n").replace("\r", "\n")
            if len(text) > question.max_chars:
                raise AnswersError(f"question {key!r}: {len(text)} characters; at most {question.max_chars}")
            if text.strip():
                answers[question.id] = text
    return answers


def option_order(question: Question, seed: str) -> list[Option]:
    """The question's options as one candidate sees them: the authored order, or when ``shuffle`` a
    permutation that stays the same for the same seed (the invitation) and question."""
    options = list(question.options)
    if question.shuffle and len(options) > 1:
        digest = hashlib.sha256(f"{seed}\0{question.id}".encode()).digest()
        random.Random(int.from_bytes(digest[:8], "big")).shuffle(options)
    return options


def answers_json(answers: Mapping[str, list[str] | str]) -> str:
    """Answers as the JSON text a submission stores (keys sorted)."""
    return json.dumps(dict(answers), sort_keys=True, ensure_ascii=False)
