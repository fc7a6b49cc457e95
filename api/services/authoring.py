"""Authoring in the console (issue 25): who may write problems, saving the problem form as a new immutable
version, uploading an Assay or a Kattis/DOMjudge package, and moving an assessment to a newer version.

Problems belong to the whole Assay, not to a team: a person may author who has the author role in any
of their teams (or is an admin); a key of role author or admin may. Everything goes through the same
validation as ``POST /v1/problems`` (problemformat.package_loader.load_package on the package's zip).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import func
from sqlmodel import Session, col, select

from api.audit import AuditEvent
from api.auth import Staff
from api.errors import Forbidden, NotFound, Unprocessable
from api.models import Assessment, AssessmentProblem, Invitation, InvitationDraw, ProblemVersion
from api.people.teams import Action
from api.permissions import allowed
from api.scope import Scope
from api.services import authoring_verify
from api.services import problems as problem_service
from api.services.authoring_form import (
    FieldError,
    ProblemForm,
    field_of,
    message_of,
    package_files,
)
from api.services.authoring_models import VerifyRun
from api.services.packages import zip_files
from graders.judge import allowed_languages
from problemformat.archive import read_files
from problemformat.errors import PackageError
from problemformat.kattis.importer import convert
from problemformat.kattis.source import KattisImportError, KattisSource
from problemformat.package import Package
from problemformat.package_loader import load_package
from problemformat.statement_math import math_errors


def may_author(session: Session, staff: Staff) -> bool:
    """Whether ``staff`` may create and change problems (the author role in any of its teams, or admin)."""
    if staff.scope.teams is None:
        return allowed(session, staff, None, Action.AUTHOR)
    return any(allowed(session, staff, team_id, Action.AUTHOR) for team_id in staff.scope.teams)


def require_author(session: Session, staff: Staff) -> None:
    if not may_author(session, staff):
        raise Forbidden("writing problems needs the author role in a team (or an API key of role author), "
                        "or an admin")


class FormRefused(Exception):
    """The problem form (or an upload) was refused: every error, each with its field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Saved:
    version: ProblemVersion
    created: bool  # False: identical content, the existing version
    warnings: list[str] = field(default_factory=list)  # what an import could not convert


def base_package(session: Session, form: ProblemForm) -> Package | None:
    ref = form.base_ref()
    if ref is None:
        return None
    try:
        return problem_service.package_of(problem_service.get_version(session, *ref))
    except NotFound:
        raise FormRefused([FieldError("form", f"version {ref[1]} of {ref[0]} does not exist")]) from None


def _slug_errors(session: Session, form: ProblemForm) -> list[FieldError]:
    ref = form.base_ref()
    if ref is not None:
        if form.slug != ref[0]:
            return [FieldError("slug", "a problem keeps its slug; to make another problem, choose New problem")]
        return []
    exists = session.exec(select(func.count()).select_from(ProblemVersion)
                          .where(col(ProblemVersion.slug) == form.slug)).one()
    if exists:
        return [FieldError("slug", f"a problem “{form.slug}” exists already: open it and choose Edit, "
                                   "or pick another slug")]
    return []


def check_form(session: Session, form: ProblemForm) -> Package:
    """The package the form stands for, validated as an upload is; FormRefused lists every error."""
    base = base_package(session, form)
    files, errors = package_files(form, base)
    errors = _slug_errors(session, form) + errors
    errors += [FieldError("statement", f"not valid TeX (candidates would see it as text): {message}")
               for message in math_errors(form.statement)]
    package = None
    try:
        package = load_package(zip_files(files), filename=f"{form.slug or 'problem'}.zip")
    except PackageError as exc:
        errors += [FieldError(field_of(p, form), message_of(p)) for p in exc.problems]
    if errors or package is None:
        raise FormRefused(errors)
    return package


def save(session: Session, form: ProblemForm, key_id: int | None) -> Saved:
    """Store the form as the problem's next version (the caller audits and commits)."""
    version, created = problem_service.store(session, check_form(session, form), key_id)
    return Saved(version, created)


# ---------------------------------------------------------------------------------------------- uploads


def _is_assay_package(files: dict[str, bytes]) -> bool:
    try:
        document = yaml.safe_load(files.get("problem.yaml", b"").decode("utf-8", "replace"))
    except yaml.YAMLError:
        return True  # refused by the package checks, with the line of the YAML error
    return "problem.yaml" not in files or (isinstance(document, dict) and "schema" in document)


def upload(session: Session, data: bytes, filename: str, key_id: int | None) -> Saved:
    """An Assay package, or a Kattis / problemtools / DOMjudge package (converted as ``assay problems
    import-kattis`` does), stored as a new version; FormRefused (field ``file``) lists what is wrong."""
    try:
        files = read_files(data, filename=filename)
    except PackageError as exc:
        raise FormRefused([FieldError("file", str(p)) for p in exc.problems]) from None
    warnings: list[str] = []
    if not _is_assay_package(files):
        source = KattisSource(Path(filename), files=files)
        try:
            files = convert(source)
        except KattisImportError as exc:
            raise FormRefused([FieldError("file", p) for p in exc.problems]) from None
        warnings = list(source.warnings)
    try:
        package = load_package(zip_files(files), filename=filename)
    except PackageError as exc:
        raise FormRefused([FieldError("file", str(p)) for p in exc.problems]) from None
    version, created = problem_service.store(session, package, key_id)
    return Saved(version, created, warnings)


# ---------------------------------------------------------------------------------------------- assessments


@dataclass(frozen=True)
class Use:
    """An assessment (in the viewer's teams) that has the problem, at which version."""

    assessment: Assessment
    version: int
    started: bool  # a candidate has started it: it keeps its version


def uses(session: Session, slug: str, scope: Scope) -> list[Use]:
    rows = session.exec(
        select(Assessment, ProblemVersion.version)
        .join(AssessmentProblem, col(AssessmentProblem.assessment_id) == Assessment.id)
        .join(ProblemVersion, col(ProblemVersion.id) == AssessmentProblem.problem_version_id)
        .where(col(ProblemVersion.slug) == slug, scope.clause(Assessment.team_id))
        .order_by(col(Assessment.created_at).desc())).all()
    started = set(session.exec(select(Invitation.assessment_id)
                               .where(col(Invitation.assessment_id).in_([a.id for a, _ in rows]),
                                      col(Invitation.started_at).is_not(None))).all())
    return [Use(assessment, version, assessment.id in started) for assessment, version in rows]


def move(session: Session, assessment: Assessment, slug: str, version: int) -> tuple[int, int]:
    """Pin ``assessment``'s ``slug`` to ``version`` (the caller checked the right to change it, audits and
    commits); (old version, new version). Refused once a candidate has started: what they were given
    stays what their report shows."""
    target = problem_service.get_version(session, slug, version)
    rows = session.exec(
        select(AssessmentProblem, ProblemVersion)
        .join(ProblemVersion, col(ProblemVersion.id) == AssessmentProblem.problem_version_id)
        .where(col(AssessmentProblem.assessment_id) == assessment.id, col(ProblemVersion.slug) == slug)
        .options(problem_service.NO_PACKAGE)).all()
    if not rows:
        raise NotFound(f"the assessment “{assessment.title}” does not have the problem {slug}")
    old = rows[0][1]
    if old.id == target.id:
        raise Unprocessable(f"the assessment has version {version} already")
    started = session.exec(select(func.count()).select_from(Invitation).where(
        col(Invitation.assessment_id) == assessment.id, col(Invitation.started_at).is_not(None))).one()
    if started:
        raise Unprocessable(f"{started} candidate(s) have started “{assessment.title}”, and each keeps the version "
                            f"they were given: make a new assessment with version {version}")
    missing = sorted(set(assessment.languages) - set(allowed_languages(problem_service.manifest_of(target))))
    if missing and problem_service.summary(target).grader != "quiz":  # a quiz's answers are no language
        raise Unprocessable(f"version {version} does not allow {', '.join(missing)}, which the assessment offers")
    assert target.id is not None
    for link, _ in rows:
        link.problem_version_id = target.id
        session.add(link)
    draws = session.exec(select(InvitationDraw).join(Invitation, col(Invitation.id) == InvitationDraw.invitation_id)
                         .where(col(Invitation.assessment_id) == assessment.id,
                                col(InvitationDraw.problem_version_id) == old.id)).all()
    for draw in draws:
        draw.problem_version_id = target.id
        session.add(draw)
    session.flush()
    return old.version, target.version


@dataclass(frozen=True)
class VersionRow:
    """A version of a problem on its page: when it was made, its last verify run, the assessments on it."""

    version: ProblemVersion
    verify: VerifyRun | None
    uses: list[Use]


def version_rows(session: Session, slug: str, scope: Scope) -> list[VersionRow]:
    """Every version of the problem, newest first."""
    versions = session.exec(select(ProblemVersion).where(col(ProblemVersion.slug) == slug)
                            .order_by(col(ProblemVersion.version).desc())
                            .options(problem_service.NO_PACKAGE)).all()
    runs = authoring_verify.latest_by_version(session, slug)
    all_uses = uses(session, slug, scope)
    return [VersionRow(v, runs.get(v.version), [u for u in all_uses if u.version == v.version]) for v in versions]


def may_change(session: Session, staff: Staff, assessment: Assessment) -> bool:
    """Whether ``staff`` may move ``assessment`` to another version of a problem."""
    return allowed(session, staff, assessment.team_id, Action.CREATE_ASSESSMENT)


def import_warnings(session: Session, slug: str, version: int) -> list[str]:
    """What the console upload that made ``version`` could not convert from a Kattis package (kept with its
    audit record), for the problem's page right after the upload."""
    events = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "problem.uploaded",
                                                   col(AuditEvent.target_id) == slug)
                          .order_by(col(AuditEvent.id).desc()).limit(20)).all()
    for event in events:
        warnings = event.detail.get("warnings")
        if event.detail.get("version") == version and isinstance(warnings, list):
            return [str(w) for w in warnings]
    return []
