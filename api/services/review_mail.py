"""E-mails to the hiring team about reviewing, through the durable mail outbox (api.mail):

- ``candidate_finished``: the recruiters hear that a candidate finished and every submission is graded
  (called once per invitation, from the ``invitation.completed`` event: api.webhooks.outbox);
- ``review_assigned``: a reviewer hears that a review was assigned to them;
- ``review_submitted``: pending reminders of that review are cancelled, and once every review assigned
  for the candidate is in, the recruiters hear it;
- ``remind_overdue``: a reviewer whose review is overdue is reminded, at most once per ``every_hours``
  per review (the job: api.services.review_reminders).

"The recruiters" are the active members of the assessment's team whose role may assign reviewers and
record the decision (api.people.teams.ALLOWED: recruiter and hiring manager); admins are global and are
not e-mailed. In an anonymised assessment every e-mail says "Candidate #N" until a decision reveals the
name (api.services.anonymity). Each notice is decided once under a key (``staff_notices``), whichever
request, process or job run comes to it first; with SMTP off nothing is queued (the console's My
reviews page and reports say it all anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.mail import outbox as mail_outbox
from api.mail.models import NOTICE_KINDS, NoticeOptOut, StaffNotice
from api.models import Assessment, Invitation, utcnow
from api.people.models import Team, TeamMember, TeamRole, User
from api.people.teams import ALLOWED, ROLE_NAMES, Action, memberships
from api.reviews import assignments, hooks
from api.reviews.models import Review, ReviewAssignment
from api.services import anonymity, progress

REPORT_PATH = "/ui/invitations/{invitation_id}"  # the console's report page: scores, reviews, the decision


@dataclass(frozen=True)
class Facts:
    """What every notice about a candidate says: the candidate as staff may see them, the assessment,
    its team."""

    invitation: Invitation
    assessment: Assessment
    team: Team | None
    candidate: str  # "Jane Doe", or "Candidate #3" while the name is masked


def facts(session: Session, invitation: Invitation) -> Facts:
    assessment = session.get(Assessment, invitation.assessment_id)
    if assessment is None:
        raise LookupError(f"assessment {invitation.assessment_id} does not exist")
    team = session.get(Team, assessment.team_id) if assessment.team_id else None
    return Facts(invitation, assessment, team, candidate_label(session, invitation))


def candidate_label(session: Session, invitation: Invitation) -> str:
    """The candidate as the review e-mails and My reviews name them: "Candidate #N" in an anonymised
    assessment until a decision is recorded, else their name."""
    if anonymity.masked(session, invitation):
        return anonymity.label(session, invitation)
    return " ".join(invitation.candidate_name.split()) or anonymity.label(session, invitation)


def recruiters(session: Session, team_id: str | None, action: Action = Action.DECIDE) -> list[tuple[User, TeamRole]]:
    """The active members of ``team_id`` whose role may do ``action`` (recruiters and hiring managers),
    by name."""
    if team_id is None:
        return []
    roles = sorted(role.value for role in ALLOWED[action])
    rows = session.exec(select(User, TeamMember).where(
        col(TeamMember.user_id) == User.id, col(TeamMember.team_id) == team_id, col(TeamMember.role).in_(roles),
        col(User.active).is_(True)).order_by(col(User.name), col(User.email))).all()
    return [(user, TeamRole(member.role)) for user, member in rows]


def claim(session: Session, key: str, kind: str, subject_id: str, at: datetime | None = None) -> bool:
    """Record that the notice ``key`` is decided (``at``: now); False when it was already (by anyone)."""
    if session.get(StaffNotice, key) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(StaffNotice(key=key, kind=kind, subject_id=subject_id, created_at=at or utcnow()))
    except IntegrityError:  # decided meanwhile by another transaction
        return False
    return True


def _why(role: TeamRole, team: Team | None) -> str:
    where = f"the {' '.join(team.name.split())} team" if team is not None else "this team"
    return f"You get this e-mail as {ROLE_NAMES[role]} in {where} on Assay."


def _details(found: Facts, user: User, role: TeamRole, path: str, **more: Any) -> dict[str, Any]:
    return {"to_name": user.name, "candidate": found.candidate, "title": found.assessment.title,
            "team_name": found.team.name if found.team is not None else "", "why": _why(role, found.team),
            "path": path, **more}


def _queue(session: Session, kind: str, found: Facts, people: Iterable[tuple[User, TeamRole]], path: str,
           **more: Any) -> int:
    people = list(people)
    off = set(session.exec(select(NoticeOptOut.user_id).where(
        col(NoticeOptOut.kind) == kind, col(NoticeOptOut.user_id).in_([user.id for user, _ in people]))).all())
    queued = 0
    for user, role in people:
        if user.id in off:
            continue
        row = mail_outbox.queue_notice(session, kind=kind, to_addr=user.email, invitation_id=found.invitation.id,
                                       details=_details(found, user, role, path, **more))
        queued += row is not None
    return queued


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _points(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


# ---------------------------------------------------------------------- who wants which


KIND_NAMES = {  # the console's E-mails page
    "review_assigned": "a candidate is assigned to me for review",
    "review_overdue": "a reminder when my review is overdue",
    "candidate_finished": "a candidate of my team finished (the report is ready)",
    "reviews_done": "all reviews of a candidate are in",
}
REVIEWER_KINDS = ("review_assigned", "review_overdue")
RECRUITER_KINDS = ("candidate_finished", "reviews_done")


def kinds_for(session: Session, user: User) -> list[str]:
    """The notices ``user`` may get, by their roles: a reviewer's (and an admin's, who may be assigned)
    and a recruiter's or hiring manager's."""
    roles = {m.role for m in memberships(session, user)}
    kinds: list[str] = []
    if user.is_admin or roles & ALLOWED[Action.REVIEW]:
        kinds += REVIEWER_KINDS
    if roles & (ALLOWED[Action.ASSIGN_REVIEWERS] | ALLOWED[Action.DECIDE]):
        kinds += RECRUITER_KINDS
    return [kind for kind in NOTICE_KINDS if kind in kinds]


def turned_off(session: Session, user: User) -> set[str]:
    return set(session.exec(select(NoticeOptOut.kind).where(col(NoticeOptOut.user_id) == user.id)).all())


def choose(session: Session, user: User, wanted: Iterable[str]) -> None:
    """``user`` wants the notices of ``wanted`` (among ``kinds_for`` them) and not the others."""
    keep = set(wanted)
    off = turned_off(session, user)
    for kind in kinds_for(session, user):
        row = session.get(NoticeOptOut, (user.id, kind))
        if kind in keep and row is not None:
            session.delete(row)
        elif kind not in keep and kind not in off:
            session.add(NoticeOptOut(user_id=user.id, kind=kind, created_at=utcnow()))
    session.flush()


# ---------------------------------------------------------------------- the candidate finished


def candidate_finished(session: Session, invitation: Invitation) -> int:
    """The candidate finished and every submission is graded: e-mail the recruiters (once per
    invitation). Returns the e-mails queued."""
    if not claim(session, f"candidate_finished:{invitation.id}", "candidate_finished", invitation.id):
        return 0
    found = facts(session, invitation)
    points, maximum = progress.score(session, invitation)
    score = f"{_points(points)} of {_points(maximum)} points"
    return _queue(session, "candidate_finished", found, recruiters(session, found.assessment.team_id,
                                                                   Action.ASSIGN_REVIEWERS),
                  REPORT_PATH.format(invitation_id=invitation.id), score=score,
                  finished_at=_iso(invitation.finished_at or invitation.deadline_at))


# ---------------------------------------------------------------------- reviews


def review_assigned(session: Session, *, assignment_id: str, invitation: Invitation, reviewer: User,
                    assigned_by: str, due_at: datetime | None, path: str) -> int:
    """A review of ``invitation`` was assigned to ``reviewer`` (by ``assigned_by``, a person's name):
    e-mail them (once per assignment). ``path``: the console page where they review."""
    if not reviewer.active or not claim(session, f"review_assigned:{assignment_id}", "review_assigned",
                                        assignment_id):
        return 0
    found = facts(session, invitation)
    return _queue(session, "review_assigned", found, [(reviewer, TeamRole.REVIEWER)], path,
                  assigner=" ".join(assigned_by.split()) or "Your hiring team", due_at=_iso(due_at))


def reviews_done(session: Session, *, invitation: Invitation, reviewers: list[str]) -> int:
    """Every review assigned for ``invitation`` is in (``reviewers``: their names): e-mail the recruiters
    (once per set of reviews: a reviewer assigned later and done later makes a new set)."""
    if not reviewers or not claim(session, f"reviews_done:{invitation.id}:{len(reviewers)}", "reviews_done",
                                  invitation.id):
        return 0
    found = facts(session, invitation)
    count = {1: "The review", 2: "Both reviews"}.get(len(reviewers), f"All {len(reviewers)} reviews")
    names = ", ".join(" ".join(name.split()) for name in reviewers)
    return _queue(session, "reviews_done", found, recruiters(session, found.assessment.team_id, Action.DECIDE),
                  review_path(invitation.id), reviews=count, are="is" if len(reviewers) == 1
                  else "are", reviewers=names)


def review_submitted(session: Session, *, invitation: Invitation, reviewer: User) -> None:
    """``reviewer`` submitted their review of ``invitation``: a reminder still pending is not sent."""
    mail_outbox.cancel_notices(session, invitation.id, "review_overdue", reviewer.email,
                               "not sent: the review was submitted")


def remind(session: Session, *, assignment_id: str, invitation: Invitation, reviewer: User, due_at: datetime,
           path: str, every_hours: float, now: datetime | None = None) -> bool:
    """Remind ``reviewer`` of their overdue review, unless a reminder of it went less than
    ``every_hours`` ago. True when this call queued it. Two processes racing for the same reminder
    compute the same key (its number), so only one queues it."""
    now = now or utcnow()
    if every_hours <= 0 or not reviewer.active:
        return False
    sent = session.exec(select(StaffNotice.created_at).where(
        col(StaffNotice.kind) == "review_overdue", col(StaffNotice.subject_id) == assignment_id)
        .order_by(col(StaffNotice.created_at).desc())).all()
    if sent and (now - _aware(sent[0])).total_seconds() < every_hours * 3600:
        return False
    if not claim(session, f"review_overdue:{assignment_id}:{len(sent) + 1}", "review_overdue", assignment_id, now):
        return False
    found = facts(session, invitation)
    _queue(session, "review_overdue", found, [(reviewer, TeamRole.REVIEWER)], path, due_at=_iso(due_at))
    return True


def _aware(moment: datetime) -> datetime:
    """A stored time (naive on SQLite and in ``timestamp`` columns) as aware UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def remind_overdue(session: Session, every_hours: float, now: datetime) -> int:
    """Remind every reviewer whose review is overdue (the job api.services.review_reminders runs this);
    returns the reminders queued."""
    queued = 0
    for assignment in assignments.overdue(session, now):
        invitation = session.get(Invitation, assignment.invitation_id)
        reviewer = session.get(User, assignment.user_id)
        if invitation is None or reviewer is None:
            continue
        if remind(session, assignment_id=assignment.id, invitation=invitation, reviewer=reviewer,
                  due_at=assignment.due_at, path=review_path(invitation.id), every_hours=every_hours, now=now):
            assignments.mark_reminded(session, assignment, now)
            queued += 1
    return queued


# ---------------------------------------------------------------------- the listeners of api.reviews


def review_path(invitation_id: str) -> str:
    """The console page where a reviewer scores the candidate: the report's Reviews section."""
    return REPORT_PATH.format(invitation_id=invitation_id) + "#reviews"


def _assigner(session: Session, assignment: ReviewAssignment) -> str:
    if assignment.assigned_by_user_id is not None:
        user = session.get(User, assignment.assigned_by_user_id)
        if user is not None:
            return user.name
    return "Your hiring team"


def on_assigned(session: Session, assignment: ReviewAssignment) -> None:
    invitation = session.get(Invitation, assignment.invitation_id)
    reviewer = session.get(User, assignment.user_id)
    if invitation is not None and reviewer is not None:
        review_assigned(session, assignment_id=assignment.id, invitation=invitation, reviewer=reviewer,
                        assigned_by=_assigner(session, assignment), due_at=assignment.due_at,
                        path=review_path(invitation.id))


def on_submitted(session: Session, review: Review) -> None:
    invitation = session.get(Invitation, review.invitation_id)
    reviewer = session.get(User, review.user_id)
    if invitation is not None and reviewer is not None:
        review_submitted(session, invitation=invitation, reviewer=reviewer)


def on_all_submitted(session: Session, invitation_id: str) -> None:
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        return
    done = [a for a in assignments.of_invitation(session, invitation_id) if a.submitted_at is not None]
    names = [user.name for a in done if (user := session.get(User, a.user_id)) is not None]
    reviews_done(session, invitation=invitation, reviewers=names)


def listen() -> None:
    """Register the listeners with api.reviews.hooks (once per process, whatever the number of apps)."""
    for listeners, listener in ((hooks.assigned, on_assigned), (hooks.submitted, on_submitted),
                                (hooks.all_submitted, on_all_submitted)):
        if listener not in listeners:
            listeners.append(listener)  # type: ignore[arg-type]
