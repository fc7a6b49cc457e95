"""What a candidate sees and does with their invitation token."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.errors import Conflict, NotFound, RateLimited, TooLarge, Unprocessable
from api.executor import Executor
from api.integrity import policy as integrity_policy
from api.models import Assessment, Draft, Invitation, ProblemVersion, Submission, utcnow
from api.schemas import (
    CodeIn,
    DraftIn,
    DraftOut,
    EditorFilesOut,
    MeOut,
    MeProblem,
    MeProblemDetail,
    RunIn,
    SampleOut,
)
from api.services import invitations as invitation_service
from api.services import pools, progress, queue_limit, quiz, sql_schema
from api.services import problems as problem_service
from api.settings import Settings
from api.statements import to_html
from api.webhooks import outbox as webhooks
from problemformat import editor_files
from problemformat.package import Package
from problemformat.questions import ANSWERS_FILE
from sandbox import SourceError, UnknownLanguageError, all_languages, get_language, pack_files


class RateLimiter:
    """At most ``limit`` events per key in a sliding minute (in-process; per API process)."""

    def __init__(self) -> None:
        self._events: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, kind: str, key: str, limit: int) -> None:
        now = time.monotonic()
        with self._lock:
            events = self._events[(kind, key)]
            while events and events[0] < now - 60:
                events.popleft()
            if len(events) >= limit:
                retry = int(60 - (now - events[0])) + 1
                raise RateLimited(f"at most {limit} {kind} per minute; try again in {retry} s",
                                  headers={"Retry-After": str(retry)})
            events.append(now)


LIMITER = RateLimiter()


def invitation_of(session: Session, invitation_id: str) -> Invitation:
    return invitation_service.get(session, invitation_id)


def language_names(languages: list[str]) -> dict[str, str]:
    known = all_languages()
    return {lang: known[lang].display_name if lang in known else lang for lang in languages}


def me(session: Session, invitation: Invitation, settings: Settings | None = None) -> MeOut:
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    now = utcnow()
    seconds_left = None
    if invitation.deadline_at is not None and invitation_service.state(invitation, now) == "started":
        seconds_left = max(0, int((invitation.deadline_at - now).total_seconds()))
    running = invitation_service.state(invitation, now) == "started"
    # a quiz's score stays unknown while the assessment runs (its answers would leak by trying)
    best = {p.slug: p.points for p in progress.problem_scores(session, invitation)
            if not (running and p.kind == "quiz")}
    signals, ai_assistance = integrity_policy.settings_of(session, assessment.id)
    return MeOut(
        invitation_id=invitation.id, candidate_name=invitation.candidate_name,
        assessment_title=assessment.title, state=invitation_service.state(invitation, now),
        duration_minutes=assessment.duration_minutes, expires_at=invitation.expires_at,
        started_at=invitation.started_at, deadline_at=invitation.deadline_at, seconds_left=seconds_left,
        finished_at=invitation.finished_at, now=now, consented_at=invitation.consented_at,
        time_multiplier=invitation.time_multiplier, extra_minutes=invitation.extra_minutes,
        effective_duration_minutes=invitation_service.effective_minutes(invitation, assessment.duration_minutes),
        retention_days=settings.retention_days if settings is not None else 0,
        languages=assessment.languages, language_names=language_names(assessment.languages),
        problems=[
            MeProblem(slug=v.slug, title=v.title, max_points=problem_service.summary(v).max_points,
                      best_points=best.get(v.slug))
            for v in pools.drawn_versions(session, invitation)
        ],
        # nothing is recorded without the consent given on the landing page
        integrity_signals=signals if invitation.consented_at is not None else "off",
        ai_assistance=ai_assistance,
    )


def _require_started(invitation: Invitation) -> None:
    current = invitation_service.state(invitation)
    if current == "invited":
        raise Conflict("the assessment has not started: POST /v1/me/start first")
    if current != "started":
        raise Conflict(f"the assessment is {current}: no more runs or submissions are accepted")


def problem_version(session: Session, invitation: Invitation, slug: str) -> ProblemVersion:
    for version in pools.drawn_versions(session, invitation):  # a pool's other problems are not theirs
        if version.slug == slug:
            return version
    raise NotFound(f"problem {slug!r} is not part of this assessment")


def problem_view(session: Session, invitation: Invitation, slug: str, settings: Settings) -> MeProblemDetail:
    if invitation_service.state(invitation) == "invited":
        raise Conflict("problems are shown once the assessment has started: POST /v1/me/start")
    version = problem_version(session, invitation, slug)
    package = problem_service.package_of(version)
    if package.questions is not None:
        return _quiz_view(version.title, invitation, package)
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    languages = [lang for lang in assessment.languages if lang in problem_service.summary(version).languages]
    return MeProblemDetail(
        slug=version.slug, title=version.title, statement=package.statement, languages=languages,
        limits=package.manifest.limits.model_dump(),
        templates={lang: {n: b.decode("utf-8", "replace") for n, b in files.items()}
                   for lang, files in package.templates.items() if lang in languages},
        samples=[SampleOut(name=t.name, input=t.input.decode("utf-8", "replace"),
                           output=t.answer.decode("utf-8", "replace")) for t in package.samples],
        max_points=package.manifest.scoring.max_points,
        statement_html=to_html(package.statement),
        language_names=language_names(languages),
        source_names={lang: get_language(lang).source_name for lang in languages},
        files=EditorFilesOut(read_only={lang: editor_files.read_only(package, lang) for lang in languages},
                             max_files=package.manifest.files.max_files, max_kib=settings.max_source_kib),
        sql=sql_schema.describe(package),
    )


def _quiz_view(title: str, invitation: Invitation, package: Package) -> MeProblemDetail:
    """A quiz: its questions in this candidate's order, never their answers (api.services.quiz)."""
    return MeProblemDetail(
        slug=package.slug, title=title, statement=package.statement, languages=[quiz.ANSWERS_LANGUAGE],
        limits={}, templates={}, samples=[], max_points=package.manifest.scoring.max_points,
        statement_html=to_html(package.statement), language_names={quiz.ANSWERS_LANGUAGE: quiz.ANSWERS_NAME},
        source_names={quiz.ANSWERS_LANGUAGE: ANSWERS_FILE}, questions=quiz.questions_for(package, invitation.id))


# ---------------------------------------------------------------------- drafts (the candidate app's autosave)


def drafts(session: Session, invitation: Invitation) -> list[DraftOut]:
    rows = session.exec(select(Draft).where(col(Draft.invitation_id) == invitation.id)
                        .order_by(col(Draft.updated_at).desc())).all()
    return [DraftOut(problem=d.problem_slug, language=d.language, files=d.files, updated_at=d.updated_at)
            for d in rows]


def save_draft(session: Session, invitation: Invitation, slug: str, language: str, body: DraftIn,
               settings: Settings) -> DraftOut:
    """Keep the candidate's current code for one problem and language (the last write wins). At most
    ``drafts_per_minute`` saves a minute; the same code again is not written again (nor its time changed)."""
    _require_started(invitation)
    LIMITER.check("autosaves", invitation.id, settings.drafts_per_minute)
    version = problem_version(session, invitation, slug)
    _check_language(session, invitation, version, language)
    files = _files(version, CodeIn(problem=slug, language=language, source=body.source, files=body.files), settings)
    draft = session.get(Draft, (invitation.id, slug, language))
    if draft is not None and draft.files == files:
        return DraftOut(problem=slug, language=language, files=files, updated_at=draft.updated_at)
    if draft is None:
        try:
            with session.begin_nested():  # a savepoint: a save of the same draft racing this one may insert first
                draft = Draft(invitation_id=invitation.id, problem_slug=slug, language=language, files=files)
                session.add(draft)
                session.flush()
            return DraftOut(problem=slug, language=language, files=files, updated_at=draft.updated_at)
        except IntegrityError:  # it did: this text is the newer one, so it goes into that row
            draft = session.get(Draft, (invitation.id, slug, language), populate_existing=True)
            assert draft is not None
    draft.files = files
    draft.updated_at = utcnow()
    session.add(draft)
    session.flush()
    return DraftOut(problem=slug, language=language, files=files, updated_at=draft.updated_at)


def _files(version: ProblemVersion, body: CodeIn, settings: Settings) -> dict[str, str]:
    if quiz.is_quiz_version(version):
        size = sum(len(c.encode()) for c in (body.files or {"": body.source or ""}).values())
        if size > settings.max_source_kib * 1024:
            raise TooLarge(f"the answers are {size // 1024} KiB; at most {settings.max_source_kib} KiB are accepted")
        return quiz.answer_files(problem_service.package_of(version), body)
    try:
        language = get_language(body.language)
    except UnknownLanguageError as exc:
        raise Unprocessable(str(exc), errors=[{"field": "language", "message": str(exc)}]) from None
    files = body.files if body.files is not None else {language.source_name: body.source or ""}
    package = problem_service.package_of(version)
    crowded = editor_files.too_many(package, files)  # the problem's cap, and its read-only files as they are
    if crowded is not None:
        raise Unprocessable(crowded, errors=[{"field": "files", "message": crowded}])
    files = editor_files.with_read_only(package, body.language, files)
    size = sum(len(c.encode()) for c in files.values())
    if size > settings.max_source_kib * 1024:
        raise TooLarge(f"source is {size // 1024} KiB; at most {settings.max_source_kib} KiB are accepted")
    try:
        pack_files(files)
    except SourceError as exc:
        raise Unprocessable(str(exc), errors=[{"field": "files", "message": str(exc)}]) from None
    return files


def _check_language(session: Session, invitation: Invitation, version: ProblemVersion, language: str) -> None:
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    allowed = [lang for lang in assessment.languages if lang in problem_service.summary(version).languages]
    if quiz.is_quiz_version(version):  # answers, whatever languages the assessment allows for code
        allowed = [quiz.ANSWERS_LANGUAGE]
    if language not in allowed:
        message = f"language {language!r} is not allowed here; allowed: {', '.join(allowed)}"
        raise Unprocessable(message, errors=[{"field": "language", "message": message}])


def submit(session: Session, invitation: Invitation, body: CodeIn, settings: Settings, executor: Executor,
           idempotency_key: str | None) -> tuple[Submission, bool]:
    """Store a submission and schedule it. Returns (submission, created)."""
    if idempotency_key is not None:
        if not 1 <= len(idempotency_key) <= 200:
            raise Unprocessable("Idempotency-Key must be 1 to 200 characters")
        existing = session.exec(select(Submission).where(
            col(Submission.invitation_id) == invitation.id, col(Submission.idempotency_key) == idempotency_key)).first()
        if existing is not None:
            return existing, False
    _require_started(invitation)
    version = problem_version(session, invitation, body.problem)
    _check_language(session, invitation, version, body.language)
    files = _files(version, body, settings)
    LIMITER.check("submissions", invitation.id, settings.submissions_per_minute)
    queue_limit.check(session, invitation.id, settings)  # waiting submissions, counted in the database
    assert version.id is not None
    submission = Submission(kind="submission", invitation_id=invitation.id, problem_version_id=version.id,
                            language=body.language, files=files, idempotency_key=idempotency_key)
    session.add(submission)
    try:
        session.flush()
    except IntegrityError:  # the same key raced in
        session.rollback()
        existing = session.exec(select(Submission).where(
            col(Submission.invitation_id) == invitation.id, col(Submission.idempotency_key) == idempotency_key)).one()
        return existing, False
    webhooks.submission_received(session, submission)
    executor.submit(session, submission.id)
    return submission, True


def run(session: Session, invitation: Invitation, body: RunIn, settings: Settings, executor: Executor) -> Submission:
    _require_started(invitation)
    version = problem_version(session, invitation, body.problem)
    if quiz.is_quiz_version(version):
        message = f"{version.slug} is a set of questions: there is nothing to run; submit the answers"
        raise Unprocessable(message, errors=[{"field": "problem", "message": message}])
    _check_language(session, invitation, version, body.language)
    files = _files(version, body, settings)
    if body.stdin is not None and len(body.stdin.encode()) > settings.max_stdin_kib * 1024:
        raise TooLarge(f"stdin is larger than {settings.max_stdin_kib} KiB")
    LIMITER.check("runs", invitation.id, settings.runs_per_minute)
    queue_limit.check(session, invitation.id, settings, kind="run")  # waiting runs, counted in the database
    assert version.id is not None
    submission = Submission(kind="run", invitation_id=invitation.id, problem_version_id=version.id,
                            language=body.language, files=files, stdin=body.stdin)
    session.add(submission)
    session.flush()
    executor.submit(session, submission.id)
    return submission


def own_submission(session: Session, invitation: Invitation, submission_id: str, kind: str) -> Submission:
    submission = session.get(Submission, submission_id)
    if submission is None or submission.invitation_id != invitation.id or submission.kind != kind:
        raise NotFound(f"{kind} {submission_id!r} does not exist")
    return submission
