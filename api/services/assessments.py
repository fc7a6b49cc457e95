"""Assessments: a title, problems pinned to versions, a duration and the allowed languages."""

from __future__ import annotations

from sqlmodel import Session, col, select

from api.errors import NotFound, Unprocessable
from api.integrity import policy as integrity_policy
from api.models import Assessment, AssessmentProblem, ProblemVersion
from api.schemas import AssessmentCreate, AssessmentOut, AssessmentProblemOut
from api.scope import EVERY_TEAM, Scope
from api.services import anonymity
from api.services import problems as problem_service
from sandbox import all_languages


def create(session: Session, body: AssessmentCreate, key_id: int | None, team_id: str | None = None) -> Assessment:
    """A new assessment of team ``team_id`` (the caller chose it: api.services.team_choice)."""
    errors: list[dict[str, str]] = []
    versions: list[ProblemVersion] = []
    for index, ref in enumerate(body.problems):
        slug, _, pinned = ref.partition("@")
        try:
            versions.append(problem_service.get_version(session, slug, int(pinned) if pinned else None))
        except (NotFound, ValueError):
            errors.append({"field": f"problems.{index}", "message": f"no problem {ref!r}"})
    if len({v.slug for v in versions}) != len(versions):
        errors.append({"field": "problems", "message": "a problem is listed twice"})
    supported = set(all_languages())
    common = set(supported)
    for version in versions:
        common &= set(problem_service.summary(version).languages)
    languages = body.languages if body.languages is not None else sorted(common)
    for index, language in enumerate(languages):
        if language not in supported:
            errors.append({"field": f"languages.{index}", "message": f"unsupported language {language!r}"})
        elif language not in common:
            errors.append({"field": f"languages.{index}",
                           "message": f"{language!r} is not allowed by every problem of the assessment"})
    if not languages and not errors:
        errors.append({"field": "languages", "message": "no language is allowed by every problem"})
    if errors:
        raise Unprocessable("; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)
    assessment = Assessment(title=body.title, duration_minutes=body.duration_minutes, languages=list(languages),
                            created_by=key_id, team_id=team_id)
    session.add(assessment)
    session.flush()
    for position, version in enumerate(versions):
        assert version.id is not None
        session.add(AssessmentProblem(assessment_id=assessment.id, position=position,
                                      problem_version_id=version.id))
    if body.anonymised:
        anonymity.set_anonymised(session, assessment.id, True)
    integrity_policy.set_policy(session, assessment.id, body.integrity_signals, body.ai_assistance)
    session.flush()
    return assessment


def get(session: Session, assessment_id: str, scope: Scope = EVERY_TEAM) -> Assessment:
    """The assessment, if it exists in ``scope`` (another team's answers as a missing one: NotFound)."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or not scope.allows(assessment.team_id):
        raise NotFound(f"assessment {assessment_id!r} does not exist")
    return assessment


def _anonymised(session: Session, assessment_id: str) -> bool:
    return anonymity.is_anonymised(session, assessment_id)


def problem_versions(session: Session, assessment_id: str) -> list[ProblemVersion]:
    rows = session.exec(
        select(ProblemVersion)
        .join(AssessmentProblem, col(AssessmentProblem.problem_version_id) == ProblemVersion.id)
        .where(col(AssessmentProblem.assessment_id) == assessment_id)
        .order_by(col(AssessmentProblem.position))
        .options(problem_service.NO_PACKAGE)  # the package zip only where it is needed (package_of)
    ).all()
    return list(rows)


def out(session: Session, assessment: Assessment) -> AssessmentOut:
    signals, ai_assistance = integrity_policy.settings_of(session, assessment.id)
    return AssessmentOut(
        id=assessment.id, title=assessment.title, duration_minutes=assessment.duration_minutes,
        languages=assessment.languages, created_at=assessment.created_at,
        anonymised=_anonymised(session, assessment.id), team_id=assessment.team_id,
        integrity_signals=signals, ai_assistance=ai_assistance,
        problems=[
            AssessmentProblemOut(slug=v.slug, version=v.version, title=v.title,
                                 max_points=problem_service.summary(v).max_points)
            for v in problem_versions(session, assessment.id)
        ],
    )
