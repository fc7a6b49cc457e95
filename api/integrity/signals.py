"""Facts drawn from the recording, in plain words, each with the moment it links to in the playback.

Facts, never a verdict or a score: "62% of the final code arrived in 3 pastes from outside the workspace"
(the characters of the final code on lines found verbatim in those pastes), "away from the workspace 14
times, 23 minutes in all" (the window without focus or the page hidden, overlaps merged). Nothing
here changes a score; a person reads them beside the similarity findings. The reviewer's report and the
candidate's transparency report show the same list (``view``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from api.integrity import policy, recording
from api.models import Draft, Invitation, Submission
from api.services import assessments as assessment_service

MIN_LINE = 4  # characters: a shorter line of the final code is not counted as pasted


@dataclass
class Fact:
    text: str
    slug: str  # the problem whose playback it links to
    at_ms: int  # the moment (milliseconds since the start)


@dataclass
class ProblemRecording:
    slug: str
    title: str
    events: list[dict[str, Any]]  # pastes, focus and visibility (what the facts are drawn from)
    raw: list[str]  # every batch's JSON text, for the player
    marks: list[dict[str, Any]]  # runs and submissions: {t, kind, verdict, id}
    end_ms: int
    capped: bool = False
    anchors: list[dict[str, Any]] = field(default_factory=list)  # past the cap: the code of runs and submissions


@dataclass
class IntegrityView:
    signals: str
    ai_assistance: str
    ai_tools: str | None
    facts: list[Fact] = field(default_factory=list)
    problems: list[ProblemRecording] = field(default_factory=list)

    @property
    def recorded(self) -> bool:
        return any(p.raw for p in self.problems)

    def player_json(self) -> str:
        """The player's data as JSON text: each problem's events are its batches' texts joined as stored
        (the player sorts them by time)."""
        problems = []
        for p in self.problems:
            if not p.raw:
                continue
            head = json.dumps({"slug": p.slug, "title": p.title, "marks": p.marks, "end": p.end_ms,
                               "capped": p.capped}, separators=(",", ":"))
            parts = [text[1:-1] for text in p.raw if len(text) > 2]
            parts.extend(json.dumps(anchor, separators=(",", ":")) for anchor in p.anchors)
            events = ",".join(parts)
            problems.append(f'{head[:-1]},"events":[{events}]}}')
        return '{"problems":[' + ",".join(problems) + "]}"


def _minutes(ms: int) -> str:
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def away_intervals(events: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """When the candidate was away (the window without focus, or the page hidden), merged: (from, to)."""
    spans = sorted((e["t"] - int(e["d"]), e["t"]) for e in events
                   if e["k"] in ("f", "v") and isinstance(e.get("d"), int | float) and e["d"] > 0)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((max(0, start), end))
    return merged


def _covered(pastes: list[str], final: str) -> tuple[int, int]:
    """(characters of ``final`` on lines found verbatim in one of ``pastes``, characters of ``final``), spaces
    at the ends of lines not counted, nor lines shorter than MIN_LINE (a lone ``}`` or ``else:`` proves
    nothing). Linear in the sizes: the report of a 90-minute session stays fast."""
    pasted = {line.strip() for text in pastes for line in text.splitlines() if len(line.strip()) >= MIN_LINE}
    lines = [line.strip() for line in final.splitlines()]
    return sum(len(line) for line in lines if line in pasted), sum(len(line) for line in lines)


def _final_code(session: Session, invitation: Invitation, version_ids: dict[int, str]) -> dict[str, str]:
    final: dict[str, str] = {}
    rows = session.exec(select(Submission).where(col(Submission.invitation_id) == invitation.id,
                                                 col(Submission.kind) == "submission")
                        .order_by(col(Submission.created_at))).all()
    for row in rows:
        final[version_ids.get(row.problem_version_id, "")] = "\n".join(row.files.values())
    drafts = session.exec(select(Draft).where(col(Draft.invitation_id) == invitation.id)
                          .order_by(col(Draft.updated_at))).all()
    for draft in drafts:
        final.setdefault(draft.problem_slug, "\n".join(draft.files.values()))
    return final


def _runs_and_submissions(session: Session, invitation: Invitation) -> list[Submission]:
    return list(session.exec(select(Submission).where(col(Submission.invitation_id) == invitation.id)
                             .order_by(col(Submission.created_at))).all())


def _at(invitation: Invitation, row: Submission) -> int:
    assert invitation.started_at is not None
    return max(0, int((row.created_at - invitation.started_at).total_seconds() * 1000))


def _marks(rows: list[Submission], invitation: Invitation, version_ids: dict[int, str]
           ) -> dict[str, list[dict[str, Any]]]:
    marks: dict[str, list[dict[str, Any]]] = {}
    if invitation.started_at is None:
        return marks
    for row in rows:
        marks.setdefault(version_ids.get(row.problem_version_id, ""), []).append(
            {"t": _at(invitation, row), "kind": row.kind, "verdict": row.verdict, "id": row.id})
    return marks


def _anchors(session: Session, rows: list[Submission], invitation: Invitation, version_ids: dict[int, str],
             after: dict[str, datetime | None]) -> dict[str, list[dict[str, Any]]]:
    """Past the cap a problem's recording keeps at most a snapshot a minute, and past twice the cap no code
    at all, so the playback would show stale code at a run, at a submission and at the end. The code of
    every run and submission, and the last autosaved draft, are kept anyway (today's data, whatever the
    setting): for a capped problem (a key of ``after``) each one saved after its last change set
    (``after``'s value) goes into the playback as a snapshot at its moment (``{"k": "s", "r": 1}``), so the
    player shows what was run, submitted and left. Not before: a change set after it would not fit a text
    that differs by a key pressed meanwhile."""
    anchors: dict[str, list[dict[str, Any]]] = {}
    started = invitation.started_at
    if started is None or not after:
        return anchors
    saved = [(version_ids.get(row.problem_version_id, ""), row.language, row.files, row.created_at) for row in rows]
    drafts = session.exec(select(Draft).where(col(Draft.invitation_id) == invitation.id,
                                              col(Draft.problem_slug).in_(after))).all()
    saved.extend((draft.problem_slug, draft.language, draft.files, draft.updated_at) for draft in drafts)
    for slug, language, files, at in saved:
        if slug not in after or not files:
            continue
        last = after[slug]
        if last is None or at >= last:
            anchors.setdefault(slug, []).append({
                "t": max(0, int((at - started).total_seconds() * 1000)), "k": "s", "l": language,
                "d": "\n".join(files.values()), "r": 1})
    return anchors


def _paste_facts(slug: str, events: list[dict[str, Any]], final: str) -> list[Fact]:
    facts = []
    outside = [e for e in events if e["k"] == "p" and e.get("o")]
    inside = [e for e in events if e["k"] == "p" and not e.get("o")]
    if outside:
        chars = sum(int(e.get("n", 0)) for e in outside)
        texts = [e["x"] for e in outside if isinstance(e.get("x"), str)]
        text = (f"{len(outside)} paste{'s' if len(outside) != 1 else ''} from outside the workspace, "
                f"{chars:,} characters in all")
        covered, total = _covered(texts, final)
        if texts and total:
            share = round(100 * covered / total)
            text = (f"{share}% of the final code arrived in {len(outside)} paste{'s' if len(outside) != 1 else ''} "
                    f"from outside the workspace ({chars:,} characters pasted)")
        facts.append(Fact(text, slug, outside[0]["t"]))
    if inside:
        facts.append(Fact(f"{len(inside)} paste{'s' if len(inside) != 1 else ''} of text from the workspace "
                          "(the statement, the samples or the candidate's own code)", slug, inside[0]["t"]))
    return facts


def view(session: Session, invitation: Invitation) -> IntegrityView:
    """The integrity settings, facts and recordings of an invitation (the same for reviewer and candidate)."""
    settings = policy.of(session, invitation.assessment_id)
    declared = recording.declaration(session, invitation.id)
    result = IntegrityView(signals=settings.signals, ai_assistance=settings.ai_assistance,
                           ai_tools=declared.tools if declared else None)
    versions = assessment_service.problem_versions(session, invitation.assessment_id)
    version_ids = {v.id: v.slug for v in versions if v.id is not None}
    by_problem = recording.recorded(session, invitation.id)
    if not by_problem:
        return result
    final = _final_code(session, invitation, version_ids)
    capped = recording.capped_problems(session, invitation.id)
    rows = _runs_and_submissions(session, invitation)
    marks = _marks(rows, invitation, version_ids)
    anchors = _anchors(session, rows, invitation, version_ids,
                       recording.last_change_sets(session, invitation.id, capped))
    all_events: list[tuple[str, dict[str, Any]]] = []
    edits = 0
    for version in versions:
        problem = by_problem.get(version.slug, recording.Recorded())
        events = problem.signals
        edits += problem.edits
        problem_marks = marks.get(version.slug, [])
        end = max([e["t"] for e in events] + [m["t"] for m in problem_marks] + [0])
        result.problems.append(ProblemRecording(version.slug, version.title, events, problem.raw, problem_marks,
                                                end, version.slug in capped, anchors.get(version.slug, [])))
        result.facts.extend(_paste_facts(version.slug, events, final.get(version.slug, "")))
        all_events.extend((version.slug, e) for e in events)
    all_events.sort(key=lambda pair: pair[1]["t"])
    away = away_intervals([e for _, e in all_events])
    if away:
        total = sum(end - start for start, end in away)
        first = next((slug for slug, e in all_events if e["k"] in ("b", "h", "f", "v")), versions[0].slug)
        result.facts.append(Fact(f"Away from the workspace {len(away)} time{'s' if len(away) != 1 else ''}, "
                                 f"{_minutes(total)} in all (another window, tab or program)", first, away[0][0]))
    if settings.signals == "full" and edits:
        first_slug = next((p.slug for p in result.problems if p.raw), versions[0].slug)
        result.facts.append(Fact(f"{edits:,} edits recorded for playback", first_slug, 0))
    for slug in sorted(capped):
        result.facts.append(Fact("The recording reached its size limit: past that point it keeps a snapshot of "
                                 "the code at most once a minute", slug, 0))
    return result
