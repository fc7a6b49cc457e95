"""The reviews of a candidate in figures: per criterion every score, min, max, mean and whether the
reviewers disagree (a spread of ``DISAGREEMENT_SPREAD`` points or more); the overall mean; how many
reviews are in of how many assigned; the recommendations; and the suggestion of the pass threshold.

A pass threshold may only SUGGEST advance (an overall mean at or above it, every assigned review in):
it never suggests, let alone records, a rejection (EU AI Act, GDPR art. 22). The decision is a person's.

``summary(session, invitation_id)`` reads everything submitted, whoever asks: the caller applies the
blind rule (``api.reviews.scoring.may_see_scores``) before showing it to a person. The decision
webhook and the ATS integrations use it as it is.
"""

from __future__ import annotations

from statistics import fmean

from pydantic import BaseModel, Field
from sqlmodel import Session

from api.models import Invitation
from api.reviews import assignments, scorecards, scoring
from api.reviews.models import RECOMMENDATIONS

DISAGREEMENT_SPREAD = 2
POSITIVE = ("yes", "strong_yes")


class CriterionSummary(BaseModel):
    key: str
    name: str
    scores: list[int] = Field(description="every submitted score of this criterion, in reviewer order")
    mean: float | None
    min: int | None
    max: int | None
    spread: int | None = Field(description="max - min")
    disagreement: bool = Field(description=f"spread of {DISAGREEMENT_SPREAD} points or more")


class ReviewSummary(BaseModel):
    invitation_id: str
    criteria: list[CriterionSummary]
    overall_mean: float | None = Field(description="the mean of every submitted score, two decimals")
    reviews_submitted: int
    reviews_assigned: int
    recommendations: dict[str, int] = Field(description="strong_no, no, yes, strong_yes -> how many reviewers")
    disagreements: list[str] = Field(description="keys of the criteria reviewers disagree on, and "
                                                 "'recommendation' when some say yes and some no")
    pass_threshold: float | None
    suggestion: str | None = Field(description="'advance' when the overall mean reaches the pass threshold and "
                                               "every assigned review is in; never anything else")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summary(session: Session, invitation_id: str) -> ReviewSummary:
    """The candidate's reviews in figures (see the module's text)."""
    invitation = session.get(Invitation, invitation_id)
    assessment_id = invitation.assessment_id if invitation is not None else ""
    scorecard = scorecards.get(session, assessment_id)
    reviews = sorted(scoring.current(session, invitation_id).values(), key=lambda r: (r.submitted_at, r.id))
    rows = assignments.of_invitation(session, invitation_id)
    criteria = []
    everything: list[int] = []
    for criterion in scorecard.criteria:
        scores = [r.scores[criterion.key] for r in reviews if criterion.key in r.scores]
        everything.extend(scores)
        low, high = (min(scores), max(scores)) if scores else (None, None)
        spread = high - low if high is not None and low is not None else None
        criteria.append(CriterionSummary(
            key=criterion.key, name=criterion.name, scores=scores, mean=_round(fmean(scores)) if scores else None,
            min=low, max=high, spread=spread, disagreement=spread is not None and spread >= DISAGREEMENT_SPREAD))
    recommendations = {name: sum(1 for r in reviews if r.recommendation == name) for name in RECOMMENDATIONS}
    disagreements = [c.key for c in criteria if c.disagreement]
    positive = sum(recommendations[name] for name in POSITIVE)
    if positive and positive < len(reviews):
        disagreements.append("recommendation")
    overall = _round(fmean(everything)) if everything else None
    submitted = sum(1 for row in rows if row.submitted_at is not None)
    threshold = scorecard.pass_threshold
    suggestion = None
    if threshold is not None and overall is not None and overall >= threshold and rows and submitted == len(rows):
        suggestion = "advance"
    return ReviewSummary(invitation_id=invitation_id, criteria=criteria, overall_mean=overall,
                         reviews_submitted=submitted, reviews_assigned=len(rows), recommendations=recommendations,
                         disagreements=disagreements, pass_threshold=threshold, suggestion=suggestion)
