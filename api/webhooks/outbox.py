"""The transactional outbox: ``emit`` adds an event and one delivery per subscribed endpoint (plus the
ATS integrations' result requests when they are due, see ``WebhookOutbox.completion_deliveries``) to the
caller's session, so they commit, or roll back, with the state change that caused them. After the
commit, delivery workers of the same app are woken.

A ``WebhookOutbox`` is built by ``create_app`` and by ``assay worker`` from their settings and bound to
their database engine (api.engine_state); the functions below are what the services call with their
session, and each finds the outbox of that session's app and builds its event's data from the rows.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import update as sa_update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api import engine_state
from api.analytics_models import InvitationDecision
from api.grade_record import StoredResult
from api.models import (
    Assessment,
    Invitation,
    InvitationErasure,
    ProblemVersion,
    Submission,
    SubmissionStatus,
    new_id,
    utcnow,
)
from api.services import problems as problem_service
from api.services import progress, report_links
from api.wakeups import Wakeups
from api.webhooks import events as ev
from api.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from graders.verdicts import Verdict

log = logging.getLogger("assay.webhooks")
SWEEP_WINDOW = timedelta(days=7)  # expiries and deadlines older than this are not looked for
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"

# an ATS integration's result requests due when an invitation completes, or when a decision is recorded
# (each with target, method, url)
CompletionDeliveries = Callable[[Session, Invitation], Sequence[Any]]
DecisionDeliveries = CompletionDeliveries
StatusDeliveries = Callable[[Session, Invitation, str], Sequence[Any]]  # invitation.started / .expired
# run in the transaction that announces invitation.completed (the review e-mails: the recruiters hear of it)
CompletionHook = Callable[[Session, Invitation], object]


class WebhookOutbox:
    """One app's webhook outbox.

    - ``public_url``: links in payloads (report_url) start with it;
    - ``completion_deliveries``: every ATS integration's result requests (api.integrations.registry),
      passed in so that this module imports none; ``decision_deliveries``: their requests telling the
      ATS of a recorded decision;
    - ``on_pending``: run inside each transaction that adds a delivery (the distributed executor
      defers a delivery job there, so the job commits with the event);
    - ``wakeups``: the delivery workers of this app, woken after such a transaction commits;
    - ``on_completed``: run once per invitation in the transaction that emits its invitation.completed
      (passed in, like the deliveries, so that this module imports none of them).
    """

    def __init__(self, public_url: str = DEFAULT_PUBLIC_URL,
                 completion_deliveries: Sequence[CompletionDeliveries] = (),
                 on_pending: Callable[[Session], None] | None = None,
                 decision_deliveries: Sequence[DecisionDeliveries] = (),
                 on_completed: Sequence[CompletionHook] = (), *, retention_days: int = 0,
                 status_deliveries: Sequence[StatusDeliveries] = ()) -> None:
        self.public_url = public_url.rstrip("/")
        self.retention_days = retention_days  # the report link of invitation.completed expires with the data
        self.completion_deliveries = tuple(completion_deliveries)
        self.decision_deliveries = tuple(decision_deliveries)
        self.status_deliveries = tuple(status_deliveries)
        self.on_pending = on_pending
        self.on_completed = tuple(on_completed)
        self.wakeups = Wakeups("webhook")

    def wake_all(self) -> None:
        self.wakeups.wake_all()

    def emit(self, session: Session, event_type: str, data: ev.Data | dict[str, Any], *,
             invitation_id: str | None = None, subject_id: str | None = None, dedup_key: str | None = None,
             only_endpoint: str | None = None,
             callbacks: Sequence[tuple[str, str, str]] = ()) -> WebhookEvent | None:
        """Add an event and its deliveries to the session (the caller commits). With ``dedup_key``, an
        event already stored under that key makes this a no-op (None). ``callbacks``: (target, method,
        url) of ATS integrations' requests to send with it."""
        now = utcnow()
        payload = ev.envelope(event_type, now, data)
        if len(payload.encode()) > ev.MAX_PAYLOAD_BYTES:  # bounded inputs keep this from happening; never fail it
            log.error("%s payload is %d bytes, over the %d promised", event_type, len(payload.encode()),
                      ev.MAX_PAYLOAD_BYTES)
        row = WebhookEvent(id="msg_" + new_id(), type=event_type, created_at=now, invitation_id=invitation_id,
                           subject_id=subject_id, dedup_key=dedup_key, payload=payload)
        if dedup_key is not None:
            if session.exec(select(WebhookEvent.seq).where(WebhookEvent.dedup_key == dedup_key)).first() is not None:
                return None
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:  # stored meanwhile by another transaction
                return None
        else:
            session.add(row)
        query = select(WebhookEndpoint)
        if only_endpoint is not None:
            query = query.where(col(WebhookEndpoint.id) == only_endpoint)
        pending = False
        for endpoint in session.exec(query).all():
            if only_endpoint is None and not ev.matches(event_type, endpoint.event_types):
                continue
            pending = pending or endpoint.enabled
            session.add(WebhookDelivery(event_id=row.id, endpoint_id=endpoint.id, target="endpoint", method="POST",
                                        status="pending" if endpoint.enabled else "skipped",
                                        next_attempt_at=now, created_at=now, updated_at=now))
        for target, method, url in callbacks:
            pending = True
            session.add(WebhookDelivery(event_id=row.id, endpoint_id=None, target=target, url=url, method=method,
                                        next_attempt_at=now, created_at=now, updated_at=now))
        session.flush()
        if self.on_pending is not None and pending:  # a delivery job only when there is something to deliver
            self.on_pending(session)
        self.wakeups.after_commit(session)
        return row

    def completion(self, session: Session, invitation: Invitation) -> dict[str, Any]:
        return completion_data(session, invitation, self.public_url)

    def maybe_complete(self, session: Session, invitation: Invitation) -> WebhookEvent | None:
        """Emit invitation.completed once the invitation is over and every submission is graded."""
        if not progress.is_final(session, invitation):
            return None
        key = f"invitation.completed:{invitation.id}"
        if session.exec(select(WebhookEvent.seq).where(col(WebhookEvent.dedup_key) == key)).first() is not None:
            return None
        if not lock_current(session, invitation):
            return None
        data = self.completion(session, invitation)
        data.pop("_state")
        data["candidate_report_url"] = report_links.link(session, invitation, self.public_url,  # issue 15
                                                         retention_days=self.retention_days)
        callbacks = [(d.target, d.method, d.url)
                     for due in self.completion_deliveries for d in due(session, invitation)]
        event = self.emit(session, "invitation.completed", data, invitation_id=invitation.id, dedup_key=key,
                          callbacks=callbacks)
        if event is not None:
            for hook in self.on_completed:
                hook(session, invitation)
        return event

    def status_callbacks(self, session: Session, invitation: Invitation, event_type: str) -> list[tuple[str, str, str]]:
        """The ATS integrations' requests for invitation.started or invitation.expired (target, method, url)."""
        return [(d.target, d.method, d.url)
                for due in self.status_deliveries for d in due(session, invitation, event_type)]

    def decision_recorded(self, session: Session, invitation: Invitation, decision: InvitationDecision,
                          decided_by: str, scorecard: dict[str, Any] | None = None) -> WebhookEvent | None:
        """Emit decision.recorded, with each ATS integration's request telling it of the decision."""
        final = progress.is_final(session, invitation)
        data = {**_ref(invitation), "decision": decision.decision, "reason": decision.note,
                "decided_at": decision.decided_at, "decided_by": decided_by[:300],
                "score_percent": completion_data(session, invitation, self.public_url)["score_percent"]
                if final else None,
                "report_url": f"{self.public_url}/v1/invitations/{invitation.id}/report.html",
                "scorecard": scorecard}
        callbacks = [(d.target, d.method, d.url)
                     for due in self.decision_deliveries for d in due(session, invitation)]
        return self.emit(session, "decision.recorded", data, invitation_id=invitation.id,
                         subject_id=str(decision.id), callbacks=callbacks)


def lock_current(session: Session, invitation: Invitation) -> bool:
    """Lock the invitation's row for this transaction and read it again; False if its data was erased.

    An event about a candidate is built from the invitation as this transaction sees it. The sweep reads
    invitations first and emits later: an erasure committed in between would otherwise have the event
    carry the name, e-mail and ATS reference it had just removed. The no-op UPDATE takes the row's lock
    on PostgreSQL and the database's write lock on SQLite, so an erasure either committed before (and is
    seen here) or waits for this transaction and then scrubs its event like any other."""
    session.execute(sa_update(Invitation).where(col(Invitation.id) == invitation.id)
                    .values(candidate_name=Invitation.candidate_name))
    session.refresh(invitation)
    return session.get(InvitationErasure, invitation.id) is None


def of(bind: Session | Engine | Connection) -> WebhookOutbox:
    """The outbox of the app whose engine ``bind`` is on (a default one for an engine no app made)."""
    return engine_state.get(bind, "webhook_outbox", WebhookOutbox)


def bind(engine: Engine, outbox: WebhookOutbox) -> None:
    engine_state.bind(engine, "webhook_outbox", outbox)


def emit(session: Session, event_type: str, data: ev.Data | dict[str, Any], **options: Any) -> WebhookEvent | None:
    """``WebhookOutbox.emit`` on the outbox of the session's app."""
    return of(session).emit(session, event_type, data, **options)


def wake_all(session: Session) -> None:
    """Wake the delivery workers of the session's app now (an admin re-queued deliveries)."""
    of(session).wake_all()


# ---------------------------------------------------------------------- hooks the services call


def decision_recorded(session: Session, invitation: Invitation, decision: InvitationDecision, decided_by: str,
                      scorecard: dict[str, Any] | None = None) -> WebhookEvent | None:
    """``WebhookOutbox.decision_recorded`` on the outbox of the session's app (in the decision's
    transaction)."""
    return of(session).decision_recorded(session, invitation, decision, decided_by, scorecard)


def latest_data(session: Session, invitation_id: str, event_type: str) -> dict[str, Any] | None:
    """The ``data`` of the latest event of ``event_type`` about an invitation (e.g. what the ATS was
    told of the decision), or None."""
    payload = session.exec(select(WebhookEvent.payload).where(
        col(WebhookEvent.invitation_id) == invitation_id, col(WebhookEvent.type) == event_type)
        .order_by(col(WebhookEvent.seq).desc()).limit(1)).first()
    return None if payload is None else dict(json.loads(payload)["data"])


def _candidate(invitation: Invitation) -> dict[str, str]:
    return {"name": invitation.candidate_name, "email": invitation.candidate_email}


def _ref(invitation: Invitation) -> dict[str, Any]:
    return {"invitation_id": invitation.id, "assessment_id": invitation.assessment_id,
            "external_id": invitation.external_id}


def invitation_created(session: Session, invitation: Invitation, source: str = "api") -> None:
    emit(session, "invitation.created", {
        **_ref(invitation), "candidate": _candidate(invitation), "expires_at": invitation.expires_at,
        "created_at": invitation.created_at, "source": source}, invitation_id=invitation.id)


def invitation_started(session: Session, invitation: Invitation) -> None:
    emit(session, "invitation.started", {
        **_ref(invitation), "started_at": invitation.started_at, "deadline_at": invitation.deadline_at},
        invitation_id=invitation.id, dedup_key=f"invitation.started:{invitation.id}",
        callbacks=of(session).status_callbacks(session, invitation, "invitation.started"))


def invitation_finished(session: Session, invitation: Invitation) -> None:
    maybe_complete(session, invitation)


def _submission_ref(session: Session, submission: Submission) -> tuple[Invitation, dict[str, Any]]:
    invitation = session.get(Invitation, submission.invitation_id)
    version = session.get(ProblemVersion, submission.problem_version_id,
                          options=[problem_service.NO_PACKAGE])
    assert invitation is not None and version is not None
    return invitation, {**_ref(invitation), "submission_id": submission.id, "problem": version.slug,
                        "problem_version": version.version, "language": submission.language}


def submission_received(session: Session, submission: Submission) -> None:
    if submission.kind != "submission":
        return
    _, ref = _submission_ref(session, submission)
    emit(session, "submission.received", {**ref, "created_at": submission.created_at},
         invitation_id=submission.invitation_id, subject_id=submission.id)


def on_graded(session: Session, submission: Submission) -> None:
    """GradingService hook, inside the transaction that stores the final result."""
    if submission.kind != "submission":
        return
    invitation, ref = _submission_ref(session, submission)
    earlier = session.exec(select(func.count()).select_from(WebhookEvent).where(
        col(WebhookEvent.subject_id) == submission.id,
        col(WebhookEvent.type).in_(("submission.graded", "submission.regraded", "submission.errored")))).one()
    revision = int(earlier) + 1
    tests = StoredResult.read(submission.result).tests
    data: dict[str, Any] = {
        **ref, "revision": revision,
        "status": SubmissionStatus.ERROR if submission.status == SubmissionStatus.ERROR else SubmissionStatus.GRADED,
        "verdict": submission.verdict, "points": submission.points, "max_points": submission.max_points,
        "tests_passed": sum(1 for t in tests if t.verdict == Verdict.AC), "tests_total": len(tests),
        "graded_at": submission.graded_at or utcnow()}
    if submission.status == SubmissionStatus.ERROR:
        data["error"] = f"grading failed after {submission.attempts} attempt(s); a reviewer may regrade it"
        event_type = "submission.errored"
    else:
        event_type = "submission.graded" if revision == 1 else "submission.regraded"
    emit(session, event_type, data, invitation_id=invitation.id, subject_id=submission.id,
         dedup_key=f"{submission.id}:{revision}")
    maybe_complete(session, invitation)


def completion_data(session: Session, invitation: Invitation, public_url: str) -> dict[str, Any]:
    """Final scores of a completed invitation (the invitation.completed data; Greenhouse's test_status)."""
    assessment = session.get(Assessment, invitation.assessment_id)
    assert assessment is not None
    problems = progress.problem_scores(session, invitation)
    total = float(sum(p.points for p in problems))
    maximum = float(sum(p.max_points for p in problems))
    finished = invitation.finished_at is not None
    completed_at = invitation.finished_at or invitation.deadline_at or utcnow()
    percent = round(100.0 * total / maximum, 2) if maximum else 0.0

    def short(value: datetime | None) -> str | None:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None

    def num(value: float) -> str:
        return f"{value:g}"

    metadata: dict[str, ev.Primitive] = {
        "Assessment": assessment.title[:200], "Score": f"{num(total)} / {num(maximum)}", "Score %": percent,
        "Started At": short(invitation.started_at), "Completed At": short(completed_at),
        "Completion": "finished" if finished else "deadline"}
    for p in problems:
        metadata.setdefault(p.title[:100], f"{num(p.points)} / {num(p.max_points)}")
    if invitation.external_id:
        metadata["External ID"] = invitation.external_id[:200]
    return {
        **_ref(invitation), "assessment_title": assessment.title, "candidate": _candidate(invitation),
        "started_at": invitation.started_at, "completed_at": completed_at,
        "reason": "finished" if finished else "deadline",
        "problems": [{"slug": p.slug, "title": p.title[:200], "version": p.version, "points": p.points,
                      "max_points": p.max_points, "submissions": p.submissions,
                      "best_submission_id": p.best_submission_id} for p in problems],
        "total_points": total, "max_points": maximum, "score_percent": percent,
        "report_url": f"{public_url}/v1/invitations/{invitation.id}/report.html",
        "metadata": metadata,
        "_state": progress.state(invitation),
    }


is_final = progress.is_final  # the invitation is over and every submission graded


def completion(session: Session, invitation: Invitation) -> dict[str, Any]:
    """``completion_data`` with the links of the session's app."""
    return of(session).completion(session, invitation)


def maybe_complete(session: Session, invitation: Invitation) -> WebhookEvent | None:
    """``WebhookOutbox.maybe_complete`` on the outbox of the session's app."""
    return of(session).maybe_complete(session, invitation)


def sweep(session: Session, now: datetime | None = None, *, outbox: WebhookOutbox | None = None) -> dict[str, int]:
    """Find what no request announces: invitations that expired unstarted, timers that ran out, and
    completions a race left unannounced. Idempotent (each event has a dedup key). ``outbox``: the
    one to write through (default: the session's app's)."""
    outbox = outbox or of(session)
    now = now or utcnow()
    since = now - SWEEP_WINDOW
    counts = {"expired": 0, "completed": 0}
    def announced(event_type: str) -> Any:
        return col(Invitation.id).not_in(
            select(WebhookEvent.invitation_id).where(col(WebhookEvent.type) == event_type,
                                                     col(WebhookEvent.invitation_id).is_not(None)))

    expired = session.exec(select(Invitation).where(
        col(Invitation.started_at).is_(None), col(Invitation.revoked_at).is_(None),
        col(Invitation.expires_at) <= now, col(Invitation.expires_at) > since, announced("invitation.expired"))).all()
    for invitation in expired:
        if not lock_current(session, invitation):
            continue
        if outbox.emit(session, "invitation.expired", {**_ref(invitation), "candidate": _candidate(invitation),
                                                "expires_at": invitation.expires_at},
                invitation_id=invitation.id, dedup_key=f"invitation.expired:{invitation.id}",
                callbacks=outbox.status_callbacks(session, invitation, "invitation.expired")) is not None:
            counts["expired"] += 1
    over = session.exec(select(Invitation).where(
        col(Invitation.started_at).is_not(None), col(Invitation.revoked_at).is_(None),
        ((col(Invitation.finished_at) > since)
         | ((col(Invitation.deadline_at) <= now) & (col(Invitation.deadline_at) > since))),
        announced("invitation.completed"))).all()
    for invitation in over:
        if outbox.maybe_complete(session, invitation) is not None:
            counts["completed"] += 1
    return counts
