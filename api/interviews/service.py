"""Interviews: scheduling one for an invitation, its window, its candidate link, where its pad starts,
and the pad's persistence (each accepted update is stored with the document before anyone hears of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert, update
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from api.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.interviews import changes as change_sets
from api.interviews.models import Interview, InterviewInterviewer, PadUpdate
from api.mail import outbox as mail
from api.models import Assessment, Draft, Invitation, ProblemVersion, Submission, utcnow
from api.people import teams
from api.people.models import User
from api.scope import Scope
from api.security import SecretBox, hash_secret, new_secret
from api.services import assessments as assessment_service
from api.services import problems as problem_service
from sandbox import UnknownLanguageError, get_language

TOKEN_PREFIX = "itv_"
OPENS_BEFORE = timedelta(minutes=15)  # the candidate's link opens this long before the start
CLOSES_AFTER = timedelta(minutes=30)  # ...and stops working this long after the planned end
MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
MAX_DOCUMENT = 256 * 1024  # UTF-16 code units in a pad
MAX_NOTES = 64 * 1024
PATH = "/interview/"  # the candidate's pad: /interview/<token>


@dataclass(frozen=True)
class ScheduleIn:
    starts_at: datetime
    duration_minutes: int
    interviewer_ids: list[str]
    problem_slug: str | None  # start from the candidate's code for this problem (None: a blank file)
    language: str | None  # the blank file's language (or the problem's, when the candidate wrote none)
    video_url: str | None


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def opens_at(interview: Interview) -> datetime:
    return aware(interview.starts_at) - OPENS_BEFORE


def ends_at(interview: Interview) -> datetime:
    return aware(interview.starts_at) + timedelta(minutes=interview.duration_minutes)


def closes_at(interview: Interview) -> datetime:
    return ends_at(interview) + CLOSES_AFTER


def state(interview: Interview, now: datetime | None = None) -> str:
    """``early`` (before the link opens), ``open``, or ``closed`` (the link stopped working)."""
    now = now or utcnow()
    if now < opens_at(interview):
        return "early"
    return "open" if now < closes_at(interview) else "closed"


def link(interview: Interview, box: SecretBox, public_url: str) -> str:
    return f"{public_url.rstrip('/')}{PATH}{box.decrypt(interview.token_enc)}"


# ------------------------------------------------------------------------------ scheduling


def assessment_problems(session: Session, invitation: Invitation) -> list[ProblemVersion]:
    return assessment_service.problem_versions(session, invitation.assessment_id)


def pad_languages(session: Session, invitation: Invitation, problem_slug: str | None) -> list[str]:
    """The languages a pad can run: those of its problem (or of the assessment's first one)."""
    version = run_version(session, invitation, problem_slug)
    return problem_service.summary(version).languages


def run_version(session: Session, invitation: Invitation, problem_slug: str | None) -> ProblemVersion:
    """The problem version whose limits (and samples) a pad's runs use."""
    versions = assessment_problems(session, invitation)
    if not versions:
        raise Conflict("this invitation's assessment has no problem to run code against")
    chosen = [v for v in versions if v.slug == problem_slug]
    return chosen[0] if chosen else versions[0]


def candidates_for_interviewers(session: Session, team_id: str | None) -> list[User]:
    """Who may be an interviewer: the team's active members (any active person without a team)."""
    if team_id is None:
        return list(session.exec(select(User).where(col(User.active)).order_by(col(User.name))).all())
    team = teams.get(session, team_id)
    return [user for user, _ in teams.members(session, team) if user.active]


def _valid_video(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or len(url) > 500:
        raise Unprocessable("the video link must be an http(s) URL of at most 500 characters",
                            errors=[{"field": "video_url", "message": "not an http(s) URL"}])
    return url


def final_code(session: Session, invitation: Invitation, version: ProblemVersion,
               language: str | None) -> tuple[str, str] | None:
    """The candidate's last screening submission for ``version``'s problem (else their last draft):
    (language, main file's text)."""
    submission = session.exec(select(Submission).where(
        col(Submission.invitation_id) == invitation.id, col(Submission.kind) == "submission",
        col(Submission.problem_version_id) == version.id).order_by(col(Submission.created_at).desc())).first()
    if submission is not None:
        return submission.language, _main_file(submission.language, submission.files)
    draft = session.exec(select(Draft).where(col(Draft.invitation_id) == invitation.id,
                                             col(Draft.problem_slug) == version.slug)
                         .order_by(col(Draft.updated_at).desc())).first()
    if draft is not None:
        return draft.language, _main_file(draft.language, draft.files)
    return None


def _main_file(language: str, files: dict[str, str]) -> str:
    try:
        name = get_language(language).source_name
    except UnknownLanguageError:
        name = ""
    return files.get(name) or next(iter(files.values()), "")


def _starting_text(session: Session, invitation: Invitation, body: ScheduleIn,
                   languages: list[str]) -> tuple[str, str]:
    """(language, text) the pad starts with."""
    if body.problem_slug:
        version = run_version(session, invitation, body.problem_slug)
        found = final_code(session, invitation, version, body.language)
        if found is not None:
            return found
        language = body.language or languages[0]
        template = problem_service.package_of(version).templates.get(language, {})
        text = _main_file(language, {n: b.decode("utf-8", "replace") for n, b in template.items()})
        return language, text
    return body.language or languages[0], ""


def schedule(session: Session, invitation: Invitation, author: User | None, body: ScheduleIn,
             box: SecretBox) -> tuple[Interview, str]:
    """A new interview for ``invitation``; returns it and the candidate's token."""
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    errors: list[dict[str, str]] = []
    if not MIN_MINUTES <= body.duration_minutes <= MAX_MINUTES:
        errors.append({"field": "duration_minutes",
                       "message": f"an interview lasts {MIN_MINUTES} to {MAX_MINUTES} minutes"})
    if aware(body.starts_at) + timedelta(minutes=body.duration_minutes) < utcnow():
        errors.append({"field": "starts_at", "message": "this interview would be over already"})
    slugs = [v.slug for v in assessment_problems(session, invitation)]
    if body.problem_slug and body.problem_slug not in slugs:
        errors.append({"field": "problem", "message": f"not a problem of this assessment: {body.problem_slug!r}"})
    possible = {user.id for user in candidates_for_interviewers(session, assessment.team_id)}
    chosen = list(dict.fromkeys(body.interviewer_ids))
    if not chosen:
        errors.append({"field": "interviewers", "message": "choose at least one interviewer"})
    elif any(user_id not in possible for user_id in chosen):
        errors.append({"field": "interviewers", "message": "every interviewer must be a member of the team"})
    try:
        video = _valid_video(body.video_url)
    except Unprocessable as exc:
        errors.extend(exc.errors or [])
        video = None
    languages = pad_languages(session, invitation, body.problem_slug if body.problem_slug in slugs else None) \
        if slugs else []
    if not slugs:
        errors.append({"field": "problem", "message": "this assessment has no problem to run code against"})
    elif body.language and body.language not in languages:
        errors.append({"field": "language", "message": f"choose one of: {', '.join(languages)}"})
    if errors:
        raise Unprocessable("; ".join(e["message"] for e in errors), errors=errors)
    language, text = _starting_text(session, invitation, body, languages)
    token = new_secret(TOKEN_PREFIX)
    interview = Interview(invitation_id=invitation.id, team_id=assessment.team_id, starts_at=aware(body.starts_at),
                          duration_minutes=body.duration_minutes, problem_slug=body.problem_slug or None,
                          language=language, video_url=video, token_hash=hash_secret(token),
                          token_enc=box.encrypt(token), created_by=author.id if author else None,
                          document=text[:MAX_DOCUMENT], start_document=text[:MAX_DOCUMENT])
    session.add(interview)
    session.flush()
    for user_id in chosen:
        session.add(InterviewInterviewer(interview_id=interview.id, user_id=user_id))
    session.flush()
    return interview, token


def mail_candidate(session: Session, interview: Interview, invitation: Invitation, link: str) -> bool:
    """Queue the candidate's e-mail (the pad link and an .ics file); False when e-mail is off."""
    assessment = session.get(Assessment, invitation.assessment_id)
    details = {"to_name": invitation.candidate_name, "title": assessment.title if assessment else "",
               "starts_at": aware(interview.starts_at).isoformat(), "ends_at": ends_at(interview).isoformat(),
               "duration_minutes": interview.duration_minutes, "video_url": interview.video_url,
               "interviewers": ", ".join(user.name for user in interviewers(session, interview)),
               "interview_id": interview.id}
    return mail.queue_interview(session, invitation_id=invitation.id, to_addr=invitation.candidate_email,
                                link=link, details=details) is not None


# ------------------------------------------------------------------------------ finding one


def get(session: Session, interview_id: str, scope: Scope) -> Interview:
    interview = session.get(Interview, interview_id)
    if interview is None or not scope.allows(interview.team_id):
        raise NotFound(f"no interview {interview_id}")
    return interview


def by_token(session: Session, token: str) -> Interview | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    return session.exec(select(Interview).where(col(Interview.token_hash) == hash_secret(token))).first()


def for_invitation(session: Session, invitation_id: str) -> list[Interview]:
    return list(session.exec(select(Interview).where(col(Interview.invitation_id) == invitation_id)
                             .order_by(col(Interview.starts_at))).all())


def interviewers(session: Session, interview: Interview) -> list[User]:
    return list(session.exec(select(User).join(InterviewInterviewer,
                                               col(InterviewInterviewer.user_id) == User.id)
                             .where(col(InterviewInterviewer.interview_id) == interview.id)
                             .order_by(col(User.name))).all())


def is_interviewer(session: Session, interview: Interview, user: User) -> bool:
    return user.is_admin or session.get(InterviewInterviewer, (interview.id, user.id)) is not None


def is_listed(session: Session, interview: Interview, user: User) -> bool:
    """``user`` is one of the interview's interviewers (who fill a scorecard of it)."""
    return session.get(InterviewInterviewer, (interview.id, user.id)) is not None


def is_over(interview: Interview, now: datetime | None = None) -> bool:
    """The interview's planned end has passed: playback and the interviewers' scorecards open."""
    return (now or utcnow()) >= ends_at(interview)


def require_open(interview: Interview, now: datetime | None = None) -> None:
    """Refuse the candidate's link outside its window, saying when it opens or that it closed."""
    current = state(interview, now)
    if current == "early":
        raise Forbidden(f"this interview's pad opens at {opens_at(interview):%Y-%m-%d %H:%M} UTC, "
                        f"15 minutes before the interview")
    if current == "closed":
        raise Forbidden("this interview is over: its pad link no longer works")


# ------------------------------------------------------------------------------ the pad's persistence


def updates_since(session: Session, interview_id: str, version: int) -> list[dict[str, Any]]:
    rows = session.exec(select(PadUpdate).where(col(PadUpdate.interview_id) == interview_id,
                                                col(PadUpdate.version) > version)
                        .order_by(col(PadUpdate.version))).all()
    return [{"clientID": row.client_id, "changes": row.changes} for row in rows]


def store_updates(connection: Connection, interview_id: str, version: int, document: str,
                  updates: list[tuple[str, list[Any]]]) -> bool:
    """Store ``updates`` made on ``version`` (the first gets number ``version`` + 1) and ``document``, the
    text after them, if ``version`` is still the pad's version in the database (a compare-and-set on the
    interview's row: the authority when several API processes serve one pad; the row stays locked until
    the caller's transaction ends); False when another push got there first. Core statements (no ORM
    objects): this runs for every keystroke that reaches the server."""
    now = utcnow()
    accepted = connection.execute(
        update(Interview).where(col(Interview.id) == interview_id, col(Interview.version) == version)
        .values(document=document, version=version + len(updates), updated_at=now))
    if accepted.rowcount != 1:
        return False
    connection.execute(insert(PadUpdate), [
        {"interview_id": interview_id, "version": version + offset, "client_id": client_id, "changes": changes,
         "created_at": now} for offset, (client_id, changes) in enumerate(updates, start=1)])
    return True


def apply_updates(document: str, updates: list[tuple[str, list[Any]]]) -> str:
    """``document`` after ``updates``; BadChange when one does not fit or the result is too long."""
    for _, changes in updates:
        document = change_sets.apply(document, changes)
    if change_sets.length(document) > MAX_DOCUMENT:
        raise change_sets.BadChange(f"the pad holds at most {MAX_DOCUMENT // 1024} K characters")
    return document


def save_notes(session: Session, interview_id: str, notes: str) -> None:
    interview = session.get(Interview, interview_id)
    assert interview is not None
    interview.notes = notes[:MAX_NOTES]
    session.add(interview)


def save_language(session: Session, interview_id: str, language: str) -> None:
    interview = session.get(Interview, interview_id)
    assert interview is not None
    interview.language = language
    session.add(interview)
