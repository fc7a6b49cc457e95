"""A question set (grader kind quiz, questions.yaml): a package with mistakes is refused with every one
named by question and field; answers are checked; choice questions score all-or-nothing or partly;
shuffles are stable per candidate; a reviewer's score of a text answer updates the totals."""

from __future__ import annotations

import json

import pytest

from api.similarity import fingerprint
from graders.base import Submission
from graders.quiz import grade_quiz, with_text_score
from graders.verdicts import Verdict
from problemformat.package_loader import PackageError, build_package
from problemformat.questions import option_order, parse_questions

MANIFEST = "schema: 1\nslug: a-quiz\ntitle: A quiz\ngrader: {kind: quiz%s}\n"
GOOD = """
questions:
  - {id: one, type: single, prompt: P, options: [{id: a, text: A}, {id: b, text: B}], correct: [b], points: 2}
  - {id: many, type: multiple, prompt: P, correct: [a, b], points: 4,
     options: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C}, {id: d, text: D}]}
  - {id: essay, type: text, prompt: P, points: 5, max_chars: 100, rubric: R}
"""


def package(questions: str = GOOD, extra: str = "", **files: bytes):
    return build_package({"problem.yaml": (MANIFEST % extra).encode(), "statement.md": b"S",
                          "questions.yaml": questions.encode(), **files})


def problems(questions: str = GOOD, extra: str = "", **files: bytes) -> list[str]:
    with pytest.raises(PackageError) as caught:
        package(questions, extra, **files)
    return [str(p) for p in caught.value.problems]


def test_a_good_set_is_scored_by_its_questions():
    loaded = package()
    assert loaded.questions is not None and [q.id for q in loaded.questions.questions] == ["one", "many", "essay"]
    assert [(g.name, g.points) for g in loaded.manifest.scoring.groups] == [("one", 2), ("many", 4), ("essay", 5)]
    assert loaded.manifest.scoring.max_points == 11


@pytest.mark.parametrize(("questions", "expected"), [
    ("questions:\n  - {id: q, type: single, prompt: P, options: [{id: a, text: A}, {id: b, text: B}]}",
     "questions.yaml: questions.0.correct: question 'q': no correct answer: list the id of the correct option"),
    ("questions:\n  - {id: q, type: single, prompt: P, options: [{id: a, text: A}, {id: b, text: B}], "
     "correct: [a, b]}",
     "questions.yaml: questions.0.correct: question 'q': a single-answer question has exactly one correct option, "
     "not 2 (use type: multiple)"),
    ("questions:\n  - {id: q, type: multiple, prompt: P, options: [{id: a, text: A}, {id: b, text: B}], "
     "correct: [c]}",
     "questions.yaml: questions.0.correct.0: question 'q': 'c' is not one of its options (a, b)"),
    ("questions:\n  - {id: q, type: single, prompt: P, options: [{id: a, text: A}, {id: a, text: B}], "
     "correct: [a]}",
     "questions.yaml: questions.0.options.1.id: question 'q': option id 'a' is used twice"),
    ("questions:\n  - {id: q, type: text, prompt: P, correct: [a]}",
     "questions.yaml: questions.0.correct: question 'q': a text question has no correct options (the reviewer "
     "scores it)"),
    ("questions:\n  - {id: q, type: single, prompt: P, options: [{id: a, text: A}], correct: [a]}",
     "questions.yaml: questions.0.options: question 'q': a single-answer question needs at least 2 options"),
    ("questions:\n  - {id: q, type: essay, prompt: P}",
     "questions.yaml: questions.0.type: question 'q': Input should be 'single', 'multiple' or 'text'"),
    ("questions: []", "questions.yaml: questions: a question set needs at least one question"),
    ("questions: [", "questions.yaml: not valid YAML"),
])
def test_a_broken_question_is_refused_naming_the_question_and_the_field(questions, expected):
    found = problems(questions)
    assert any(p.startswith(expected) for p in found), found


def test_duplicate_question_ids_and_every_mistake_at_once():
    found = problems("questions:\n"
                     "  - {id: q, type: text, prompt: P}\n"
                     "  - {id: q, type: single, prompt: P, options: [{id: a, text: A}, {id: b, text: B}]}\n")
    assert "questions.yaml: questions.1.id: question 'q': another question has this id; ids are unique in a set" \
        in found
    assert any("questions.1.correct" in p for p in found)


def test_a_quiz_has_no_scoring_languages_tests_or_missing_questions():
    found = problems(extra="}\nlanguages: [python3]\nscoring: {groups: [{name: main, points: 1}]")
    assert any(p.startswith("problem.yaml: languages: a quiz has no languages") for p in found), found
    assert any(p.startswith("problem.yaml: scoring: a quiz is scored by the points of its questions") for p in found)
    found = problems(**{"tests/sample/01.in": b"1", "tests/sample/01.ans": b"1"})
    assert any("a quiz has no tests, templates or grader files" in p for p in found), found
    with pytest.raises(PackageError) as caught:
        build_package({"problem.yaml": (MANIFEST % "").encode(), "statement.md": b"S"})
    assert "questions.yaml: missing: a quiz (grader kind quiz) needs its questions in questions.yaml" \
        in str(caught.value)


def grade(answers: str, extra: str = ""):
    return grade_quiz(package(extra=extra), Submission("answers", {"answers.json": answers.encode()}))


def test_choice_questions_score_all_or_nothing_and_text_waits_for_review():
    result = grade('{"one": ["b"], "many": ["a", "b"], "essay": "Because."}')
    assert (result.verdict, result.points, result.max_points) == (Verdict.AC, 6.0, 11.0)
    assert [(t.name, t.verdict, t.fraction) for t in result.tests] == [
        ("one", Verdict.AC, 1.0), ("many", Verdict.AC, 1.0), ("essay", Verdict.SKIPPED, 0.0)]
    result = grade('{"one": ["a"], "many": ["a"]}')
    assert (result.verdict, result.points) == (Verdict.WA, 0.0)
    assert result.tests[2].candidate_message == "not answered"
    assert all("correct" not in t.candidate_message for t in result.tests)


def test_partial_credit_counts_right_choices_minus_wrong_ones():
    assert grade('{"many": ["a"]}', ", partial_credit: true").points == 2.0
    assert grade('{"many": ["a", "c"]}', ", partial_credit: true").points == 0.0
    assert grade('{"many": ["a", "c", "d"]}', ", partial_credit: true").points == 0.0


def test_malformed_answers_are_a_compile_error():
    result = grade('{"one": ["z"]}')
    assert result.verdict == Verdict.CE and "'z' is not one of its options" in result.compile_message


def test_a_reviewer_score_of_a_text_answer_updates_the_totals():
    loaded = package()
    result = grade_quiz(loaded, Submission("answers", {"answers.json": b'{"one": ["b"], "essay": "E"}'}))
    assert result.points == 2.0
    scored = with_text_score(loaded, result, "essay", 4, "Rita Reviewer")
    assert scored.points == 6.0 and scored.verdict == result.verdict
    essay = scored.tests[2]
    assert (essay.verdict, essay.fraction) == (Verdict.WA, 0.8)
    assert essay.reviewer_message == "scored 4/5 by Rita Reviewer"
    assert with_text_score(loaded, scored, "essay", None, "Rita").points == 2.0
    with pytest.raises(ValueError, match="0 to 5"):
        with_text_score(loaded, result, "essay", 6, "Rita")
    with pytest.raises(ValueError, match="not a text question"):
        with_text_score(loaded, result, "one", 1, "Rita")


def test_shuffles_are_stable_per_candidate_and_differ_between_candidates():
    questions, found = parse_questions({"questions": [{"id": "q", "type": "single", "prompt": "P", "correct": ["a"],
                                                       "options": [{"id": c, "text": c} for c in "abcdefgh"]}]})
    assert questions is not None and not found
    question = questions.questions[0]
    first = [o.id for o in option_order(question, "invitation-1")]
    assert first == [o.id for o in option_order(question, "invitation-1")]
    orders = {tuple(o.id for o in option_order(question, f"invitation-{n}")) for n in range(20)}
    assert len(orders) > 10
    fixed = question.model_copy(update={"shuffle": False})
    assert [o.id for o in option_order(fixed, "invitation-1")] == list("abcdefgh")


def test_a_quizs_answers_are_never_compared_for_similarity():
    answers = {"answers.json": json.dumps({f"question-{n}": ["a", "b"] for n in range(20)})}
    assert not fingerprint("answers", answers).comparable
    assert fingerprint("python3", {"main.py": answers["answers.json"]}).comparable
