"""The audit log: an append-only record of staff actions.

Each action is recorded with ``record(session, actor, action, ...)`` in the same transaction as the
action itself, so an action and its record commit (or roll back) together. The table has no update or
delete path in the API, and the database refuses both (triggers made by migration 0003_reviewer).

Records hold identifiers only (invitation ids, key ids, problem slugs), never a candidate's name, email
or code: the audit log outlives candidate-data deletion and retention purges, so it must not keep what
they remove.

Actions: ``key.created``, ``key.revoked``, ``problem.uploaded``, ``assessment.created``,
``invitation.created``, ``invitation.revoked``, ``report.viewed``, ``candidate_data.deleted``,
``candidate_data.exported``, ``retention.purged``, ``session.login``, ``session.logout``, ``webhook.endpoint_created``,
``webhook.endpoint_updated``, ``webhook.endpoint_deleted``, ``webhook.secret_rotated``,
``webhook.redelivered``, ``submission.regraded``, ``greenhouse.test_sent``, ``greenhouse.token_viewed``,
``greenhouse.response_error``, ``lever.candidate_invited``, ``lever.token_viewed``,
``ashby.assessment_started``, ``ashby.assessment_cancelled``, ``ashby.token_viewed``, ``comment.created``,
``comment.replied``, ``comment.resolved``, ``comment.reopened``, ``invitation.batch``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from sqlalchemy import JSON, Column, func
from sqlmodel import Field, Session, SQLModel, col, select

from api.models import utcnow

ACTIONS = (
    "key.created", "key.revoked", "problem.uploaded", "assessment.created", "invitation.created",
    "invitation.revoked", "report.viewed", "candidate_data.deleted", "candidate_data.exported", "retention.purged",
    "session.login", "session.logout",
    # issue 13: webhook endpoint changes, regrades and Greenhouse actions
    "webhook.endpoint_created", "webhook.endpoint_updated", "webhook.endpoint_deleted", "webhook.secret_rotated",
    "webhook.redelivered", "submission.regraded", "greenhouse.test_sent", "greenhouse.token_viewed",
    "greenhouse.response_error",
    # issue 11: the HR console and the candidate app
    "invitation.resent", "invitation.extended", "invitation.extra_time", "invitation.link_shown",
    # issue 15: anonymised review (a decision per candidate; the first one reveals the name)
    "invitation.decided", "candidate.revealed",
    # issue 14: the Lever and Ashby integrations
    "lever.candidate_invited", "lever.token_viewed", "ashby.assessment_started", "ashby.assessment_cancelled",
    "ashby.token_viewed",
    # issue 21: people and teams
    "user.created", "user.setup", "user.invited", "user.deactivated", "user.reactivated", "user.password_changed",
    "user.password_reset", "user.totp_enabled", "user.totp_disabled", "team.created", "team.member_set",
    "team.member_removed",
    # issue 21: line comments on a candidate's code (api.comments)
    "comment.created", "comment.replied", "comment.resolved", "comment.reopened",
    # issue 21: reviewing together
    "scorecard.updated", "review.assigned", "review.unassigned", "review.submitted",
    # issue 24: live interviews (api.interviews)
    "interview.scheduled", "interview.review_submitted",
    # issue 26: an assessment's results downloaded as a spreadsheet (personal data leaves Assay)
    "results.exported",
    # issue 26: what one console invite made and skipped (ids only), read back by its page (post/redirect/get)
    "invitation.batch",
    # issue 25: a reviewer's points for a free-text answer of a quiz (api.services.quiz_report)
    "quiz.text_scored",
    # issue 25: authoring in the console (a problem saved from the form, a verify run, an assessment moved)
    "problem.saved", "problem.verify_started", "assessment.problem_moved",
)


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_key_id: int | None = Field(default=None, index=True)  # None: the system (CLI, retention task)
    actor_role: str = ""  # admin, author, reviewer, ats, or "system"
    actor_name: str = ""  # the key's label, or the CLI command
    action: str = Field(index=True)
    target_type: str = ""  # key, problem, assessment, invitation, ...
    target_id: str = Field(default="", index=True)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    ip: str | None = None
    actor_user_id: str | None = Field(default=None, index=True)  # a person (issue 21), else None
    team_id: str | None = Field(default=None, index=True)  # the team the target belongs to, if any


def record(session: Session, actor: Any, action: str, target_type: str = "", target_id: str | int | None = "",
           *, request: Request | None = None, **detail: Any) -> AuditEvent:
    """Add one record to ``session`` (committed with the caller's transaction).

    ``actor`` is an ``api.auth.Staff`` (anything with key_id, role, name), or None / a string for the
    system (the string names it, e.g. "cli: assay keys create").
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    user_id = None
    if actor is None or isinstance(actor, str):
        key_id, role, name = None, "system", actor or ""
    else:
        key_id, role, name = actor.key_id, actor.role, actor.name
        user_id = getattr(actor, "user_id", None)  # a person signed in to the console (issue 21)
    ip = request.client.host if request is not None and request.client is not None else None
    event = AuditEvent(actor_key_id=key_id, actor_role=role, actor_name=name, action=action,
                       target_type=target_type, target_id="" if target_id is None else str(target_id),
                       detail={k: v for k, v in detail.items() if v is not None}, ip=ip, actor_user_id=user_id)
    session.add(event)
    return event


def query(session: Session, *, action: str | None = None, actor_key_id: int | None = None,
          target_type: str | None = None, target_id: str | None = None, since: datetime | None = None,
          until: datetime | None = None, offset: int = 0, limit: int = 50) -> tuple[list[AuditEvent], int]:
    """Records matching every filter given, newest first, and how many match in all."""
    conditions = []
    if action is not None:
        conditions.append(col(AuditEvent.action) == action)
    if actor_key_id is not None:
        conditions.append(col(AuditEvent.actor_key_id) == actor_key_id)
    if target_type is not None:
        conditions.append(col(AuditEvent.target_type) == target_type)
    if target_id is not None:
        conditions.append(col(AuditEvent.target_id) == target_id)
    if since is not None:
        conditions.append(col(AuditEvent.at) >= since)
    if until is not None:
        conditions.append(col(AuditEvent.at) < until)
    rows = session.exec(select(AuditEvent).where(*conditions)
                        .order_by(col(AuditEvent.id).desc()).offset(offset).limit(limit)).all()
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
    return list(rows), total
