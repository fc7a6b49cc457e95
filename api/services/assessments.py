"""Assessments: a title, problems pinned to versions (in slots; a slot of several is a pool), a duration and
the allowed languages."""

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

POOL_SIZES = range(2, 11)  # a pool is 2-10 problems


def _resolve(session: Session, body: AssessmentCreate,
             errors: list[dict[str, str]]) -> list[list[ProblemVersion]]:
    """The problem versions of each slot (a slot of several is a pool); errors are appended to ``errors``."""
    slots: list[list[ProblemVersion]] = []
    for index, item in enumerate(body.problems):
        refs = [item] if isinstance(item, str) else item
        if not isinstance(item, str) and len(item) not in POOL_SIZES:
            errors.append({"field": f"problems.{index}", "message": "a pool has 2 to 10 problems"})
        slot: list[ProblemVersion] = []
        for ref in refs:
            slug, _, pinned = ref.partition("@")
            try:
                slot.append(problem_service.get_version(session, slug, int(pinned) if pinned else None))
            except (NotFound, ValueError):
                errors.append({"field": f"problems.{index}", "message": f"no problem {ref!r}"})
        slots.append(slot)
    return slots


def _languages(versions: list[ProblemVersion]) -> tuple[set[str], set[str]]:
    """(the general-purpose languages every program problem allows, the query languages the problems
    bring along). A problem that takes only a query language (an SQL question: sqlite) does not narrow
    the choice for the others; its language is added to the assessment's."""
    known = all_languages()
    common = {name for name, language in known.items() if language.general_purpose}
    own: set[str] = set()
    programs = False
    for version in versions:
        summary = problem_service.summary(version)
        if summary.grader == "quiz":  # a quiz's answers are no language of the assessment's
            continue
        allowed = set(summary.languages)
        special = {name for name in allowed if name in known and not known[name].general_purpose}
        own |= special
        if allowed - special:
            common &= allowed
            programs = True
    return (common if programs or not own else set()), own


def create(session: Session, body: AssessmentCreate, key_id: int | None, team_id: str | None = None) -> Assessment:
    """A new assessment of team ``team_id`` (the caller chose it: api.services.team_choice)."""
    errors: list[dict[str, str]] = []
    slots = _resolve(session, body, errors)
    versions = [version for slot in slots for version in slot]
    if len({v.slug for v in versions}) != len(versions):
        errors.append({"field": "problems", "message": "a problem is listed twice"})
    supported = set(all_languages())
    common, own = _languages(versions)
    languages = body.languages if body.languages is not None else sorted(common)
    for index, language in enumerate(languages):
        if language in own:
            continue
        if language not in supported:
            errors.append({"field": f"languages.{index}", "message": f"unsupported language {language!r}"})
        elif language not in common:
            errors.append({"field": f"languages.{index}",
                           "message": f"{language!r} is not allowed by every problem of the assessment"})
    if not languages and not own and not errors:
        errors.append({"field": "languages", "message": "no language is allowed by every problem"})
    if errors:
        raise Unprocessable("; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)
    languages = [*languages, *sorted(own - set(languages))]
    assessment = Assessment(title=body.title, duration_minutes=body.duration_minutes, languages=list(languages),
                            created_by=key_id, team_id=team_id)
    session.add(assessment)
    session.flush()
    position = 0
    for slot, alternatives in enumerate(slots):
        for version in alternatives:
            assert version.id is not None
            session.add(AssessmentProblem(assessment_id=assessment.id, position=position, slot=slot,
                                          problem_version_id=version.id))
            position += 1
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


def _slotted(session: Session, assessment_id: str) -> list[tuple[int, ProblemVersion]]:
    rows = session.exec(
        select(AssessmentProblem.slot, ProblemVersion)
        .join(AssessmentProblem, col(AssessmentProblem.problem_version_id) == ProblemVersion.id)
        .where(col(AssessmentProblem.assessment_id) == assessment_id)
        .order_by(col(AssessmentProblem.position))
        .options(problem_service.NO_PACKAGE)  # the package zip only where it is needed (package_of)
    ).all()
    return [(slot, version) for slot, version in rows]


def problem_versions(session: Session, assessment_id: str) -> list[ProblemVersion]:
    """Every problem of the assessment, pools' alternatives included (a candidate's own: api.services.pools)."""
    return [version for _, version in _slotted(session, assessment_id)]


def slots(session: Session, assessment_id: str) -> list[list[ProblemVersion]]:
    """The problems of each slot, in order: one problem, or several for a pool."""
    result: dict[int, list[ProblemVersion]] = {}
    for slot, version in _slotted(session, assessment_id):
        result.setdefault(slot, []).append(version)
    return [result[slot] for slot in sorted(result)]


def out(session: Session, assessment: Assessment) -> AssessmentOut:
    signals, ai_assistance = integrity_policy.settings_of(session, assessment.id)
    return AssessmentOut(
        id=assessment.id, title=assessment.title, duration_minutes=assessment.duration_minutes,
        languages=assessment.languages, created_at=assessment.created_at,
        anonymised=_anonymised(session, assessment.id), team_id=assessment.team_id,
        integrity_signals=signals, ai_assistance=ai_assistance,
        problems=[
            AssessmentProblemOut(slug=v.slug, version=v.version, title=v.title,
                                 max_points=problem_service.summary(v).max_points, slot=slot)
            for slot, v in _slotted(session, assessment.id)
        ],
    )
