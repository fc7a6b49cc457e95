"""The candidate's API, authenticated by the invitation token; it sees only its own invitation and
never hidden test data."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response, status
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.auth import CandidateAuth
from api.deps import SessionDep, SettingsDep
from api.integrity import recording
from api.integrity.schemas import RecordingIn, RecordingOut
from api.models import FINAL_STATUSES, Submission
from api.schemas import (
    CodeIn,
    DraftIn,
    DraftOut,
    FinishIn,
    MeOut,
    MeProblemDetail,
    MySubmissionOut,
    RunIn,
    StartIn,
    SubmissionOut,
)
from api.services import candidate as service
from api.services import invitations as invitation_service
from api.services import quiz, reports, sandbox_images
from api.settings import Settings

router = APIRouter(prefix="/v1/me", tags=["candidate"])
Wait = Annotated[float, Query(ge=0, le=60, description="seconds to wait for the result before answering")]


@router.get("", response_model=MeOut, summary="invitation state, deadline, problems (candidate)")
def me(session: SessionDep, settings: SettingsDep, who: CandidateAuth) -> MeOut:
    return service.me(session, service.invitation_of(session, who.invitation_id), settings)


@router.post("/start", response_model=MeOut, summary="start the timer (candidate)")
def start(session: SessionDep, settings: SettingsDep, who: CandidateAuth, body: StartIn | None = None
          ) -> MeOut:
    invitation = invitation_service.start(session, service.invitation_of(session, who.invitation_id),
                                          consent=bool(body and body.consent))
    session.commit()
    return service.me(session, invitation, settings)


@router.post("/finish", response_model=MeOut, summary="finish the assessment; where AI assistance is allowed, "
             "with the tools used (candidate)")
def finish(session: SessionDep, settings: SettingsDep, who: CandidateAuth, body: FinishIn | None = None) -> MeOut:
    invitation = service.invitation_of(session, who.invitation_id)
    if body is not None and invitation_service.state(invitation) == "started":
        recording.declare_ai(session, invitation, body.ai_tools)
    invitation = invitation_service.finish(session, invitation)
    session.commit()
    return service.me(session, invitation, settings)


@router.get("/drafts", response_model=list[DraftOut], summary="autosaved code, newest first (candidate)")
def list_drafts(session: SessionDep, who: CandidateAuth) -> list[DraftOut]:
    return service.drafts(session, service.invitation_of(session, who.invitation_id))


@router.put("/drafts/{slug}/{language}", response_model=DraftOut,
            summary="autosave the code of one problem and language; only while started (candidate)")
def save_draft(slug: str, language: str, body: DraftIn, session: SessionDep, settings: SettingsDep,
               who: CandidateAuth) -> DraftOut:
    saved = service.save_draft(session, service.invitation_of(session, who.invitation_id), slug, language, body,
                               settings)
    session.commit()
    return saved


@router.post("/recording/{slug}", response_model=RecordingOut,
             summary="append a batch of the integrity recording of one problem; refused when the assessment "
                     "records no signals (candidate)")
def append_recording(slug: str, body: RecordingIn, session: SessionDep, settings: SettingsDep,
                     who: CandidateAuth) -> RecordingOut:
    result = recording.append(session, service.invitation_of(session, who.invitation_id), slug, body.batch,
                              body.sent_at, body.events, settings)
    session.commit()
    return RecordingOut(stored=result.stored, capped=result.capped)


@router.get("/problems/{slug}", response_model=MeProblemDetail,
            summary="statement, templates, samples, limits, languages (candidate)")
def problem(slug: str, session: SessionDep, settings: SettingsDep, who: CandidateAuth) -> MeProblemDetail:
    return service.problem_view(session, service.invitation_of(session, who.invitation_id), slug, settings)


# The async endpoints below (they may wait for a result) do every database call in the thread pool:
# a blocking call on the event loop stalls every other request, and with a bounded connection pool it
# deadlocks, since the connections it waits for are released by dependency clean-ups that need the
# event loop.


def _graded(request: Request, submission_id: str) -> bool:
    with Session(request.app.state.engine) as session:
        row = session.get(Submission, submission_id)
        return row is None or row.status in FINAL_STATUSES


async def _wait(request: Request, submission_id: str, wait: float) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if await run_in_threadpool(_graded, request, submission_id):
            return
        await asyncio.sleep(0.1)


def _candidate_view(request: Request, session: Session, row: Submission) -> SubmissionOut:
    """The candidate's view with its place in the queue while it waits."""
    view = reports.candidate_view(session, row)
    view.queue_position = request.app.state.executor.queue_position(session, row)
    if view.status == "queued":
        view.preparing = sandbox_images.preparing(request.app.state.sandbox, row.language)
    if view.language == quiz.ANSWERS_LANGUAGE and invitation_service.state(
            service.invitation_of(session, row.invitation_id)) == "started":
        return quiz.withhold_score(view)
    return view


def _view(request: Request, submission_id: str) -> SubmissionOut:
    with Session(request.app.state.engine) as session:
        row = session.get(Submission, submission_id)
        assert row is not None
        return _candidate_view(request, session, row)


def _own(request: Request, invitation_id: str, submission_id: str, kind: str) -> None:
    with Session(request.app.state.engine) as session:
        service.own_submission(session, service.invitation_of(session, invitation_id), submission_id, kind)


def _store_run(request: Request, body: RunIn, invitation_id: str, settings: Settings) -> str:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        invitation = service.invitation_of(session, invitation_id)
        run = service.run(session, invitation, body, settings, request.app.state.executor)
        session.commit()
        return run.id


def _store_submission(request: Request, body: CodeIn, invitation_id: str, settings: Settings,
                      idempotency_key: str | None) -> tuple[str, bool]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        invitation = service.invitation_of(session, invitation_id)
        submission, created = service.submit(session, invitation, body, settings, request.app.state.executor,
                                             idempotency_key)
        session.commit()
        return submission.id, created


@router.post("/runs", status_code=status.HTTP_202_ACCEPTED, response_model=SubmissionOut,
             summary="run against the samples, or custom stdin; not scored, rate-limited (candidate)")
async def create_run(request: Request, body: RunIn, who: CandidateAuth, settings: SettingsDep, wait: Wait = 0
                     ) -> SubmissionOut:
    run_id = await run_in_threadpool(_store_run, request, body, who.invitation_id, settings)
    await _wait(request, run_id, wait)
    return await run_in_threadpool(_view, request, run_id)


@router.get("/runs/{run_id}", response_model=SubmissionOut, summary="a run's result (candidate)")
async def get_run(request: Request, run_id: str, who: CandidateAuth, wait: Wait = 0) -> SubmissionOut:
    await run_in_threadpool(_own, request, who.invitation_id, run_id, "run")
    await _wait(request, run_id, wait)
    return await run_in_threadpool(_view, request, run_id)


@router.post("/submissions", status_code=status.HTTP_202_ACCEPTED, response_model=SubmissionOut,
             summary="submit for scoring; honours Idempotency-Key (candidate)",
             responses={200: {"description": "same Idempotency-Key: the earlier submission"}})
async def create_submission(
    request: Request, response: Response, body: CodeIn, who: CandidateAuth, settings: SettingsDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None, wait: Wait = 0,
) -> SubmissionOut:
    submission_id, created = await run_in_threadpool(_store_submission, request, body, who.invitation_id, settings,
                                                     idempotency_key)
    if not created:
        response.status_code = status.HTTP_200_OK
    await _wait(request, submission_id, wait)
    return await run_in_threadpool(_view, request, submission_id)


@router.get("/submissions", response_model=list[MySubmissionOut],
            summary="my submissions, oldest first, optionally of one problem and with their code (candidate)")
def list_submissions(request: Request, session: SessionDep, who: CandidateAuth,
                     problem: Annotated[str | None, Query(max_length=64, description="only this problem's")] = None,
                     code: Annotated[bool, Query(description="include each submission's code")] = False,
                     ) -> list[MySubmissionOut]:
    rows = invitation_service.submissions_of(session, who.invitation_id)
    views = []
    for row in rows:
        view = _candidate_view(request, session, row)
        if problem is not None and view.problem != problem:
            continue
        views.append(MySubmissionOut(**view.model_dump(), files=dict(row.files) if code else None))
    return views


@router.get("/submissions/{submission_id}", response_model=SubmissionOut,
            summary="status and per-test results; hidden tests show verdict, time and memory only (candidate)")
async def get_submission(request: Request, submission_id: str, who: CandidateAuth, wait: Wait = 0
                         ) -> SubmissionOut:
    await run_in_threadpool(_own, request, who.invitation_id, submission_id, "submission")
    await _wait(request, submission_id, wait)
    return await run_in_threadpool(_view, request, submission_id)
