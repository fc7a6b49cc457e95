"""Per-candidate limit on submissions waiting to be graded, held in the database.

The count is the database's (submissions of the invitation that are ``queued`` or ``running``), so the
limit holds however many API processes take submissions. On PostgreSQL the invitation's row is locked
(``SELECT ... FOR UPDATE``) for the rest of the submitting transaction, so two processes cannot both
count N-1 and both store the N-th; SQLite serialises writers by itself.

``ASSAY_MAX_QUEUED_SUBMISSIONS`` (0 turns the limit off); unset, it is ``ASSAY_SUBMISSIONS_PER_MINUTE``
(default 10): a candidate never has more waiting than they may submit in a minute. Runs are counted
apart, against ``ASSAY_MAX_QUEUED_RUNS`` (default 2): a candidate pressing Run, in however many tabs or
scripts, cannot fill the run lane (api.executor.lanes) that every other candidate's runs go through.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.errors import RateLimited
from api.models import PENDING_STATUSES, Invitation, Submission
from api.settings import Settings

WAITING = PENDING_STATUSES
RETRY_AFTER_S = 10


def max_queued(settings: Settings, kind: str = "submission") -> int:
    """The limit: for runs ``max_queued_runs``; for submissions ``max_queued_submissions``, or when unset
    the per-minute submission limit."""
    if kind == "run":
        return settings.max_queued_runs
    if settings.max_queued_submissions is not None:
        return settings.max_queued_submissions
    return settings.submissions_per_minute


def waiting(session: Session, invitation_id: str, kind: str = "submission") -> int:
    """Submissions (or runs) of this invitation not graded yet (queued or being graded), as the database
    has them."""
    statement = select(func.count()).select_from(Submission).where(
        col(Submission.invitation_id) == invitation_id,
        col(Submission.kind) == kind,
        col(Submission.status).in_(WAITING),
    )
    return int(session.exec(statement).one())


def check(session: Session, invitation_id: str, settings: Settings, kind: str = "submission") -> None:
    """Raise RateLimited (429) when the candidate already has the maximum number of submissions (or
    runs, ``kind='run'``) waiting.

    Call it in the transaction that stores the new submission, before storing it."""
    limit = max_queued(settings, kind)
    if limit <= 0:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.exec(select(Invitation.id).where(col(Invitation.id) == invitation_id).with_for_update())
    count = waiting(session, invitation_id, kind)
    if count >= limit:
        message = (f"{count} of your runs are still waiting (at most {limit}); run again once one has finished"
                   if kind == "run" else
                   f"{count} of your submissions are still waiting to be graded (at most {limit}); "
                   "submit again once one of them is graded")
        raise RateLimited(
            message,
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
