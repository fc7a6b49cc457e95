"""Runs from a pad: the pad's code through the same executor and sandbox as the candidate app's runs
(an unscored Submission of kind 'run' on the invitation), on the samples of the interview's problem or
on custom input; everyone in the pad sees the result (the candidate's view of a run: no hidden data)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from api.errors import TooLarge, Unprocessable
from api.executor import Executor
from api.interviews import service
from api.interviews.models import Interview
from api.models import FINAL_STATUSES, Invitation, Submission
from api.services import queue_limit, reports
from api.services.candidate import LIMITER
from api.settings import Settings
from sandbox import get_language


def start(session: Session, interview: Interview, document: str, language: str, stdin: str | None,
          settings: Settings, executor: Executor) -> str:
    """Queue a run of ``document`` (the pad's text as its participants see it) in ``language``; returns
    the run's id."""
    invitation = session.get(Invitation, interview.invitation_id)
    assert invitation is not None
    version = service.run_version(session, invitation, interview.problem_slug)
    if language not in service.pad_languages(session, invitation, interview.problem_slug):
        raise Unprocessable(f"the pad cannot run {language!r} code")
    if stdin is not None and len(stdin.encode()) > settings.max_stdin_kib * 1024:
        raise TooLarge(f"the input is larger than {settings.max_stdin_kib} KiB")
    if stdin is None and interview.problem_slug is None:
        stdin = ""  # a blank pad has no samples: run it on empty input
    LIMITER.check("pad-runs", interview.id, settings.runs_per_minute)
    queue_limit.check(session, invitation.id, settings, kind="run")
    assert version.id is not None
    run = Submission(kind="run", invitation_id=invitation.id, problem_version_id=version.id,
                     language=language, files={get_language(language).source_name: document}, stdin=stdin)
    session.add(run)
    session.flush()
    executor.submit(session, run.id)
    return run.id


def result(session: Session, run_id: str) -> dict[str, Any] | None:
    """The run's result as everyone in the pad sees it, None while it is not done."""
    row = session.get(Submission, run_id)
    if row is None or row.status not in FINAL_STATUSES:
        return None
    return reports.candidate_view(session, row).model_dump(mode="json")
