"""What an ATS is told of a recorded decision: the ``decision.recorded`` event's data (decision, reason,
who decided, the final score, the reviewers' scorecard summary) as lines of a note (Lever) and as flat
key/value metadata (Greenhouse's test_status, Ashby's assessment.update).

The ATS knows the candidate's name, so nothing here is masked; nothing here names a candidate either:
the event carries identifiers, the decision and the reviewers' figures only.
"""

from __future__ import annotations

from typing import Any

Primitive = str | int | float | bool | None
LABELS = {"advance": "Advance", "reject": "Reject", "hold": "Hold", "strong_no": "Strong no", "no": "No",
          "yes": "Yes", "strong_yes": "Strong yes"}


def label(decision: str) -> str:
    return LABELS.get(decision, decision.capitalize())


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _recommendations(counts: dict[str, int]) -> str:
    return ", ".join(f"{label(name)} {count}" for name, count in counts.items() if count) or "none yet"


def scorecard_lines(scorecard: dict[str, Any] | None) -> list[str]:
    """The reviewers' figures, one line each ([] with no review assigned)."""
    if not scorecard:
        return []
    lines = [f"Reviews: {scorecard['reviews_submitted']} of {scorecard['reviews_assigned']} submitted"
             + (f", overall mean {_num(scorecard['overall_mean'])} / 4" if scorecard.get("overall_mean") else "")]
    for criterion in scorecard.get("criteria") or []:
        lines.append(f"- {criterion['label']}: mean {_num(criterion['mean'])} / 4, "
                     f"spread {_num(criterion['spread'])}" + (" (reviewers disagree)" if criterion.get("disagreement")
                                                               else ""))
    lines.append(f"Recommendations: {_recommendations(scorecard.get('recommendations') or {})}")
    return lines


def note_text(data: dict[str, Any]) -> str:
    """A note for the candidate's record (Lever): the decision first, then why, the score and the reviews."""
    when = str(data["decided_at"])[:16].replace("T", " ")
    lines = [f"Assay decision: {label(data['decision'])} (by {data['decided_by']}, {when} UTC)."]
    if data.get("reason"):
        lines.append(f"Reason: {data['reason']}")
    if data.get("score_percent") is not None:
        lines.append(f"Score: {_num(data['score_percent'])}%")
    lines += scorecard_lines(data.get("scorecard"))
    lines.append(f"Report: {data['report_url']}")
    return "\n".join(lines)


def metadata(data: dict[str, Any]) -> dict[str, Primitive]:
    """Flat key/value pairs (values are primitives): the decision, its reason, who and when, the reviews."""
    flat: dict[str, Primitive] = {
        "Decision": label(data["decision"]), "Decision reason": str(data.get("reason") or "")[:1000],
        "Decided by": data["decided_by"], "Decided at": str(data["decided_at"])[:19] + "Z"}
    scorecard = data.get("scorecard")
    if scorecard:
        flat["Reviews"] = f"{scorecard['reviews_submitted']} / {scorecard['reviews_assigned']}"
        flat["Reviewers' mean (of 4)"] = scorecard.get("overall_mean")
        for criterion in scorecard.get("criteria") or []:
            flat[f"{str(criterion['label'])[:80]} (mean of 4)"] = criterion["mean"]
            flat[f"{str(criterion['label'])[:80]} (spread)"] = criterion["spread"]
        flat["Recommendations"] = _recommendations(scorecard.get("recommendations") or {})
    return flat
