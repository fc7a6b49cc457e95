"""A quiz submission on the reports, and a reviewer's score of its free-text answers.

- ``reviewer_items``: every question as the candidate saw it (their option order), what they chose,
  which options are correct, the text answers with the rubric, and the points; for the console report.
- ``candidate_items``: the same for the candidate's own report, without what is hidden (which options
  are correct, the rubric, reviewer messages): their choices, and points only for free-text answers.
  Right or wrong per choice question is not shown: it would tell the answers (to the next candidate
  too); the set's total is on the report.
- ``score_text``: a reviewer sets (or clears) the points of one text answer; the submission's result,
  points and group rows follow, ``graded_at`` moves (the analytics are computed again), and the audit log
  records who gave what. The score belongs to the submission, not to one reviewer's scorecard: it changes
  the candidate's points that reports, analytics, exports and the ATS all read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from api import audit
from api.auth import Staff
from api.errors import Conflict, Unprocessable
from api.grade_record import StoredResult
from api.models import ProblemVersion, Submission, SubmissionStatus, utcnow
from api.services import group_results
from api.services import problems as problem_service
from api.statements import to_html
from api.webhooks import outbox as webhooks
from graders.quiz import AWAITING_REVIEW, with_text_score
from graders.results import GradeResult
from problemformat.package import Package
from problemformat.questions import ANSWERS_FILE, AnswersError, Question, option_order, parse_answers


@dataclass(frozen=True)
class OptionView:
    id: str
    text_html: str
    chosen: bool
    correct: bool | None  # None on the candidate's report (hidden)


@dataclass(frozen=True)
class QuestionView:
    number: int
    id: str
    type: str
    prompt_html: str
    points: float | None  # None on the candidate's report for a choice question (it would tell the answer)
    max_points: float
    state: str  # right, partly right, wrong, not answered, awaiting review, scored; "answered" for a candidate
    options: list[OptionView] = field(default_factory=list)
    text: str | None = None  # a text question's answer
    rubric: str = ""  # reviewers only
    note: str = ""  # reviewers only: who scored a text answer


def _answers(package: Package, submission: Submission) -> dict[str, list[str] | str]:
    assert package.questions is not None
    try:
        return parse_answers(package.questions, submission.files.get(ANSWERS_FILE, "{}") or "{}")
    except AnswersError:
        return {}


def _state(question: Question, verdict: str, fraction: float, answered: bool, message: str) -> str:
    if not answered:
        return "not answered"
    if not question.choice:
        return "awaiting review" if message == AWAITING_REVIEW or verdict == "SKIPPED" else "scored"
    if verdict == "AC" and fraction >= 1:
        return "right"
    return "partly right" if fraction > 0 else "wrong"


def _items(package: Package, submission: Submission, seed: str, *, reviewer: bool) -> list[QuestionView]:
    assert package.questions is not None
    answers = _answers(package, submission)
    result = StoredResult.read(submission.result)
    tests = {t.name: t for t in result.tests}
    groups = {g.name: g for g in result.groups}
    items = []
    for number, question in enumerate(package.questions.questions, start=1):
        answer = answers.get(question.id)
        chosen = set(answer) if isinstance(answer, list) else set()
        test = tests.get(question.id)
        group = groups.get(question.id)
        state = _state(question, str(test.verdict) if test else "", (test.fraction or 0.0) if test else 0.0,
                       answer is not None, (test.candidate_message or "") if test else "")
        points: float | None = group.points if group else 0.0
        if not reviewer and question.choice:  # right or wrong per question would tell the hidden answer
            state, points = ("answered" if answer is not None else "not answered"), None
        items.append(QuestionView(
            number=number, id=question.id, type=question.type, prompt_html=to_html(question.prompt),
            points=points, max_points=question.points, state=state,
            options=[OptionView(id=o.id, text_html=to_html(o.text), chosen=o.id in chosen,
                                correct=(o.id in question.correct) if reviewer else None)
                     for o in option_order(question, seed)],
            text=answer if isinstance(answer, str) else None,
            rubric=question.rubric if reviewer else "",
            note=(test.reviewer_message or "") if reviewer and test and not question.choice else "",
        ))
    return items


def package_if_quiz(session: Session, submission: Submission) -> Package | None:
    version = session.get(ProblemVersion, submission.problem_version_id, options=[problem_service.NO_PACKAGE])
    if version is None or problem_service.summary(version).grader != "quiz":
        return None
    package = problem_service.package_of(version)
    return package if package.questions is not None else None


def reviewer_items(session: Session, submission: Submission) -> list[QuestionView] | None:
    """The questions of a quiz submission for reviewers (None when it is not a quiz's)."""
    package = package_if_quiz(session, submission)
    return None if package is None else _items(package, submission, submission.invitation_id, reviewer=True)


def candidate_items(session: Session, submission: Submission) -> list[QuestionView] | None:
    """The questions of a quiz submission for the candidate's own report: nothing hidden."""
    package = package_if_quiz(session, submission)
    return None if package is None else _items(package, submission, submission.invitation_id, reviewer=False)


def score_text(session: Session, staff: Staff, submission: Submission, question_id: str, points_text: str,
               *, via: str = "console") -> None:
    """Set (or, with an empty value, clear) a reviewer's points for one free-text answer; the caller has
    checked the right to review. 422 naming the field for a value that is not points of this question."""
    package = package_if_quiz(session, submission)
    if package is None or package.questions is None:
        raise Unprocessable("this submission is not a set of questions")
    question = package.questions.question(question_id)
    if question is None or question.choice:
        raise Unprocessable(f"{question_id!r} is not a free-text question of this set",
                            errors=[{"field": "points", "message": "not a free-text question"}])
    if submission.status != SubmissionStatus.GRADED or not submission.result:
        raise Conflict("the answers are not scored yet; score the text once they are")
    text = points_text.strip().replace(",", ".")
    points: float | None = None
    if text:
        try:
            points = float(text)
        except ValueError:
            points = -1.0
        if not 0 <= points <= question.points:
            message = f"Give 0 to {question.points:g} points (or leave it empty to clear the score)."
            raise Unprocessable(message, errors=[{"field": "points", "message": message}])
    result = StoredResult.read(submission.result)
    grade = GradeResult.model_validate(result.model_dump(mode="json", exclude={"run", "error"}))
    if question_id not in _answers(package, submission):
        raise Conflict("the candidate left this question empty: there is nothing to score")
    who = staff.name.split(" <", 1)[0]  # a person's name without their e-mail, or a key's label
    scored = with_text_score(package, grade, question_id, points, who)
    stored = StoredResult.of_grade(scored)
    submission.result = stored.to_json()
    submission.points = scored.points
    submission.graded_at = utcnow()  # its score changed: the analytics' fingerprint moves
    session.add(submission)
    session.flush()
    group_results.store(session, submission)
    webhooks.on_graded(session, submission)  # submission.regraded, with the new points, for the ATS
    audit.record(session, staff, "quiz.text_scored", "submission", submission.id, via=via, question=question_id,
                 points=points, max_points=question.points)
