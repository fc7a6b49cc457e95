"""An assessment's scorecard: a few criteria, each scored 1-4 with guidance text per level, and an
optional pass threshold. An assessment with no scorecard of its own uses ``DEFAULT``.

Who may change it: those who may create assessments or assign reviewers (``api.permissions``); the
caller checks. Changing the criteria keeps the reviews already submitted: a review's score of a
criterion that was removed is kept in the review but no longer counted in the summary.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session

from api import audit
from api.errors import Unprocessable
from api.models import utcnow
from api.reviews.models import Scorecard

LEVELS = (1, 2, 3, 4)
MAX_CRITERIA = 8
MAX_NAME = 60
MAX_GUIDANCE = 300
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class Criterion(BaseModel):
    key: str = Field(description="a short identifier: lower-case letters, digits, _ (scores are keyed by it)")
    name: str = Field(description="what reviewers see")
    guidance: list[str] = Field(description="what a 1, 2, 3 and 4 mean, in that order (four texts)")


class ScorecardData(BaseModel):
    criteria: list[Criterion]
    pass_threshold: float | None = Field(None, description="an overall mean at or above it SUGGESTS advance; "
                                                           "nothing is ever rejected automatically")
    is_default: bool = Field(False, description="true while the assessment uses the default scorecard")


DEFAULT = ScorecardData(is_default=True, criteria=[
    Criterion(key="correctness", name="Correctness", guidance=[
        "Fails most cases, or solves a different problem",
        "Handles the main case; misses important edge cases",
        "Correct on the cases that matter; a minor gap",
        "Correct and robust, edge cases handled on purpose"]),
    Criterion(key="code_quality", name="Code quality", guidance=[
        "Hard to follow: unclear names, tangled flow",
        "Readable in places; duplication or confusing structure",
        "Clear structure and names; small things to tidy",
        "Clean, idiomatic, easy to change"]),
    Criterion(key="testing", name="Testing", guidance=[
        "No sign of checking the code beyond the samples",
        "Some ad-hoc checks; edge cases untested",
        "Tested the main cases and some edge cases",
        "Systematic: edge cases, limits and failure paths checked"]),
    Criterion(key="communication", name="Communication", guidance=[
        "No explanation; intent has to be guessed",
        "Some comments or notes, partly unclear",
        "Explains the approach and trade-offs",
        "Clear, concise reasoning a teammate could act on"]),
])


def get(session: Session, assessment_id: str) -> ScorecardData:
    """The assessment's scorecard, or the default one."""
    row = session.get(Scorecard, assessment_id)
    if row is None:
        return DEFAULT.model_copy(deep=True)
    return ScorecardData(criteria=[Criterion.model_validate(c) for c in row.criteria],
                         pass_threshold=row.pass_threshold, is_default=False)


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def validate(criteria: list[dict[str, Any]] | list[Criterion], pass_threshold: float | None
             ) -> tuple[list[Criterion], float | None]:
    """The cleaned criteria and threshold, or Unprocessable listing every problem (field, message)."""
    errors: list[dict[str, str]] = []
    cleaned: list[Criterion] = []
    items = [c.model_dump() if isinstance(c, Criterion) else dict(c) for c in criteria]
    if not items:
        errors.append({"field": "criteria", "message": "add at least one criterion"})
    if len(items) > MAX_CRITERIA:
        errors.append({"field": "criteria", "message": f"at most {MAX_CRITERIA} criteria"})
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"criteria[{index}]"
        name = _clean(item.get("name", ""))
        key = str(item.get("key") or re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_"))
        if not name or len(name) > MAX_NAME:
            errors.append({"field": f"{where}.name", "message": f"a name of 1 to {MAX_NAME} characters is needed"})
        if not KEY.match(key):
            errors.append({"field": f"{where}.key", "message": "a key of lower-case letters, digits and _ "
                                                               "starting with a letter is needed"})
        elif key in seen:
            errors.append({"field": f"{where}.key", "message": f"the key {key!r} is used twice"})
        seen.add(key)
        guidance = [_clean(g) for g in item.get("guidance") or []]
        if len(guidance) != len(LEVELS):
            errors.append({"field": f"{where}.guidance", "message": "four guidance texts are needed (levels 1-4)"})
        elif any(not g or len(g) > MAX_GUIDANCE for g in guidance):
            errors.append({"field": f"{where}.guidance",
                           "message": f"each level's guidance needs 1 to {MAX_GUIDANCE} characters"})
        cleaned.append(Criterion(key=key, name=name, guidance=guidance))
    if pass_threshold is not None and not (LEVELS[0] <= pass_threshold <= LEVELS[-1]):
        errors.append({"field": "pass_threshold", "message": "a threshold between 1 and 4 (or none)"})
    if errors:
        raise Unprocessable("the scorecard was not saved: " + "; ".join(f"{e['field']}: {e['message']}"
                                                                       for e in errors), errors=errors)
    return cleaned, pass_threshold


def save(session: Session, staff: Any, assessment_id: str, criteria: list[dict[str, Any]] | list[Criterion],
         pass_threshold: float | None, *, via: str = "api") -> ScorecardData:
    """Set the assessment's scorecard (audited). The caller has checked the right to."""
    cleaned, threshold = validate(criteria, pass_threshold)
    row = session.get(Scorecard, assessment_id) or Scorecard(assessment_id=assessment_id, criteria=[])
    row.criteria = [c.model_dump() for c in cleaned]
    row.pass_threshold = threshold
    row.updated_at = utcnow()
    row.updated_by_user_id = getattr(staff, "user_id", None)
    row.updated_by_key_id = getattr(staff, "key_id", None)
    session.add(row)
    session.flush()
    audit.record(session, staff, "scorecard.updated", "assessment", assessment_id, via=via,
                 criteria=[c.key for c in cleaned], pass_threshold=threshold)
    return get(session, assessment_id)


def reset(session: Session, staff: Any, assessment_id: str, *, via: str = "api") -> ScorecardData:
    """Back to the default scorecard (audited)."""
    row = session.get(Scorecard, assessment_id)
    if row is not None:
        session.delete(row)
        session.flush()
        audit.record(session, staff, "scorecard.updated", "assessment", assessment_id, via=via, default=True)
    return DEFAULT.model_copy(deep=True)
