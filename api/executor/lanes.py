"""Two lanes, one policy for both executors: runs ("Run on samples", custom input) ahead of gradings.

A run has someone waiting at the screen; a grading (a scored submission, a regrade) does not. Each
process has ``run_slots`` slots of its own for runs plus ``grading_slots`` shared ones:

- the run slots take runs only, so a run never waits behind a grading backlog;
- all but one of the grading slots take a run first and a grading when no run waits;
- the last grading slot takes gradings only, so gradings keep at least one slot of their own however
  many runs keep coming: they never starve.

A queued item's place in line is the number of items of its own lane that start before it (the lanes
are served independently by their own slots, so the other lane does not hold it up).
"""

from __future__ import annotations

from dataclasses import dataclass

RUNS = "runs"
GRADINGS = "gradings"


@dataclass(frozen=True)
class SlotGroup:
    """``slots`` slots that take the first waiting item of ``lanes``, in that order of preference."""

    name: str
    lanes: tuple[str, ...]
    slots: int


def lane_of(kind: str) -> str:
    """The lane of a stored Submission's ``kind`` ('run' or 'submission')."""
    return RUNS if kind == "run" else GRADINGS


def slot_groups(grading_slots: int, run_slots: int) -> list[SlotGroup]:
    """The slots of one process: ``run_slots`` for runs only, ``grading_slots - 1`` runs first, one
    gradings only."""
    if grading_slots < 1 or run_slots < 1:
        raise ValueError("each lane needs at least one slot")
    groups = [SlotGroup("run", (RUNS,), run_slots)]
    if grading_slots > 1:
        groups.append(SlotGroup("shared", (RUNS, GRADINGS), grading_slots - 1))
    groups.append(SlotGroup("grading", (GRADINGS,), 1))
    return groups
