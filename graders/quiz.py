"""Scoring a quiz (grader kind ``quiz``): a candidate's answers.json against questions.yaml, no sandbox.

    result = grade_quiz(package, Submission("answers", {"answers.json": b'{"status-404": ["b"]}'}))

One result per question, in the set's order; each question is its own scoring group (the package
loader made them), so reports, analytics and exports show the questions as they show groups:
- a choice question answered exactly is AC with its points; otherwise WA with 0, or with
  ``partial_credit`` (multiple-answer questions) the share (right chosen - wrong chosen) / correct,
  never below 0;
- a text question answered is SKIPPED ("awaiting review", 0 points until a reviewer scores it on the
  scorecard: :func:`with_text_score`); left empty it is WA with 0.
The verdict is AC when every choice question is AC, else WA. Answers that are not what the set
accepts are CE with the reason (the API refuses them before they are stored).

Reviewer messages name the chosen and the correct options; candidate messages never do.
"""

from __future__ import annotations

from graders.base import Submission
from graders.results import GradeResult, GroupResult, TestCaseResult
from graders.verdicts import Verdict
from problemformat.manifest import QuizGrader
from problemformat.package import Package
from problemformat.questions import ANSWERS_FILE, Answers, AnswersError, Question, QuestionSet, parse_answers

AWAITING_REVIEW = "awaiting review"
POINTS_DIGITS = 6

__all__ = ["AWAITING_REVIEW", "grade_quiz", "is_quiz", "keep_text_scores", "question_result", "with_text_score"]


def is_quiz(package: Package) -> bool:
    return isinstance(package.manifest.grader, QuizGrader)


def _questions(package: Package) -> QuestionSet:
    if package.questions is None:
        raise ValueError(f"{package.slug} is not a quiz")
    return package.questions


def question_result(question: Question, answer: list[str] | str | None, *, partial_credit: bool) -> TestCaseResult:
    """One question's result for one answer (None: not answered)."""
    def result(verdict: Verdict, fraction: float, candidate: str, reviewer: str) -> TestCaseResult:
        return TestCaseResult(group=question.id, name=question.id, verdict=verdict, fraction=fraction,
                              candidate_message=candidate, reviewer_message=reviewer, hidden=True)

    if not question.choice:
        if not isinstance(answer, str) or not answer.strip():
            return result(Verdict.WA, 0.0, "not answered", "not answered")
        return result(Verdict.SKIPPED, 0.0, AWAITING_REVIEW, AWAITING_REVIEW)
    if answer is None:
        return result(Verdict.WA, 0.0, "not answered", f"not answered; correct: {', '.join(question.correct)}")
    chosen = set([answer] if isinstance(answer, str) else answer)
    correct = set(question.correct)
    reviewer = f"chose {', '.join(sorted(chosen)) or 'nothing'}; correct: {', '.join(sorted(correct))}"
    if chosen == correct:
        return result(Verdict.AC, 1.0, "", reviewer)
    fraction = 0.0
    if partial_credit and question.type == "multiple":
        fraction = max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))
    return result(Verdict.WA, fraction, "", reviewer)


def _points(question: Question, result: TestCaseResult) -> float:
    if result.verdict in (Verdict.AC, Verdict.WA):
        return round(question.points * result.fraction, POINTS_DIGITS)
    return 0.0


def _grade(questions: QuestionSet, results: list[TestCaseResult]) -> GradeResult:
    groups = [GroupResult(name=q.id, points=_points(q, r), max_points=q.points, verdict=r.verdict, aggregate="sum")
              for q, r in zip(questions.questions, results, strict=True)]
    choice = [r for q, r in zip(questions.questions, results, strict=True) if q.choice]
    verdict = Verdict.AC if all(r.verdict == Verdict.AC and r.fraction >= 1.0 for r in choice) else Verdict.WA
    return GradeResult(verdict=verdict, points=round(sum(g.points for g in groups), POINTS_DIGITS),
                       max_points=questions.max_points, tests=results, groups=groups)


def grade_quiz(package: Package, submission: Submission) -> GradeResult:
    """Score the answers of ``submission`` (answers.json) against the package's questions."""
    questions = _questions(package)
    config = package.manifest.grader
    partial = isinstance(config, QuizGrader) and config.partial_credit
    data = submission.files.get(ANSWERS_FILE)
    if data is None and len(submission.files) == 1:  # a reference submission named otherwise
        data = next(iter(submission.files.values()))
    try:
        if data is None:
            raise AnswersError(f"a quiz's answers are one file, {ANSWERS_FILE}")
        answers: Answers = parse_answers(questions, data)
    except AnswersError as exc:
        return GradeResult(verdict=Verdict.CE, points=0.0, max_points=questions.max_points, compile_message=str(exc),
                           groups=[GroupResult(name=q.id, points=0.0, max_points=q.points, verdict=Verdict.CE,
                                               aggregate="sum") for q in questions.questions])
    results = [question_result(q, answers.get(q.id), partial_credit=partial) for q in questions.questions]
    return _grade(questions, results)


def with_text_score(package: Package, result: GradeResult, question_id: str, points: float | None,
                    reviewer: str) -> GradeResult:
    """The result with a reviewer's score for one text question (None: back to awaiting review); the
    totals follow. The verdict stays that of the choice questions."""
    questions = _questions(package)
    question = questions.question(question_id)
    if question is None or question.choice:
        raise ValueError(f"{question_id!r} is not a text question of {package.slug}")
    if points is not None and not 0 <= points <= question.points:
        raise ValueError(f"the score of {question_id!r} is 0 to {question.points:g}")
    tests = []
    for test in result.tests:
        if test.name == question_id and test.verdict in (Verdict.SKIPPED, Verdict.AC, Verdict.WA) \
                and test.candidate_message != "not answered":
            if points is None:
                test = test.model_copy(update={"verdict": Verdict.SKIPPED, "fraction": 0.0,
                                               "candidate_message": AWAITING_REVIEW,
                                               "reviewer_message": AWAITING_REVIEW})
            else:
                fraction = round(points / question.points, POINTS_DIGITS)
                test = test.model_copy(update={
                    "verdict": Verdict.AC if fraction >= 1.0 else Verdict.WA, "fraction": fraction,
                    "candidate_message": "scored by a reviewer",
                    "reviewer_message": f"scored {points:g}/{question.points:g} by {reviewer}"})
        tests.append(test)
    graded = _grade(questions, tests)
    return graded.model_copy(update={"verdict": result.verdict, "compile_message": result.compile_message})


def keep_text_scores(package: Package, result: GradeResult, previous: list[TestCaseResult]) -> GradeResult:
    """A regrade of the same answers keeps the points reviewers gave free-text answers (``previous``: the
    earlier result's tests)."""
    questions = _questions(package)
    scored = {t.name: t for t in previous if t.candidate_message == "scored by a reviewer"}
    if not scored:
        return result
    tests = [scored[t.name] if t.verdict == Verdict.SKIPPED and t.name in scored else t for t in result.tests]
    graded = _grade(questions, tests)
    return graded.model_copy(update={"verdict": result.verdict, "compile_message": result.compile_message})
